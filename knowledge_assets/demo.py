"""Demo knowledge assets: ~30 catalogued assets across every access level and kelompok keahlian (idempotent)."""

import datetime
import random

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Site

from corpu.access import AccessLevel
from corpu.mail import site_url
from people.demo import REVIEWER
from people.models import KelompokKeahlian, UnitKerja, User

from .models import (
    AssetApplication,
    AssetComment,
    AssetCounter,
    AssetRating,
    KnowledgeAssetAttachment,
    KnowledgeAssetPage,
    RelatedAsset,
)
from .setup import EXPERT_GROUP_NAME, ensure_knowledge_setup

PUB, ASN, INT = AccessLevel.PUBLIC, AccessLevel.ASN, AccessLevel.INTERNAL

# slug, title, type, kelompok (short), level, owner unit (internal narrowing), competency, form, source, channel,
# documentation method, tags, abstract
ASSETS = [
    (
        "sop-pengadaan-e-katalog",
        "SOP Pengadaan Barang/Jasa melalui E-Katalog",
        "sop",
        "Keuangan",
        ASN,
        None,
        "teknis",
        "eksplisit",
        "kelompok",
        "surat_edaran",
        "",
        "pengadaan|e-katalog|sop",
        "Langkah demi langkah pengadaan barang/jasa melalui katalog elektronik LKPP, dari perencanaan paket, "
        "negosiasi, hingga serah terima dan pembayaran.",
    ),
    (
        "sop-pengadaan-e-katalog-2023",
        "SOP Pengadaan melalui E-Katalog (versi 2023)",
        "sop",
        "Keuangan",
        ASN,
        None,
        "teknis",
        "eksplisit",
        "kelompok",
        "surat_edaran",
        "",
        "pengadaan|e-katalog",
        "Versi lama SOP pengadaan melalui e-katalog sebelum berlakunya katalog elektronik versi 6.",
    ),
    (
        "praktik-baik-e-kinerja-dinkes",
        "Praktik Baik Implementasi e-Kinerja di Dinas Kesehatan",
        "praktik_baik",
        "Kesehatan",
        PUB,
        None,
        "manajerial",
        "tacit",
        "kelompok",
        "rapat",
        "wawancara",
        "e-kinerja|sakip|kinerja",
        "Pengalaman Dinas Kesehatan menyelaraskan sasaran kinerja pegawai dengan indikator kinerja utama "
        "sehingga penilaian kinerja tuntas sebelum tenggat.",
    ),
    (
        "pelajaran-posyandu-digital",
        "Pelajaran dari Uji Coba Posyandu Digital di Puskesmas Paringin",
        "pembelajaran",
        "Kesehatan",
        ASN,
        None,
        "teknis",
        "tacit",
        "kelompok",
        "rapat",
        "dkt",
        "posyandu|stunting|digitalisasi",
        "Apa yang berhasil dan tidak ketika kader posyandu mencatat tumbuh kembang balita dengan aplikasi ponsel.",
    ),
    (
        "protokol-internal-kejadian-luar-biasa",
        "Protokol Internal Penanganan Kejadian Luar Biasa (KLB)",
        "sop",
        "Kesehatan",
        INT,
        "Dinas Kesehatan",
        "teknis",
        "eksplisit",
        "instansi",
        "surat_edaran",
        "",
        "klb|surveilans",
        "Alur koordinasi internal Dinas Kesehatan saat terjadi KLB, termasuk daftar kontak petugas surveilans.",
    ),
    (
        "modul-komunikasi-perubahan-perilaku",
        "Modul Komunikasi Perubahan Perilaku untuk Penyuluh Kesehatan",
        "modul",
        "Kesehatan",
        PUB,
        None,
        "sosial_kultural",
        "eksplisit",
        "eksternal",
        "kerja_sama",
        "",
        "penyuluhan|komunikasi",
        "Modul pelatihan penyuluh kesehatan masyarakat hasil kerja sama dengan Universitas Lambung Mangkurat.",
    ),
    (
        "studi-kasus-rumah-belajar-desa",
        "Studi Kasus Rumah Belajar Desa di Kecamatan Paringin",
        "studi_kasus",
        "Pendidikan",
        PUB,
        None,
        "sosial_kultural",
        "tacit",
        "kelompok",
        "rapat",
        "pengamatan",
        "literasi|desa|pendidikan",
        "Bagaimana rumah belajar desa meningkatkan kemampuan literasi siswa SD dengan relawan lokal.",
    ),
    (
        "panduan-asesmen-nasional-sd",
        "Panduan Teknis Persiapan Asesmen Nasional Sekolah Dasar",
        "panduan",
        "Pendidikan",
        ASN,
        None,
        "teknis",
        "eksplisit",
        "instansi",
        "surat_edaran",
        "",
        "asesmen|sekolah dasar",
        "Persiapan sarana, proktor, dan simulasi asesmen nasional bagi sekolah dasar di Kabupaten Balangan.",
    ),
    (
        "pelestarian-tradisi-lisan-dayak-deah",
        "Pendokumentasian Tradisi Lisan Dayak Deah",
        "studi_kasus",
        "Pendidikan",
        PUB,
        None,
        "sosial_kultural",
        "tacit",
        "eksternal",
        "kerja_sama",
        "wawancara",
        "kebudayaan|tradisi lisan",
        "Metode wawancara tetua adat untuk mendokumentasikan tradisi lisan sebagai bahan muatan lokal.",
    ),
    (
        "sop-perekaman-ktp-el-jemput-bola",
        "SOP Perekaman KTP-el Jemput Bola",
        "sop",
        "Kependudukan",
        ASN,
        None,
        "teknis",
        "eksplisit",
        "kelompok",
        "surat_edaran",
        "",
        "ktp-el|adminduk|pelayanan",
        "Prosedur layanan perekaman KTP-el keliling ke desa dan sekolah, termasuk kebutuhan perangkat dan jadwal.",
    ),
    (
        "praktik-baik-akta-kelahiran-rs",
        "Praktik Baik Penerbitan Akta Kelahiran Langsung di Rumah Sakit",
        "praktik_baik",
        "Kependudukan",
        PUB,
        None,
        "teknis",
        "tacit",
        "kelompok",
        "kerja_sama",
        "wawancara",
        "akta kelahiran|inovasi|pelayanan",
        "Kerja sama Disdukcapil dan RSUD agar bayi pulang dengan akta kelahiran dan kartu identitas anak.",
    ),
    (
        "pedoman-internal-verifikasi-data-kependudukan",
        "Pedoman Internal Verifikasi Data Kependudukan",
        "panduan",
        "Kependudukan",
        INT,
        "Dinas Kependudukan dan Pencatatan Sipil",
        "teknis",
        "eksplisit",
        "instansi",
        "rapat",
        "",
        "verifikasi|data",
        "Tata cara verifikasi silang data kependudukan untuk petugas Disdukcapil.",
    ),
    (
        "sop-pemeliharaan-rutin-jalan",
        "SOP Pemeliharaan Rutin Jalan Kabupaten",
        "sop",
        "Infrastruktur",
        ASN,
        None,
        "teknis",
        "eksplisit",
        "kelompok",
        "rapat",
        "",
        "jalan|pemeliharaan|sop",
        "Siklus inspeksi, penilaian kondisi, dan pemeliharaan rutin jalan kabupaten berbasis data kerusakan.",
    ),
    (
        "pelajaran-jembatan-gantung",
        "Pelajaran dari Pembangunan Jembatan Gantung Desa",
        "pembelajaran",
        "Infrastruktur",
        PUB,
        None,
        "teknis",
        "tacit",
        "kelompok",
        "rapat",
        "dkt",
        "jembatan|desa|konstruksi",
        "Catatan teknis dan sosial dari tiga proyek jembatan gantung: pemilihan lokasi, swakelola, dan perawatan.",
    ),
    (
        "video-uji-kepadatan-tanah",
        "Video Tutorial Uji Kepadatan Tanah Metode Sand Cone",
        "video",
        "Infrastruktur",
        ASN,
        None,
        "teknis",
        "eksplisit",
        "kelompok",
        "media_lainnya",
        "pengamatan",
        "laboratorium|tanah|video",
        "Demonstrasi uji sand cone di lapangan beserta perhitungan derajat kepadatan.",
    ),
    (
        "harga-satuan-internal-pupr",
        "Analisis Harga Satuan Pekerjaan Internal Dinas PUPR 2026",
        "panduan",
        "Infrastruktur",
        INT,
        "Dinas PUPR",
        "teknis",
        "eksplisit",
        "instansi",
        "rapat",
        "",
        "harga satuan|rab",
        "Dasar perhitungan harga satuan pekerjaan konstruksi yang dipakai penyusun RAB Dinas PUPR.",
    ),
    (
        "catatan-rapat-kk-infrastruktur",
        "Catatan Diskusi Kelompok Keahlian tentang Drainase Perkotaan",
        "pembelajaran",
        "Infrastruktur",
        INT,
        None,
        "teknis",
        "tacit",
        "kelompok",
        "rapat",
        "dkt",
        "drainase|banjir",
        "Ringkasan diskusi terpumpun anggota kelompok keahlian mengenai genangan di Paringin.",
    ),
    (
        "policy-brief-sipd-perencanaan",
        "Ringkasan Kebijakan: Sinkronisasi Perencanaan melalui SIPD",
        "policy_brief",
        "Perencanaan",
        PUB,
        None,
        "manajerial",
        "eksplisit",
        "instansi",
        "surat_edaran",
        "",
        "sipd|perencanaan|musrenbang",
        "Rekomendasi agar usulan musrenbang, renja, dan APBD selaras di SIPD.",
    ),
    (
        "praktik-baik-musrenbang-inklusif",
        "Praktik Baik Musrenbang Inklusif bagi Perempuan dan Disabilitas",
        "praktik_baik",
        "Perencanaan",
        PUB,
        None,
        "sosial_kultural",
        "tacit",
        "kelompok",
        "rapat",
        "dkt",
        "musrenbang|inklusi|gender",
        "Cara Bappeda menghadirkan suara perempuan, anak, dan penyandang disabilitas dalam musrenbang kecamatan.",
    ),
    (
        "studi-kasus-data-kemiskinan",
        "Studi Kasus Pemutakhiran Data Kemiskinan Terpadu",
        "studi_kasus",
        "Perencanaan",
        ASN,
        None,
        "teknis",
        "eksplisit",
        "eksternal",
        "internet",
        "",
        "kemiskinan|data",
        "Pemanfaatan data P3KE dan DTKS untuk penargetan program pengentasan kemiskinan.",
    ),
    (
        "panduan-penyusunan-idp",
        "Panduan Penyusunan Individual Development Plan (IDP) ASN",
        "panduan",
        "Manajemen ASN",
        ASN,
        None,
        "manajerial",
        "eksplisit",
        "instansi",
        "surat_edaran",
        "",
        "idp|pengembangan kompetensi|20 jp",
        "Langkah menyusun rencana pengembangan individu yang selaras dengan kebutuhan jabatan dan target 20 JP.",
    ),
    (
        "praktik-baik-coaching-mentoring",
        "Praktik Baik Coaching dan Mentoring di Lingkungan BKPSDM",
        "praktik_baik",
        "Manajemen ASN",
        PUB,
        None,
        "manajerial",
        "tacit",
        "kelompok",
        "rapat",
        "komunitas",
        "coaching|mentoring|pembelajaran",
        "Pengalaman atasan langsung menjadi coach bagi pegawai baru selama enam bulan pertama.",
    ),
    (
        "sop-verifikasi-jp",
        "SOP Verifikasi Jam Pelajaran (JP) Pengembangan Kompetensi",
        "sop",
        "Manajemen ASN",
        INT,
        "BKPSDM",
        "teknis",
        "eksplisit",
        "instansi",
        "surat_edaran",
        "",
        "jp|verifikasi",
        "Prosedur verifikator BKPSDM memeriksa bukti dukung dan menghitung konversi JP.",
    ),
    (
        "modul-orientasi-pppk",
        "Modul Orientasi PPPK Kabupaten Balangan",
        "modul",
        "Manajemen ASN",
        ASN,
        None,
        "sosial_kultural",
        "eksplisit",
        "instansi",
        "kerja_sama",
        "",
        "pppk|orientasi|berakhlak",
        "Materi orientasi nilai dasar BerAKHLAK dan budaya kerja bagi PPPK yang baru diangkat.",
    ),
    (
        "pelajaran-audit-dana-desa",
        "Pelajaran dari Audit Pengelolaan Dana Desa",
        "pembelajaran",
        "Pengawasan",
        ASN,
        None,
        "teknis",
        "tacit",
        "kelompok",
        "rapat",
        "wawancara",
        "dana desa|audit|akuntabilitas",
        "Temuan berulang dalam audit dana desa dan cara pendampingan agar tidak terulang.",
    ),
    (
        "kertas-kerja-internal-reviu-lkpd",
        "Kertas Kerja Reviu Laporan Keuangan (Internal Inspektorat)",
        "panduan",
        "Pengawasan",
        INT,
        "Inspektorat",
        "teknis",
        "eksplisit",
        "instansi",
        "rapat",
        "",
        "reviu|lkpd",
        "Templat kertas kerja reviu LKPD yang dipakai auditor Inspektorat.",
    ),
    (
        "policy-brief-zona-integritas",
        "Ringkasan Kebijakan: Menuju Zona Integritas WBK",
        "policy_brief",
        "Pengawasan",
        PUB,
        None,
        "manajerial",
        "eksplisit",
        "eksternal",
        "media_massa",
        "",
        "zona integritas|wbk|reformasi birokrasi",
        "Enam area perubahan zona integritas dan langkah cepat bagi unit kerja yang diusulkan.",
    ),
    (
        "praktik-baik-rekonsiliasi-aset",
        "Praktik Baik Rekonsiliasi Aset Tetap Antar-OPD",
        "praktik_baik",
        "Keuangan",
        ASN,
        None,
        "teknis",
        "tacit",
        "kelompok",
        "rapat",
        "dkt",
        "aset|rekonsiliasi|bmd",
        "Cara BPKAD dan pengurus barang OPD menuntaskan selisih saldo aset tetap setiap semester.",
    ),
    (
        "studi-kasus-pad-pajak-restoran",
        "Studi Kasus Peningkatan PAD dari Pajak Restoran dengan Tapping Box",
        "studi_kasus",
        "Keuangan",
        PUB,
        None,
        "teknis",
        "eksplisit",
        "eksternal",
        "kerja_sama",
        "pengamatan",
        "pad|pajak daerah|digitalisasi",
        "Pemasangan alat perekam transaksi di restoran dan dampaknya pada penerimaan pajak daerah.",
    ),
    (
        "pedoman-internal-penyusunan-apbd",
        "Pedoman Internal Penyusunan RKA dan DPA",
        "panduan",
        "Keuangan",
        INT,
        None,
        "teknis",
        "eksplisit",
        "instansi",
        "surat_edaran",
        "",
        "apbd|rka|dpa",
        "Tahapan dan jadwal internal penyusunan RKA-DPA bagi pengelola keuangan OPD.",
    ),
]

