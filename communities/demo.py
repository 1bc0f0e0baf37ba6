"""Demo communities of practice: three komunitas belajar with Indonesian threads, one solved and promoted to a
draft knowledge asset, and a recorded session that put JP into the attendees' ledgers. Idempotent."""

import datetime

from django.utils import timezone
from wagtail.models import Site

from corpu.access import AccessLevel
from people.models import KelompokKeahlian, User

from . import services
from .models import Category, CommunityIndexPage, CommunityPage, CopSession, JoinMode, Thread

COMMUNITIES = [
    {
        "title": "Komunitas Jalan dan Jembatan",
        "slug": "jalan-dan-jembatan",
        "purpose": (
            "Ruang berbagi pengalaman teknis pemeliharaan jalan dan jembatan kabupaten: perhitungan kebutuhan "
            "material, pengawasan lapangan, dan penanganan darurat. Dikelola KK Infrastruktur dan Jalan."
        ),
        "level": AccessLevel.ASN,
        "kelompok": "KK Infrastruktur dan Jalan",
        "join_mode": JoinMode.OPEN,
        "moderators": ["kadis.pupr", "pegawai08"],
        "members": ["pegawai10", "pegawai26", "pegawai28", "asn"],
        "categories": ["Pemeliharaan rutin", "Pengawasan lapangan", "Tanggap darurat"],
    },
    {
        "title": "Komunitas Promosi Kesehatan Masyarakat",
        "slug": "promosi-kesehatan",
        "purpose": (
            "Diskusi terbuka tentang strategi promosi kesehatan, posyandu, dan pencegahan stunting. Siapa pun "
            "boleh membaca; bergabung untuk berdiskusi dengan persetujuan moderator."
        ),
        "level": AccessLevel.PUBLIC,
        "kelompok": "KK Kesehatan Masyarakat",
        "join_mode": JoinMode.APPROVAL,
        "moderators": ["kadis.kesehatan", "akademisi"],
        "members": ["pegawai11", "pegawai29"],
        "categories": ["Posyandu", "Stunting"],
    },
    {
        "title": "Forum Internal Pengelola Kompetensi ASN",
        "slug": "pengelola-kompetensi-asn",
        "purpose": (
            "Forum internal anggota KK Manajemen ASN untuk menyamakan praktik penyusunan IDP, verifikasi JP, "
            "dan pelaporan pengembangan kompetensi ke MyASN."
        ),
        "level": AccessLevel.INTERNAL,
        "kelompok": "KK Manajemen ASN",
        "join_mode": JoinMode.APPROVAL,
        "moderators": ["clo"],
        "members": ["pegawai04", "pegawai05", "pegawai22"],
        "categories": ["IDP", "JP dan MyASN"],
    },
]

# community slug → threads: (title, category, author, body, [(author, body)], accepted reply index or None)
THREADS = {
    "jalan-dan-jembatan": [
        (
            "Cara menghitung kebutuhan aspal untuk tambal sulam (patching) jalan kabupaten",
            "Pemeliharaan rutin",
            "pegawai26",
            "Rekan-rekan, untuk usulan pemeliharaan rutin tahun depan kami perlu menghitung kebutuhan aspal "
            "*hotmix* untuk tambal sulam di ruas Paringin–Halong. Data lubang sudah kami inventarisasi "
            "(panjang × lebar × kedalaman). Bagaimana rumus praktis yang biasa dipakai, termasuk faktor "
            "pemadatan dan kehilangan material?",
            [
                (
                    "pegawai10",
                    "Kami biasa memakai: **volume padat = Σ (p × l × t)** per lubang, lalu "
                    "**berat = volume padat × berat isi padat** (± 2,3 ton/m³ untuk AC-WC). Tambahkan faktor "
                    "kehilangan 5–10% untuk pengangkutan dan sisa di alat.\n\n"
                    "Contoh: 120 lubang rata-rata 0,8 × 0,6 × 0,05 m = 2,88 m³ → 6,62 ton → dengan 7,5% "
                    "kehilangan ≈ **7,1 ton**. Jangan lupa *tack coat* 0,2–0,3 liter/m² di permukaan lubang.",
                ),
                (
                    "pegawai28",
                    "Setuju dengan @pegawai10. Satu catatan lapangan: potong lubang berbentuk segi empat dulu "
                    "sebelum diukur, karena luas setelah dipotong biasanya 20–30% lebih besar dari luas lubang "
                    "awal. Itu sering membuat kebutuhan material meleset.",
                ),
                (
                    "pegawai08",
                    "Terima kasih, ini layak dijadikan pengetahuan bersama. Saya usulkan diangkat menjadi aset "
                    "pengetahuan agar bisa dipakai bidang lain.",
                ),
            ],
            0,
        ),
        (
            "Pengalaman memakai drone untuk inspeksi jembatan rangka baja",
            "Pengawasan lapangan",
            "pegawai28",
            "Apakah ada yang sudah mencoba inspeksi visual jembatan rangka baja dengan drone? Kami ingin tahu "
            "pengaturan ketinggian terbang dan cara mendokumentasikan temuan korosi agar mudah dibandingkan "
            "antar tahun.",
            [
                (
                    "kadis.pupr",
                    "Kami mulai tahun lalu. Terbang 5–8 m dari elemen, foto tiap buhul dengan nomor elemen sesuai "
                    "gambar *as-built*, lalu simpan di folder per tahun. Perbandingan jadi jauh lebih mudah.",
                ),
            ],
            None,
        ),
    ],
    "promosi-kesehatan": [
        (
            "Ide kegiatan posyandu remaja agar kehadiran meningkat",
            "Posyandu",
            "pegawai11",
            "Kehadiran posyandu remaja di wilayah kami turun setelah tahun ajaran baru. Ada pengalaman "
            "kegiatan yang menarik minat remaja?",
            [
                (
                    "akademisi",
                    "Coba gabungkan dengan kegiatan yang mereka sukai: kelas olahraga singkat, konsultasi "
                    "gizi dengan kuis berhadiah kecil, dan libatkan OSIS sebagai duta. Jadwalkan di luar jam "
                    "sekolah.",
                ),
                ("pegawai29", "Di puskesmas kami, pengumuman lewat grup WhatsApp kelas sangat membantu."),
            ],
            None,
        ),
    ],
    "pengelola-kompetensi-asn": [
        (
            "Verifikasi JP komunitas belajar: bukti dukung apa yang diminta?",
            "JP dan MyASN",
            "pegawai04",
            "Saat memverifikasi JP dari komunitas belajar, apakah cukup daftar hadir sesi, atau perlu notulen "
            "juga? Mohon disamakan agar tidak berbeda antar perangkat daerah.",
            [
                (
                    "clo",
                    "Sesi yang dicatat moderator di CorpU otomatis menjadi entri JP terverifikasi dengan batas "
                    "harian sesuai peraturan. Untuk kegiatan di luar CorpU, minta surat keterangan dari "
                    "penyelenggara beserta notulen singkat.",
                ),
            ],
            0,
        ),
    ],
}