KELOMPOK_SHORT = {
    "Kesehatan": "KK Kesehatan Masyarakat",
    "Pendidikan": "KK Pendidikan dan Kebudayaan",
    "Kependudukan": "KK Administrasi Kependudukan",
    "Infrastruktur": "KK Infrastruktur dan Jalan",
    "Perencanaan": "KK Perencanaan Pembangunan",
    "Manajemen ASN": "KK Manajemen ASN",
    "Pengawasan": "KK Pengawasan dan Akuntabilitas",
    "Keuangan": "KK Keuangan dan Aset Daerah",
}

COMMENTS = [
    "Sangat membantu, langsung kami pakai di bidang kami.",
    "Mohon ditambahkan contoh formulir yang sudah diisi.",
    "Ringkas dan jelas. Terima kasih tim kelompok keahlian.",
    "Apakah sudah sesuai dengan peraturan terbaru?",
]
OUTCOMES = [
    "Waktu penyelesaian berkurang dari 10 hari menjadi 4 hari kerja.",
    "Diterapkan di bidang kami; temuan berulang turun.",
    "Kami sesuaikan untuk kegiatan di kecamatan, hasilnya baik.",
]


def minimal_pdf(title):
    """A tiny valid one-page PDF with the title as text."""
    text = title.replace("(", "[").replace(")", "]")[:80]
    stream = f"BT /F1 14 Tf 50 780 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def body_for(abstract, asset_type):
    blocks = [
        ("heading", "Latar belakang"),
        ("paragraph", f"<p>{abstract}</p>"),
        ("heading", "Langkah utama" if asset_type in ("sop", "panduan") else "Pembelajaran utama"),
        (
            "paragraph",
            "<ol><li>Identifikasi kebutuhan dan pemangku kepentingan.</li><li>Dokumentasikan proses serta "
            "bukti dukung.</li><li>Evaluasi hasil dan bagikan kepada kelompok keahlian.</li></ol>",
        ),
    ]
    if asset_type in ("sop", "panduan"):
        blocks.append(
            (
                "table",
                {
                    "caption": "Ringkasan tahapan",
                    "header": ["Tahap", "Pelaksana", "Waktu"],
                    "rows": [
                        ["Perencanaan", "Pejabat pembuat komitmen", "1 hari"],
                        ["Pelaksanaan", "Tim teknis", "3 hari"],
                        ["Pelaporan", "Kepala bidang", "1 hari"],
                    ],
                },
            )
        )
    blocks.append(("quote", "Pengetahuan yang dibagikan adalah pengetahuan yang lestari."))
    return blocks


def seed(out):
    rng = random.Random(68)
    home = Site.objects.get(is_default_site=True).root_page
    catalogue = ensure_knowledge_setup(home)
    for expert in User.objects.filter(username=REVIEWER):  # the named expert of "Revidu pakar"
        expert.groups.add(Group.objects.get(name=EXPERT_GROUP_NAME))
    kelompok = {k.nama: k for k in KelompokKeahlian.objects.all()}
    members = {
        name: list(User.objects.filter(keanggotaan__kelompok=obj).order_by("username"))
        for name, obj in kelompok.items()
    }
    ketua = {
        name: User.objects.filter(keanggotaan__kelompok=obj, keanggotaan__peran="ketua").first()
        for name, obj in kelompok.items()
    }
    readers = list(User.objects.filter(username__startswith="pegawai").order_by("username")) + list(
        User.objects.filter(username__in=["asn", "clo", "akademisi"])
    )
    Document = get_document_model()
    today = datetime.date.today()
    created = {}
    for index, row in enumerate(ASSETS):
        slug, title, asset_type, short, level, unit, competency, form, source, channel, method, tags, abstract = row
        existing = KnowledgeAssetPage.objects.filter(slug=slug).first()
        if existing:
            created[slug] = existing
            continue
        kk = kelompok.get(KELOMPOK_SHORT[short])
        published = timezone.now() - datetime.timedelta(days=30 + 23 * index)
        asset = KnowledgeAssetPage(
            title=title,
            slug=slug,
            abstract=abstract,
            body=body_for(abstract, asset_type),
            asset_type=asset_type,
            knowledge_form=form,
            source=source,
            source_channel=channel,
            documentation_method=method,
            competency=competency,
            access_level=level,
            owner_kelompok=kk,
            owner_unit=UnitKerja.objects.filter(nama=unit, depth=1).first() if unit else None,
            review_by=today + datetime.timedelta(days=rng.choice([-60, -10, 120, 365, 540])),
            first_published_at=published,
        )
        asset.tags.add(*tags.split("|"))
        authors = members.get(KELOMPOK_SHORT[short], [])[:2]
        asset.authors.set(authors)
        if index % 3 != 2:
            document = Document(title=f"{title} (PDF)")
            document.file.save(f"{slug}.pdf", ContentFile(minimal_pdf(title)), save=False)
            document._set_document_file_metadata()
            document.save()
            asset.attachments.add(KnowledgeAssetAttachment(document=document, caption="Dokumen lengkap (PDF)"))
        catalogue.add_child(instance=asset)
        # written by members, published after revidu by the ketua of the kelompok keahlian
        revision = asset.save_revision(user=authors[0] if authors else None)
        revision.publish(user=ketua.get(KELOMPOK_SHORT[short]))
        created[slug] = asset

        # reader activity: views, downloads, ratings, comments, applications
        AssetCounter.objects.update_or_create(
            page=asset, defaults={"views": rng.randint(5, 400), "downloads": rng.randint(0, 80)}
        )
        for reader in rng.sample(readers, k=min(len(readers), rng.randint(0, 6))):
            if asset.is_visible_to(reader):
                AssetRating.objects.get_or_create(page=asset, user=reader, defaults={"score": rng.randint(2, 5)})
        if index % 4 == 0 and readers:
            reader = rng.choice(readers)
            if asset.is_visible_to(reader):
                AssetComment.objects.create(page=asset, user=reader, text=rng.choice(COMMENTS))
        if index % 3 == 0 and readers:
            for reader in rng.sample(readers, k=min(len(readers), rng.randint(1, 3))):
                if asset.is_visible_to(reader):
                    AssetApplication.objects.get_or_create(
                        page=asset, user=reader, defaults={"outcome": rng.choice(OUTCOMES)}
                    )

    old, new = created.get("sop-pengadaan-e-katalog-2023"), created.get("sop-pengadaan-e-katalog")
    if old and new and old.superseded_by_id != new.pk:
        old.superseded_by = new
        old.save_revision().publish()
    for source, target in [
        ("sop-pengadaan-e-katalog", "praktik-baik-rekonsiliasi-aset"),
        ("praktik-baik-e-kinerja-dinkes", "panduan-penyusunan-idp"),
        ("sop-pemeliharaan-rutin-jalan", "pelajaran-jembatan-gantung"),
        ("policy-brief-sipd-perencanaan", "praktik-baik-musrenbang-inklusif"),
    ]:
        missing = source in created and target in created
        if missing and not RelatedAsset.objects.filter(page=created[source], target=created[target]).exists():
            page = created[source]
            page.related_links.add(RelatedAsset(target=created[target]))
            page.save_revision().publish()

    seed_pending_review(catalogue, kelompok.get("KK Infrastruktur dan Jalan"), members)
    total = KnowledgeAssetPage.objects.live().count()
    out.write(
        f"Aset pengetahuan: {total} terbit di {site_url(catalogue.url)}; 1 draf menunggu revidu pakar "
        "(ketua KK Infrastruktur dan Jalan: kadis.pupr)."
    )


def seed_pending_review(catalogue, kelompok, members):
    """A member's draft submitted to the "Revidu pakar" workflow, waiting for the ketua."""
    slug = "praktik-baik-pengawasan-jalan-drone"
    if kelompok is None or KnowledgeAssetPage.objects.filter(slug=slug).exists():
        return
    submitter = next(
        (user for user in members.get(kelompok.nama, []) if user.username.startswith("pegawai")),
        None,
    )
    if submitter is None:
        return
    asset = KnowledgeAssetPage(
        title="Praktik Baik Pengawasan Jalan dengan Drone",
        slug=slug,
        abstract="Pemanfaatan foto udara drone untuk memantau progres dan kualitas pekerjaan jalan.",
        body=body_for("Pemanfaatan foto udara drone untuk pengawasan pekerjaan jalan.", "praktik_baik"),
        asset_type="praktik_baik",
        competency="teknis",
        access_level=AccessLevel.ASN,
        owner_kelompok=kelompok,
        live=False,
    )
    asset.authors.set([submitter])
    catalogue.add_child(instance=asset)
    asset.save_revision(user=submitter)
    workflow = asset.get_workflow()
    if workflow is not None:
        workflow.start(asset, submitter)