def user(username):
    return User.objects.filter(username=username).first()


def community_index(home):
    index = CommunityIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=CommunityIndexPage(
                title="Komunitas Belajar",
                slug="komunitas",
                show_in_menus=True,
                intro="<p>Komunitas praktik (<em>community of practice</em>) tempat ASN berbagi pengetahuan "
                "tersirat, dimoderasi kelompok keahlian. Sesi komunitas tercatat sebagai JP.</p>",
            )
        )
        index.save_revision().publish()
    return index


def community(index, spec):
    page = CommunityPage.objects.filter(slug=spec["slug"]).first()
    if page is None:
        page = CommunityPage(
            title=spec["title"],
            slug=spec["slug"],
            purpose=spec["purpose"],
            access_level=spec["level"],
            owner_kelompok=KelompokKeahlian.objects.filter(nama=spec["kelompok"]).first(),
            join_mode=spec["join_mode"],
        )
        index.add_child(instance=page)
        page.moderators.set([u for u in map(user, spec["moderators"]) if u])
        page.save_revision().publish()
        page.refresh_from_db()
    for order, name in enumerate(spec["categories"]):
        Category.objects.get_or_create(community=page, name=name, defaults={"order": order})
    for username in spec["moderators"] + spec["members"]:
        member = user(username)
        if member is not None and services.can_read(member, page):
            membership = services.join(member, page)
            if membership.status != "active":
                services.approve_membership(user(spec["moderators"][0]), membership)
    return page


def threads(page, rows):
    made = []
    moderator = page.moderators.first()
    for title, category, author, body, replies, accepted in rows:
        thread = Thread.objects.filter(community=page, title=title).first()
        if thread is None:
            thread = services.create_thread(
                user(author), page, title, body, category=Category.objects.get(community=page, name=category)
            )
            posts = [services.add_reply(user(who), thread, text) for who, text in replies]
            if posts:
                services.toggle_reaction(user(author), posts[0], "membantu")
            if accepted is not None:
                services.accept_answer(user(author), thread, posts[accepted])
        made.append(thread)
    if moderator and made and not made[0].pinned:
        services.set_thread_flag(moderator, made[0], "pinned", True)
    return made


def seed(out):
    home = Site.objects.get(is_default_site=True).root_page
    index = community_index(home)
    pages = {spec["slug"]: community(index, spec) for spec in COMMUNITIES}
    made = {slug: threads(pages[slug], rows) for slug, rows in THREADS.items()}

    roads = pages["jalan-dan-jembatan"]
    moderator = user("kadis.pupr")
    solved = made["jalan-dan-jembatan"][0]
    solved.refresh_from_db()
    if solved.solved and not solved.promoted_asset_id:
        services.promote_thread(moderator, solved)

    title = "Bedah kasus: penanganan longsor badan jalan ruas Halong"
    session = CopSession.objects.filter(community=roads, title=title).first()
    if session is None:
        day = timezone.localdate() - datetime.timedelta(days=7)
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
        session = services.schedule_session(
            moderator, roads, title, starts, 2, mode=CopSession.Mode.OFFLINE, place="Aula Dinas PUPR"
        )
    attendees = [u for u in map(user, ["pegawai08", "pegawai10", "pegawai28", "asn"]) if u]
    services.record_attendance(moderator, session, [u for u in attendees if services.is_member(u, roads)])
    out.write(f"Komunitas belajar: {len(pages)} komunitas, {sum(len(t) for t in made.values())} utas demo.")
