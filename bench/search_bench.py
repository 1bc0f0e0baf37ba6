"""Search benchmark (issue 7): access-filtered search on a synthetic corpus vs Wagtail's stock database search.

Usage: .venv/bin/python bench/search_bench.py [--assets 50000] [--posts 200000] [--repeat 3] [--keep] \
       [--stock-sample 40] [--explain 3] [--database postgres://postgres@127.0.0.1:5432/corpu_search_bench]
Creates its own PostgreSQL database (dropped at the end unless --keep; --keep reuses a corpus of the same size),
builds the corpus and the stock Wagtail index, then times `search.query.search` for every (visitor, query) and the
stock equivalent on a sample (--stock-sample 0: none), and prints p50/p95/max, the ratios and a relevance sanity
figure. See bench/README.md.
"""

import argparse
import itertools
import math
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DJANGO_SETTINGS_MODULE"] = "corpu.settings.bench"

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/corpu_search_bench"
FORBIDDEN_DATABASES = {"test", "test_test", "postgres", "template0", "template1"}
SEED = 20261123
BATCH = 2000

# --- vocabulary -------------------------------------------------------------------------------------------------
# Topic key -> (label, owning dinas, kelompok keahlian, words and phrases most frequent first, tags).
TOPICS = {
    "pengadaan": (
        "Pengadaan Barang/Jasa",
        "Sekretariat Daerah",
        "KK Pengadaan Barang/Jasa",
        "pengadaan barang jasa, penyedia, pengadaan, e-katalog, kontrak, paket pekerjaan, pejabat pembuat komitmen, "
        "PPK, pokja pemilihan, LPSE, tender, e-purchasing, spesifikasi teknis, harga perkiraan sendiri, HPS, "
        "pengadaan langsung, swakelola, dokumen pemilihan, penunjukan langsung, sanggah, addendum, rekanan, "
        "toko daring, barang/jasa, diadakan, mengadakan, kualifikasi penyedia, jaminan pelaksanaan, serah terima",
        ["pengadaan", "pbj", "e-katalog", "kontrak", "lpse"],
    ),
    "kinerja": (
        "Manajemen Kinerja",
        "BKPSDM",
        "KK Manajemen Kinerja dan SDM",
        "kinerja, e-kinerja, SKP, sasaran kinerja pegawai, penilaian kinerja, dialog kinerja, rencana hasil kerja, "
        "indikator kinerja individu, perilaku kerja, ekspektasi pimpinan, predikat kinerja, menilai, dinilai, "
        "pejabat penilai, umpan balik, capaian kinerja, matriks peran hasil, evaluasi kinerja, bukti dukung, "
        "kinerja organisasi, berorientasi pelayanan, periodik, triwulanan",
        ["e-kinerja", "skp", "kinerja", "penilaian"],
    ),
    "kepegawaian": (
        "Kepegawaian",
        "BKPSDM",
        "KK Manajemen Kinerja dan SDM",
        "kepegawaian, kenaikan pangkat, mutasi, PPPK, CPNS, pensiun, cuti, jabatan fungsional, angka kredit, "
        "SIASN, BKN, formasi, tunjangan, disiplin pegawai, presensi, golongan, pangkat, tugas belajar, "
        "pemberhentian, pengangkatan, usulan mutasi, cuti tahunan, uji kompetensi, kenaikan gaji berkala",
        ["kepegawaian", "pppk", "mutasi", "jabatan fungsional"],
    ),
    "anggaran": (
        "Penganggaran",
        "BPKAD",
        "KK Keuangan dan Aset Daerah",
        "anggaran, APBD, belanja, realisasi, RKA, DPA, SIPD, pendapatan, pergeseran anggaran, perubahan APBD, "
        "SPJ, pertanggungjawaban, bendahara, SP2D, kas daerah, pagu, serapan anggaran, penatausahaan, "
        "dianggarkan, menganggarkan, rekening belanja, standar harga satuan, uang persediaan",
        ["anggaran", "apbd", "sipd", "keuangan"],
    ),
    "pelayanan": (
        "Pelayanan Publik",
        "Sekretariat Daerah",
        "KK Pelayanan Publik dan Inovasi",
        "pelayanan publik, pelayanan, layanan, standar pelayanan, pengaduan, survei kepuasan masyarakat, SKM, "
        "maklumat pelayanan, mal pelayanan publik, loket, antrean, waktu layanan, ombudsman, keluhan, "
        "pelayanan prima, SP4N LAPOR, melayani, dilayani, pengguna layanan, kepuasan, ramah disabilitas",
        ["pelayanan publik", "pengaduan", "skm"],
    ),
    "stunting": (
        "Percepatan Penurunan Stunting",
        "Dinas Kesehatan",
        "KK Kesehatan Masyarakat",
        "stunting, posyandu, gizi, balita, ibu hamil, kader, pemberian makanan tambahan, PMT, tablet tambah darah, "
        "sanitasi, air bersih, penimbangan, intervensi spesifik, intervensi sensitif, TPPS, rembuk stunting, "
        "audit kasus stunting, baduta, gizi buruk, tumbuh kembang, remaja putri, pencegahan",
        ["stunting", "gizi", "posyandu"],
    ),
    "perizinan": (
        "Perizinan",
        "DPMPTSP",
        "KK Pelayanan Publik dan Inovasi",
        "perizinan, izin, OSS, perizinan berusaha, NIB, PBG, persetujuan bangunan gedung, izin usaha, UMKM, "
        "investasi, KKPR, mengurus, diurus, pengurusan, rekomendasi teknis, verifikasi persyaratan, pemohon, "
        "berbasis risiko, penanaman modal, retribusi",
        ["perizinan", "oss", "umkm"],
    ),
    "inovasi": (
        "Inovasi Daerah",
        "Bappeda",
        "KK Pelayanan Publik dan Inovasi",
        "inovasi, inovasi daerah, indeks inovasi daerah, replikasi, proposal inovasi, kompetisi inovasi, "
        "Krenova, inovator, kolaborasi, digitalisasi, ide kreatif, uji coba, berinovasi, terobosan, "
        "innovative government award, kematangan inovasi",
        ["inovasi", "replikasi"],
    ),
    "adminduk": (
        "Administrasi Kependudukan",
        "Disdukcapil",
        "KK Pelayanan Publik dan Inovasi",
        "administrasi kependudukan, KTP-el, akta kelahiran, kartu keluarga, perekaman, Dukcapil, NIK, "
        "pindah datang, jemput bola, identitas kependudukan digital, IKD, blanko, akta kematian, "
        "pencatatan sipil, dokumen kependudukan, biodata, cetak",
        ["adminduk", "ktp-el", "dukcapil"],
    ),
    "aset": (
        "Pengelolaan Aset Daerah",
        "BPKAD",
        "KK Keuangan dan Aset Daerah",
        "aset, barang milik daerah, BMD, aset tetap, rekonsiliasi, inventarisasi, penyusutan, "
        "kartu inventaris barang, penghapusan aset, laporan keuangan, neraca, opini WTP, BPK, temuan, "
        "pengurus barang, sertifikasi tanah, pemanfaatan aset, kodefikasi",
        ["aset", "bmd", "laporan keuangan"],
    ),
    "perencanaan": (
        "Perencanaan Pembangunan",
        "Bappeda",
        "KK Keuangan dan Aset Daerah",
        "perencanaan, musrenbang, RPJMD, renstra, renja, RKPD, pokok pikiran DPRD, usulan, prioritas pembangunan, "
        "cascading, pohon kinerja, SAKIP, LKjIP, perjanjian kinerja, merencanakan, direncanakan, "
        "indikator sasaran, rencana aksi",
        ["perencanaan", "musrenbang", "sakip"],
    ),
    "bangkom": (
        "Pengembangan Kompetensi",
        "BKPSDM",
        "KK Manajemen Kinerja dan SDM",
        "pengembangan kompetensi, pelatihan, jam pelajaran, JP, diklat, bimtek, coaching, mentoring, IDP, "
        "rencana pengembangan individu, e-learning, corporate university, magang, webinar, sertifikasi, "
        "analisis kebutuhan pelatihan, melatih, dilatih, pelatih, widyaiswara, kurikulum pelatihan, bangkom",
        ["bangkom", "pelatihan", "jp", "corpu"],
    ),
    "jalan": (
        "Jalan dan Jembatan",
        "Dinas PUPR",
        "KK Infrastruktur",
        "jalan, jembatan, jalan kabupaten, aspal, tambal sulam, drainase, pemeliharaan rutin, perkerasan, "
        "jembatan gantung, uji kepadatan, talud, gorong-gorong, rabat beton, survei kondisi jalan, "
        "lapis penetrasi, pengawasan teknis, konsultan pengawas, dipelihara, memelihara, pemeliharaan",
        ["jalan", "jembatan", "infrastruktur"],
    ),
    "kesehatan": (
        "Kesehatan Masyarakat",
        "Dinas Kesehatan",
        "KK Kesehatan Masyarakat",
        "kesehatan, puskesmas, kejadian luar biasa, KLB, imunisasi, demam berdarah, penyuluhan kesehatan, "
        "BPJS Kesehatan, rujukan, tenaga kesehatan, surveilans, vaksinasi, germas, penyakit menular, "
        "pemeriksaan, pasien, pustu",
        ["kesehatan", "puskesmas", "imunisasi"],
    ),
    "pendidikan": (
        "Pendidikan Dasar",
        "Dinas Pendidikan",
        "KK Pendidikan",
        "sekolah, guru, siswa, asesmen nasional, literasi, numerasi, kurikulum merdeka, sekolah dasar, "
        "kepala sekolah, dana BOS, rapor pendidikan, platform merdeka mengajar, PPDB, zonasi, pembelajaran, "
        "mengajar, diajarkan, murid",
        ["pendidikan", "literasi", "sekolah"],
    ),
    "desa": (
        "Pemerintahan Desa",
        "DPMD",
        "KK Pemerintahan Desa",
        "desa, dana desa, alokasi dana desa, APBDes, BUMDes, perangkat desa, musyawarah desa, Siskeudes, "
        "BLT dana desa, pendamping desa, padat karya tunai, profil desa, kepala desa, BPD",
        ["desa", "dana desa", "bumdes"],
    ),
    "integritas": (
        "Integritas dan Pengawasan",
        "Inspektorat",
        "KK Pengawasan dan Integritas",
        "zona integritas, WBK, WBBM, gratifikasi, benturan kepentingan, SPIP, manajemen risiko, "
        "reformasi birokrasi, netralitas ASN, kode etik, etika ASN, pakta integritas, whistleblowing system, "
        "pengawasan, audit, reviu, probity audit, pengendalian intern",
        ["zona integritas", "pengawasan", "reformasi birokrasi"],
    ),
    "pajak": (
        "Pajak Daerah",
        "Bapenda",
        "KK Keuangan dan Aset Daerah",
        "pajak daerah, pajak, PBB-P2, BPHTB, retribusi daerah, wajib pajak, NJOP, tunggakan, penagihan, "
        "pajak restoran, pajak hotel, intensifikasi, ekstensifikasi, pendataan objek pajak, SPPT, "
        "pemungutan, dipungut",
        ["pajak", "pad", "retribusi"],
    ),
    "spbe": (
        "SPBE dan Satu Data",
        "Diskominfo",
        "KK Transformasi Digital",
        "SPBE, aplikasi, sistem pemerintahan berbasis elektronik, satu data, interoperabilitas, keamanan informasi, "
        "pusat data, tanda tangan elektronik, TTE, server, website, integrasi data, walidata, "
        "arsitektur SPBE, layanan digital, sertifikat elektronik",
        ["spbe", "satu data", "digitalisasi"],
    ),
    "arsip": (
        "Kearsipan",
        "Dinas Perpustakaan dan Kearsipan",
        "KK Transformasi Digital",
        "arsip, kearsipan, tata naskah dinas, surat masuk, surat keluar, disposisi, SRIKANDI, retensi arsip, "
        "jadwal retensi, klasifikasi arsip, alih media, arsiparis, pengarsipan, diarsipkan, naskah dinas",
        ["arsip", "srikandi", "tata naskah"],
    ),
    "bencana": (
        "Penanggulangan Bencana",
        "BPBD",
        "KK Kebencanaan dan Lingkungan",
        "bencana, banjir, penanggulangan bencana, kebakaran hutan dan lahan, karhutla, tanggap darurat, "
        "rencana kontinjensi, mitigasi, evakuasi, posko, relawan, kajian risiko bencana, longsor, "
        "siaga darurat, logistik",
        ["bencana", "banjir", "karhutla"],
    ),
    "sosial": (
        "Perlindungan Sosial",
        "Dinas Sosial",
        "KK Pemerintahan Desa",
        "bantuan sosial, DTKS, data kemiskinan, PKH, penerima bantuan, verifikasi dan validasi, disabilitas, "
        "lansia, rehabilitasi sosial, pemberdayaan, keluarga miskin, bansos, kemiskinan ekstrem, "
        "pendamping sosial",
        ["bansos", "dtks", "kemiskinan"],
    ),
    "lingkungan": (
        "Lingkungan Hidup",
        "Dinas Lingkungan Hidup",
        "KK Kebencanaan dan Lingkungan",
        "sampah, lingkungan hidup, bank sampah, TPA, adipura, ruang terbuka hijau, pencemaran, AMDAL, "
        "UKL-UPL, kualitas air, penghijauan, pengelolaan sampah, daur ulang, limbah",
        ["lingkungan", "sampah", "adipura"],
    ),
    "pertanian": (
        "Pertanian dan Ketahanan Pangan",
        "Dinas Pertanian",
        "KK Ekonomi dan Pertanian",
        "pertanian, petani, penyuluh pertanian, pupuk bersubsidi, kartu tani, kelompok tani, irigasi, benih, "
        "panen, ketahanan pangan, alsintan, hortikultura, peternakan, inseminasi buatan, padi, karet",
        ["pertanian", "pangan", "pupuk"],
    ),
}
GENERAL = (
    "pemerintah, daerah, kabupaten, pegawai, ASN, kegiatan, program, pelaksanaan, kebijakan, dinas, peraturan, "
    "data, laporan, masyarakat, sistem, bidang, informasi, kepala, tahun, proses, koordinasi, dokumen, rapat, "
    "evaluasi, monitoring, target, tahapan, persyaratan, pengelolaan, tim, teknis, peningkatan, kualitas, hasil, "
    "kendala, solusi, permasalahan, tindak lanjut, surat edaran, peraturan bupati, perbup, perda, kementerian, "
    "provinsi, kecamatan, kelurahan, aplikasi, petunjuk, pedoman, panduan, contoh, format, pengalaman, praktik, "
    "belajar, berbagi, diskusi, pimpinan, atasan, organisasi, perangkat daerah, OPD, unit kerja, sekretaris daerah, "
    "bupati, tata kelola, kolaborasi, sinergi, percepatan, optimalisasi, implementasi, penerapan, regulasi, "
    "standar, indikator, analisis, kajian, survei, narasumber, peserta, sosialisasi, pendampingan, verifikasi, "
    "validasi, pengisian, akun, operator, jaringan, biaya, waktu, jadwal, periode, triwulan, semester, rekomendasi, "
    "catatan, perbaikan, revisi, efektif, efisien, transparan, akuntabel, lampiran, unggah, input, format baru, "
    "bimbingan, konsultasi, lapangan, kantor, gedung, kendaraan dinas, perjalanan dinas, honorarium, nota dinas, "
    "sekretariat, seksi, subbagian, kasubag, kabid, kadis, staf, rekan kerja, masukan, usulan, keputusan, "
    "penetapan, pembentukan, pelaporan, pencatatan, pemantauan, keberlanjutan, manfaat, dampak, risiko, "
    "prioritas, strategi, tujuan, sasaran, capaian, realisasi, persentase, jumlah, meningkat, menurun, signifikan"
)
FUNCTION = (
    "yang, dan, di, untuk, dengan, dalam, ke, dari, pada, ini, itu, akan, tidak, ada, sudah, juga, agar, oleh, "
    "sebagai, atau, karena, dapat, bisa, lebih, masih, setiap, semua, beberapa, melalui, terkait, sesuai, "
    "sehingga, namun, maka, jika, apabila, saat, sebelum, setelah, hingga, antara, bagi, tentang, serta, telah, "
    "secara, tersebut, bahwa, adalah, para, kami, kita, saya, belum, perlu, harus, wajib, segera, baru, lama"
)
ASSET_PREFIX = {
    "praktik_baik": ["Praktik Baik", "Best Practice", "Praktik Terbaik"],
    "sop": ["SOP", "Standar Operasional Prosedur", "Prosedur"],
    "pembelajaran": ["Pelajaran dari", "Lesson Learned", "Refleksi"],
    "studi_kasus": ["Studi Kasus", "Kasus"],
    "policy_brief": ["Ringkasan Kebijakan", "Policy Brief", "Rekomendasi Kebijakan"],
    "modul": ["Modul", "Materi", "Bahan Ajar"],
    "video": ["Video", "Rekaman Webinar"],
    "panduan": ["Panduan", "Petunjuk Teknis", "Pedoman"],
    "lainnya": ["Catatan", "Infografis"],
}
ASSET_TYPE_WEIGHTS = [18, 20, 10, 10, 6, 10, 6, 16, 4]
THREAD_PREFIX = [
    "Bagaimana cara",
    "Tanya:",
    "Mohon pencerahan soal",
    "Kendala",
    "Berbagi pengalaman",
    "Diskusi:",
    "Ada yang tahu",
    "Minta contoh",
    "Solusi untuk",
    "Info terbaru",
]
PLACES = ["Paringin", "Juai", "Halong", "Awayan", "Batumandi", "Lampihong", "Tebing Tinggi", "Paringin Selatan"]
TAGS_GENERAL = ["praktik baik", "regulasi", "inovasi", "digitalisasi", "sop", "tutorial", "kolaborasi"]
SUBUNITS = {
    "Sekretariat Daerah": ["Bagian Pengadaan Barang dan Jasa", "Bagian Organisasi"],
    "BKPSDM": ["Bidang Pengembangan Kompetensi", "Bidang Mutasi dan Promosi"],
    "BPKAD": ["Bidang Anggaran", "Bidang Aset"],
    "Bappeda": ["Bidang Perencanaan", "Bidang Penelitian dan Pengembangan"],
    "Dinas Kesehatan": ["Bidang Kesehatan Masyarakat", "Bidang Pencegahan Penyakit"],
    "Dinas Pendidikan": ["Bidang Sekolah Dasar", "Bidang Sekolah Menengah Pertama"],
    "Dinas PUPR": ["Bidang Bina Marga", "Bidang Cipta Karya"],
    "Dinas Sosial": ["Bidang Rehabilitasi Sosial", "Bidang Perlindungan Sosial"],
    "Disdukcapil": ["Bidang Pendaftaran Penduduk", "Bidang Pencatatan Sipil"],
    "DPMPTSP": ["Bidang Perizinan", "Bidang Penanaman Modal"],
    "DPMD": ["Bidang Pemerintahan Desa", "Bidang Pemberdayaan Masyarakat"],
    "Inspektorat": ["Inspektur Pembantu I", "Inspektur Pembantu II"],
    "Diskominfo": ["Bidang Aplikasi Informatika", "Bidang Statistik dan Persandian"],
    "BPBD": ["Bidang Kedaruratan", "Bidang Pencegahan dan Kesiapsiagaan"],
    "Dinas Lingkungan Hidup": ["Bidang Persampahan", "Bidang Pengendalian Pencemaran"],
    "Dinas Pertanian": ["Bidang Penyuluhan", "Bidang Tanaman Pangan"],
    "Bapenda": ["Bidang Pendataan", "Bidang Penagihan"],
    "Dinas Perpustakaan dan Kearsipan": ["Bidang Kearsipan", "Bidang Perpustakaan"],
}
RUMPUN = {
    "Rumpun Tata Kelola": ["KK Pengadaan Barang/Jasa", "KK Keuangan dan Aset Daerah", "KK Pengawasan dan Integritas"],
    "Rumpun SDM Aparatur": ["KK Manajemen Kinerja dan SDM", "KK Pelayanan Publik dan Inovasi"],
    "Rumpun Pembangunan": ["KK Infrastruktur", "KK Pemerintahan Desa", "KK Ekonomi dan Pertanian"],
    "Rumpun Layanan Dasar": [
        "KK Kesehatan Masyarakat",
        "KK Pendidikan",
        "KK Kebencanaan dan Lingkungan",
        "KK Transformasi Digital",
    ],
}
FIRST_NAMES = "Ahmad Budi Citra Dewi Eka Fajar Gusti Hendra Indah Joko Kartika Lestari Muhammad Nurul Putri Rahmat Siti"
LAST_NAMES = "Rahman Hidayat Saputra Wulandari Pratama Nugroho Lestari Santoso Maulana Fitriani Hakim Syahputra Noor"
ACCESS_GROUPS = ["public", "asn", "internal", "narrowed"]
ACCESS_PATTERN = ["public", "asn", "public", "internal", "asn", "public", "narrowed", "public", "asn", "public"]
YEARS = {2019: 5, 2020: 8, 2021: 10, 2022: 12, 2023: 14, 2024: 16, 2025: 18, 2026: 17}


def split(text):
    return [item.strip() for item in text.split(",") if item.strip()]


class Zipf:
    """Words drawn with weight 1/rank^s (the list is ordered most frequent first; ranks start after `offset`)."""

    def __init__(self, words, s=1.0, offset=0):
        self.words = list(words)
        self.cum = list(itertools.accumulate(1 / (offset + rank + 1) ** s for rank in range(len(self.words))))

    def draw(self, rng, k):
        return rng.choices(self.words, cum_weights=self.cum, k=k)


TOPIC_WORDS = {key: Zipf(split(spec[3]), 0.8) for key, spec in TOPICS.items()}
TOPIC_KEYS = list(TOPICS)
TOPIC_POPULARITY = list(itertools.accumulate(1 / (rank + 1) ** 0.6 for rank in range(len(TOPIC_KEYS))))
GENERAL_WORDS = Zipf(split(GENERAL), 0.8)
FUNCTION_WORDS = Zipf(split(FUNCTION), 1.1)


def long_tail():
    """Sastrawi's root-word dictionary in a seeded order: the long tail of a real vocabulary."""
    import Sastrawi

    path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    words = [word for word in path.read_text().split() if word.isalpha() and len(word) > 3]
    random.Random(SEED).shuffle(words)
    return Zipf(words[:20_000], 1.0, offset=300)  # ranks after the few hundred core words above


TAIL_WORDS = long_tail()
BUSY = {n: Zipf(range(n), 0.7) for n in range(1, 30)}  # a few busy communities, many quiet ones
PEOPLE = [[1000 + i, f"{a} {b}"] for i, (a, b) in enumerate(itertools.product(FIRST_NAMES.split(), LAST_NAMES.split()))]


# --- queries ----------------------------------------------------------------------------------------------------
@dataclass
class Query:
    text: str
    topic: str | None  # None: a general query, left out of the topic precision
    filters: dict = field(default_factory=dict)


QUERIES = [
    Query("SOP pengadaan barang", "pengadaan"),
    Query("pengadaan barang jasa", "pengadaan"),
    Query("e-katalog", "pengadaan"),
    Query("pengadaan langsung", "pengadaan"),
    Query("harga perkiraan sendiri", "pengadaan"),
    Query("swakelola", "pengadaan"),
    Query("praktik baik e-kinerja", "kinerja"),
    Query("SKP", "kinerja"),
    Query("dialog kinerja", "kinerja"),
    Query("penilaian kinerja pegawai", "kinerja"),
    Query("rencana hasil kerja", "kinerja"),
    Query("kenaikan pangkat", "kepegawaian"),
    Query("mutasi pegawai", "kepegawaian"),
    Query("PPPK", "kepegawaian"),
    Query("angka kredit jabatan fungsional", "kepegawaian"),
    Query("pergeseran anggaran", "anggaran"),
    Query("realisasi belanja", "anggaran"),
    Query("SIPD", "anggaran"),
    Query("pelayanan publik", "pelayanan"),
    Query("survei kepuasan masyarakat", "pelayanan"),
    Query("pengaduan", "pelayanan"),
    Query("mal pelayanan publik", "pelayanan"),
    Query("stunting", "stunting"),
    Query("pencegahan stunting", "stunting"),
    Query("posyandu", "stunting"),
    Query("pemberian makanan tambahan", "stunting"),
    Query("perizinan", "perizinan"),
    Query("mengurus izin usaha", "perizinan"),
    Query("persetujuan bangunan gedung", "perizinan"),
    Query("inovasi daerah", "inovasi"),
    Query("replikasi inovasi", "inovasi"),
    Query("akta kelahiran", "adminduk"),
    Query("perekaman KTP-el", "adminduk"),
    Query("jemput bola", "adminduk"),
    Query("rekonsiliasi aset tetap", "aset"),
    Query("barang milik daerah", "aset"),
    Query("musrenbang", "perencanaan"),
    Query("pohon kinerja", "perencanaan"),
    Query("bangkom", "bangkom"),
    Query("jam pelajaran", "bangkom"),
    Query("coaching mentoring", "bangkom"),
    Query("rencana pengembangan individu", "bangkom"),
    Query("tambal sulam aspal", "jalan"),
    Query("jembatan gantung", "jalan"),
    Query("kejadian luar biasa", "kesehatan"),
    Query("imunisasi", "kesehatan"),
    Query("asesmen nasional", "pendidikan"),
    Query("literasi siswa", "pendidikan"),
    Query("dana desa", "desa"),
    Query("BUMDes", "desa"),
    Query("zona integritas", "integritas"),
    Query("gratifikasi", "integritas"),
    Query("netralitas ASN", "integritas"),
    Query("pajak daerah", "pajak"),
    Query("tanda tangan elektronik", "spbe"),
    Query("retensi arsip", "arsip"),
    Query("karhutla", "bencana"),
    Query("data kemiskinan", "sosial"),
    Query("bank sampah", "lingkungan"),
    Query("pupuk bersubsidi", "pertanian"),
    Query("laporan", None),
    Query("pegawai", None),
    Query("laporan kegiatan", None),
    Query("pengadaan barang", "pengadaan", {"kind": "asset"}),
    Query("stunting", "stunting", {"year": 2024}),
    Query("SOP", None, {"asset_type": "sop"}),
    Query("e-kinerja", "kinerja", {"kind": "thread"}),
    Query("pelayanan", "pelayanan", {"competency": "teknis"}),
    Query("anggaran", "anggaran", {"tag": "apbd"}),
]


# --- database ---------------------------------------------------------------------------------------------------
def admin_url(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def database_name(url):
    name = urlsplit(url).path.lstrip("/")
    if not name or name in FORBIDDEN_DATABASES:
        sys.exit(f"refusing to use the database {name!r}: give the benchmark its own scratch database")
    return name


def prepare_database(url, keep):
    """Create the scratch database; an existing one is reused with --keep, else recreated."""
    import psycopg

    name = database_name(url)
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not keep:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not keep:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url):
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')


def sql(statement, params=()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def size(table):
    return sql("SELECT pg_size_pretty(pg_total_relation_size(%s))", [table])[0][0]


# --- corpus -----------------------------------------------------------------------------------------------------
@dataclass
class World:
    units: dict  # dinas name -> [dinas id, bidang ids...]
    kelompok: dict  # name -> id
    communities: dict  # access group -> [(title, topic, level, unit id, kelompok id, kelompok name)], busiest first


def make_world(rng):
    """Units, rumpun / kelompok keahlian and communities (the communities only as labels and access)."""
    from people.models import KelompokKeahlian, RumpunKeahlian, UnitKerja

    units = {}
    for dinas, bidang in SUBUNITS.items():
        units[dinas] = [UnitKerja.ensure_path(dinas).pk] + [UnitKerja.ensure_path(f"{dinas}/{b}").pk for b in bidang]
    kelompok = {}
    for rumpun_name, names in RUMPUN.items():
        rumpun, _created = RumpunKeahlian.objects.get_or_create(nama=rumpun_name)
        for name in names:
            kelompok[name] = KelompokKeahlian.objects.get_or_create(nama=name, defaults={"rumpun": rumpun})[0].pk
    communities = {}
    names = [(topic, title) for topic, spec in TOPICS.items() for title in (f"Komunitas {spec[0]}", f"Forum {spec[0]}")]
    rng.shuffle(names)
    for number, (topic, title) in enumerate(names):
        _label, dinas, kk, _words, _tags = TOPICS[topic]
        level, unit_id, kelompok_id = access(
            ACCESS_PATTERN[number % len(ACCESS_PATTERN)], rng, units[dinas], kelompok[kk]
        )
        group = communities.setdefault(ACCESS_PATTERN[number % len(ACCESS_PATTERN)], [])
        group.append((title, topic, level, unit_id, kelompok_id, kk if kelompok_id else ""))
    return World(units, kelompok, communities)


def access_group(rng):
    """50% public, 30% ASN, 10% internal to all staff, 10% internal narrowed."""
    return rng.choices(ACCESS_GROUPS, weights=[5, 3, 1, 1])[0]


def access(group, rng, unit_ids, kelompok_id):
    """Level and owners of an item in an access group; narrowed to a unit (60%), a kelompok (30%) or both."""
    if group != "narrowed":
        return group, None, None
    narrow = rng.random()
    if narrow < 0.6:
        return "internal", rng.choice(unit_ids), None
    if narrow < 0.9:
        return "internal", None, kelompok_id
    return "internal", rng.choice(unit_ids), kelompok_id


def sentences(rng, topic, second, length):
    """About `length` words of text: function words, the topic's, a second topic's, general and long-tail words."""
    kinds = rng.choices("ftsgr", weights=[32, 30, 8, 18, 12], k=length)
    counts = Counter(kinds)
    pools = {
        "f": iter(FUNCTION_WORDS.draw(rng, counts["f"])),
        "t": iter(TOPIC_WORDS[topic].draw(rng, counts["t"])),
        "s": iter(TOPIC_WORDS[second].draw(rng, counts["s"])),
        "g": iter(GENERAL_WORDS.draw(rng, counts["g"])),
        "r": iter(TAIL_WORDS.draw(rng, counts["r"])),
    }
    words = [next(pools[kind]) for kind in kinds]
    out, i = [], 0
    while i < len(words):
        n = rng.randint(8, 16)
        chunk = " ".join(words[i : i + n])
        out.append(chunk[:1].upper() + chunk[1:] + ".")
        i += n
    return " ".join(out)


def title_words(rng, topic, n):
    words = []
    while len(" ".join(words).split()) < n:
        pool = TOPIC_WORDS[topic] if rng.random() < 0.7 else GENERAL_WORDS
        word = pool.draw(rng, 1)[0]
        if word not in words:
            words.append(word)
    return " ".join(" ".join(words).split()[:n])


def when(rng):
    year = rng.choices(list(YEARS), weights=list(YEARS.values()))[0]
    days = 300 if year == 2026 else 364
    return datetime(year, 1, 1, 8, tzinfo=UTC) + timedelta(days=rng.randint(0, days), minutes=rng.randint(0, 600))


def asset_data(rng, world, number):
    topic = rng.choices(TOPIC_KEYS, cum_weights=TOPIC_POPULARITY)[0]
    second = rng.choice(TOPIC_KEYS)
    label, dinas, kk, _words, tags = TOPICS[topic]
    asset_type = rng.choices(list(ASSET_PREFIX), weights=ASSET_TYPE_WEIGHTS)[0]
    n = rng.randint(4, 10)
    prefix = rng.choice(ASSET_PREFIX[asset_type])
    title = f"{prefix} {title_words(rng, topic, max(2, n - len(prefix.split()) - 2))} di {rng.choice(PLACES)}"
    level, unit_id, kelompok_id = access(access_group(rng), rng, world.units[dinas], world.kelompok[kk])
    if level != "internal" and rng.random() < 0.3:
        kelompok_id = world.kelompok[kk]  # published by a kelompok keahlian, still open to its audience
    owner = kk if kelompok_id else ""
    return topic, {
        "title": title,
        "text": sentences(rng, topic, second, rng.randint(150, 400)),
        "url": f"/bench/asset/{topic}/{number}/",
        "access_level": level,
        "owner_unit_id": unit_id,
        "owner_kelompok_id": kelompok_id,
        "owner_label": owner,
        "kelompok_label": owner,
        "date": when(rng),
        "asset_type": asset_type,
        "competency": rng.choices(["teknis", "manajerial", "sosial_kultural"], weights=[6, 3, 1])[0],
        "tags": rng.sample(tags, rng.randint(1, len(tags))) + rng.sample(TAGS_GENERAL, rng.randint(0, 2)),
        "people": rng.sample(PEOPLE, rng.randint(1, 3)),
    }


def post_data(rng, world, number):
    communities = world.communities[access_group(rng)]
    community = communities[BUSY[len(communities)].draw(rng, 1)[0]]
    title_, topic, level, unit_id, kelompok_id, kk = community
    if rng.random() < 0.2:
        topic = rng.choice(TOPIC_KEYS)  # off-topic questions happen
    second = rng.choice(TOPIC_KEYS)
    n = rng.randint(4, 10)
    prefix = rng.choice(THREAD_PREFIX)
    title = f"{prefix} {title_words(rng, topic, max(2, n - len(prefix.split())))}?"
    return topic, {
        "title": title,
        "text": sentences(rng, topic, second, rng.randint(30, 150)),
        "url": f"/bench/thread/{topic}/{number}/",
        "access_level": level,
        "owner_unit_id": unit_id,
        "owner_kelompok_id": kelompok_id,
        "owner_label": title_,
        "kelompok_label": kk,
        "date": when(rng),
        "people": [rng.choice(PEOPLE)] if rng.random() < 0.35 else [],
    }


def written_words():
    """Every word the generator writes (documents are made of these lists only)."""
    lists = [GENERAL, FUNCTION, " ".join(TAIL_WORDS.words), " ".join(PLACES), " ".join(THREAD_PREFIX)]
    lists += [" ".join([label, words, " ".join(tags)]) for label, _dinas, _kk, words, tags in TOPICS.values()]
    lists += [" ".join(prefixes) for prefixes in ASSET_PREFIX.values()] + [" ".join(TAGS_GENERAL)]
    return " ".join(lists)


def build_corpus(assets, posts):
    """SearchDocument rows for `assets` assets and `posts` forum posts; returns timings."""
    from django.contrib.contenttypes.models import ContentType

    from search.index import add_words, document_fields, synonym_table
    from search.models import SearchDocument

    rng = random.Random(SEED)
    world = make_world(rng)
    synonyms = synonym_table()
    kinds = [
        (
            "asset",
            ContentType.objects.get(app_label="knowledge_assets", model="knowledgeassetpage"),
            assets,
            asset_data,
        ),
        ("thread", ContentType.objects.get(app_label="communities", model="thread"), posts, post_data),
    ]
    sql("TRUNCATE corpu_search_searchdocument, corpu_search_term CASCADE")
    sql("DELETE FROM wagtailsearch_indexentry WHERE content_type_id = %s", [stock_content_type()])
    analyse_s = insert_s = 0.0
    for kind, content_type, count, make in kinds:
        batch = []
        for number in range(1, count + 1):
            started = time.perf_counter()
            _topic, data = make(rng, world, number)
            fields = document_fields(kind, data, synonyms)
            batch.append(SearchDocument(content_type=content_type, object_id=number, **fields))
            analyse_s += time.perf_counter() - started
            if len(batch) == BATCH or number == count:
                started = time.perf_counter()
                SearchDocument.objects.bulk_create(batch)
                insert_s += time.perf_counter() - started
                batch = []
            if number % 50_000 == 0:
                print(f"  {kind}: {number:,}/{count:,}", flush=True)
    started = time.perf_counter()
    add_words(written_words())  # the typo-correction vocabulary: every word a document can hold
    sql("VACUUM ANALYZE corpu_search_searchdocument")
    sql("VACUUM ANALYZE corpu_search_term")
    return {
        "generate + analyse": analyse_s,
        "insert": insert_s,
        "terms + vacuum analyze": time.perf_counter() - started,
    }


def corpus_ready(assets, posts):
    counts = dict(sql("SELECT kind, count(*) FROM corpu_search_searchdocument GROUP BY kind"))
    return counts == {k: v for k, v in {"asset": assets, "thread": posts}.items() if v}


def stock_content_type():
    from django.contrib.contenttypes.models import ContentType

    from search.models import SearchDocument

    return ContentType.objects.get_for_model(SearchDocument).pk


def stock_ready():
    from search.models import SearchDocument

    entries = sql("SELECT count(*) FROM wagtailsearch_indexentry WHERE content_type_id = %s", [stock_content_type()])
    return entries[0][0] == SearchDocument.objects.count() > 0


def build_stock_index():
    """Wagtail's own `update_index` (the PostgreSQL backend's IndexEntry table), then VACUUM ANALYZE."""
    from django.core.management import call_command
    from wagtail.search.models import IndexEntry

    started = time.perf_counter()
    call_command("update_index", backend_name="default", verbosity=0)
    indexed = time.perf_counter() - started
    sql(f"VACUUM ANALYZE {IndexEntry._meta.db_table}")
    return {"update_index": indexed, "vacuum analyze": time.perf_counter() - started - indexed}


# --- visitors ---------------------------------------------------------------------------------------------------
def make_visitors():
    """One visitor of each kind the access policy speaks of (as in tests/fixtures.py `institution`)."""
    from django.contrib.auth.models import AnonymousUser

    from people.models import JenisPegawai, Keanggotaan, KelompokKeahlian, UnitKerja, User
    from people.roles import CLO, assign_role

    def user(username, **fields):
        return User.objects.get_or_create(username=username, defaults={"nama": username.title(), **fields})[0]

    health = UnitKerja.ensure_path("Dinas Kesehatan/Bidang Kesehatan Masyarakat")
    member = user("bench_akademisi", jenis_pegawai=JenisPegawai.NON_ASN)
    for name in ("KK Pengadaan Barang/Jasa", "KK Infrastruktur"):
        Keanggotaan.objects.get_or_create(kelompok=KelompokKeahlian.objects.get(nama=name), user=member)
    admin = user("bench_clo", jenis_pegawai=JenisPegawai.PNS, unit_kerja=UnitKerja.ensure_path("BKPSDM"))
    assign_role(admin, CLO)
    visitors = {
        "anonymous": AnonymousUser(),
        "asn_elsewhere": user("bench_luar", jenis_pegawai=JenisPegawai.PNS, instansi_asal="Pemkab Tabalong"),
        "unit_staff": user("bench_staf", jenis_pegawai=JenisPegawai.PNS, unit_kerja=health),
        "kelompok_member": member,
        "admin": User.objects.get(pk=admin.pk),
    }
    from corpu.access import viewer_for

    for visitor in visitors.values():
        viewer_for(visitor)  # computed once per user object, as within one request
    return visitors


# --- the two searches -------------------------------------------------------------------------------------------
STOCK_FACETS = {
    "kind": "kind",
    "asset_type": "asset_type",
    "competency": "competency",
    "kelompok": "owner_kelompok_id",
    "year": "year",
    "delivery_model": "delivery_model",
}
STOCK_FILTERS = {"kind": "kind", "asset_type": "asset_type", "competency": "competency", "year": "year"}


def ours(user, query):
    """The public entry point: page of 10 hits with snippets, total, facets and experts."""
    from search.query import SearchRequest, search

    results = search(user, SearchRequest(query.text, dict(query.filters), 1, 10))
    return [hit["document"].url for hit in results.hits], results.total, {}, answer_detail(results)


def answer_detail(results):
    """Everything else an answer says (compared with the exact computation and across the answer cache)."""
    facets = tuple((name, tuple(values)) for name, values in sorted(results.facets.items()))
    return results.total_relation, results.facets_approximate, facets, tuple(results.experts), results.relaxed


def stock(user, query):
    """Stock Wagtail: filter_visible(...).search(operator="and"), the first 10, count(), .facet() per facet."""
    from bench.stock.models import StockDocument
    from corpu.access import filter_visible
    from people.models import KelompokKeahlian
    from search.index import synonym_table
    from search.query import EXPERTS, TAG_FACET_SIZE
    from search.text import analyse, highlight_terms

    started = time.perf_counter()
    documents = filter_visible(StockDocument.objects.all(), user)
    for name, value in query.filters.items():
        if name == "tag":
            documents = documents.filter(tags__icontains=f"|{value}|")
        else:
            documents = documents.filter(**{STOCK_FILTERS[name]: value})
    results = documents.search(query.text, operator="and")
    hits = list(results[:10])
    marked = set(analyse(query.text, synonym_table()))
    _snippets = [highlight_terms(doc.text, marked) for doc in hits]  # the same snippets as ours
    page = time.perf_counter()
    total = results.count()
    counted = time.perf_counter()
    facets = {name: results.facet(column) for name, column in STOCK_FACETS.items()}
    labels = KelompokKeahlian.objects.in_bulk([pk for pk in facets["kelompok"] if pk])
    facets["kelompok"] = {labels[pk].nama: n for pk, n in facets["kelompok"].items() if pk in labels}
    tags, experts = Counter(), Counter()
    for value, n in results.facet("tags").items():
        for tag in filter(None, (value or "").split("|")):
            tags[tag] += n
    # .facet() cannot group a JSON list (unhashable): the team reads the matched rows' people instead
    for people in results.get_queryset().order_by().exclude(people=[]).values_list("people", flat=True):
        for user_id, name in people:
            experts[(user_id, name)] += 1
    facets["tag"], facets["experts"] = tags.most_common(TAG_FACET_SIZE), experts.most_common(EXPERTS)
    done = time.perf_counter()
    parts = {"page of 10": page - started, "count": counted - page, "facets + experts": done - counted}
    return [doc.url for doc in hits], total, {name: seconds * 1000 for name, seconds in parts.items()}, ()


# --- timing -----------------------------------------------------------------------------------------------------
@dataclass
class Run:
    times: dict = field(default_factory=dict)  # (visitor kind, query) -> [ms]
    answers: dict = field(default_factory=dict)  # (visitor kind, query) -> (urls, total, detail)
    parts: dict = field(default_factory=dict)  # part -> [ms]


def key(kind, query):
    return kind, query.text, tuple(query.filters.items())


def measure(engine, pairs, visitors, repeat, warm_each=True):
    """Warm up (each pair, or only the first), then time every pair `repeat` times; the warm-up answers are kept."""
    run = Run()
    for kind, query in pairs if warm_each else pairs[:1]:
        urls, total, _parts, detail = engine(visitors[kind], query)
        run.answers[key(kind, query)] = (urls, total, detail)
    for _round in range(repeat):
        for kind, query in pairs:
            started = time.perf_counter()
            urls, total, parts, detail = engine(visitors[kind], query)
            run.times.setdefault(key(kind, query), []).append((time.perf_counter() - started) * 1000)
            run.answers.setdefault(key(kind, query), (urls, total, detail))
            for name, ms in parts.items():
                run.parts.setdefault(name, []).append(ms)
    return run


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def figures(times, kind=None, keys=None):
    """p50, p95, max and count of the timed runs (of one visitor kind, or of some pairs)."""
    values = [t for k, ts in times.items() if kind in (None, k[0]) and (keys is None or k in keys) for t in ts]
    return statistics.median(values), percentile(values, 95), max(values), len(values)


def topic_of(url):
    return url.split("/")[3]


def relevance(answers, topics):
    """Mean share of the top 10 on the query's topic (a synthetic stand-in for judged relevance)."""
    shares = [
        sum(topic_of(url) == topics[k[1:]] for url in urls) / len(urls)
        for k, (urls, _total, _detail) in answers.items()
        if topics[k[1:]] and urls
    ]
    return statistics.mean(shares) if shares else 0.0


def exact_answers(pairs, visitors):
    """Each (visitor, query) answered by the exact computation: the same search counting every match (no
    track_total_hits cap: total and facets over all visible matches, as before issue #21)."""
    from unittest import mock

    from django.test import override_settings

    import search.backends.database as database

    exact = Run()
    with override_settings(SEARCH_CACHE_SECONDS=0), mock.patch.object(database, "TRACK_TOTAL_HITS", 10**9):
        for kind, query in pairs:
            urls, total, _parts, detail = ours(visitors[kind], query)
            exact.answers[key(kind, query)] = (urls, total, detail)
    return exact


def check_exact(ours_run, exact):
    """(answers differing from the exact one among those with ≤ TRACK_TOTAL_HITS matches, how many those are,
    answers above it not marked gte / approximate or with another page or experts)."""
    from search.query import TRACK_TOTAL_HITS

    differ, small, wrong_above = [], 0, []
    for k, (urls, total, detail) in ours_run.answers.items():
        e_urls, e_total, e_detail = exact.answers[k]
        if e_total <= TRACK_TOTAL_HITS:
            small += 1
            if (urls, total, detail) != (e_urls, e_total, e_detail):
                differ.append(k)
        elif (total, detail[:2], urls, detail[3:]) != (TRACK_TOTAL_HITS, ("gte", True), e_urls, e_detail[3:]):
            wrong_above.append(k)
    return differ, small, wrong_above


# --- EXPLAIN ----------------------------------------------------------------------------------------------------
def captured_statements(user, query):
    """(settings, "WITH m AS MATERIALIZED", the rest, params) of the statements our PostgreSQL backend runs."""
    from django.db import connection

    captured = []

    def capture(execute, statement, params, many, context):
        if "WITH m AS MATERIALIZED" in statement:  # after its SET LOCALs, in the same query string
            captured.append((*statement.partition("WITH m AS MATERIALIZED"), params))
        return execute(statement, params, many, context)

    with connection.execute_wrapper(capture):
        ours(user, query)
    return captured


def explain_ours(user, query):
    """EXPLAIN (ANALYZE, BUFFERS) of the statement(s) our PostgreSQL backend runs, with its SET LOCAL settings."""
    from django.db import transaction

    for settings, with_m, statement, params in captured_statements(user, query):
        with transaction.atomic():
            if settings:
                sql(settings)
            print("\n".join(row[0] for row in sql(f"EXPLAIN (ANALYZE, BUFFERS) {with_m}{statement}", params)))


def _nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def where_the_time_goes(user, query):
    """The measured reason a search is slow, from EXPLAIN (ANALYZE, BUFFERS) of its first statement: the visible
    matches, the heap blocks read to rank them, and the statement's time split into reading the matches (CTE m),
    choosing the 10,000 best-ranked (CTE top, beyond m) and the page, total, facets and experts (the rest)."""
    from django.db import transaction

    settings, with_m, statement, params = captured_statements(user, query)[0]
    with transaction.atomic():
        if settings:
            sql(settings)
        explained = sql(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {with_m}{statement}", params)[0][0]
    explained = explained[0] if isinstance(explained, list) else explained
    nodes = list(_nodes(explained["Plan"]))
    ctes = {node.get("Subplan Name"): node for node in nodes}
    heap = [node for node in nodes if node["Node Type"] == "Bitmap Heap Scan"]
    blocks = sum(node.get("Exact Heap Blocks", 0) + node.get("Lossy Heap Blocks", 0) for node in heap)
    total = explained["Execution Time"]
    matches = ctes.get("CTE m", {}).get("Actual Rows", 0)
    reading = ctes.get("CTE m", {}).get("Actual Total Time", 0.0)
    ranking = max(0.0, ctes.get("CTE top", {}).get("Actual Total Time", 0.0) - reading)
    scanning = sum(node["Actual Total Time"] for node in heap)
    return (
        f"{matches:,} visible matches, {blocks:,} heap blocks read (one heap tuple per match: ranking needs each "
        f"match's title vector and date, which no PostgreSQL index holds for a tsquery's matches); statement "
        f"{total:.0f} ms = reading the matches {reading:.0f} ms (bitmap heap scan {scanning:.0f} ms) "
        f"+ choosing the 10,000 best-ranked {ranking:.0f} ms + page, total, facets, experts "
        f"{max(0.0, total - reading - ranking):.0f} ms"
    )


def explain_stock(user, query):
    """EXPLAIN (ANALYZE, BUFFERS) of stock Wagtail's page-of-10 statement."""
    from bench.stock.models import StockDocument
    from corpu.access import filter_visible

    results = filter_visible(StockDocument.objects.all(), user).search(query.text, operator="and")
    statement, params = results.get_queryset()[:10].query.sql_with_params()
    print("\n".join(row[0] for row in sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params)))


# --- main -------------------------------------------------------------------------------------------------------
def build(args):
    started = time.perf_counter()
    if args.keep and corpus_ready(args.assets, args.posts):
        print(f"corpus: reusing {args.assets:,} assets + {args.posts:,} posts")
    else:
        print(f"corpus: building {args.assets:,} assets + {args.posts:,} posts (seed {SEED})", flush=True)
        steps = build_corpus(args.assets, args.posts)
        print("  " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items()))
        print(f"  total {time.perf_counter() - started:.1f} s; table + indexes {size('corpu_search_searchdocument')}")
    mix = sql(
        "SELECT access_level, access_level = 'internal' AND (owner_unit_id IS NOT NULL"
        " OR owner_kelompok_id IS NOT NULL), count(*) FROM corpu_search_searchdocument GROUP BY 1, 2 ORDER BY 1, 2"
    )
    total = sum(n for *_key, n in mix)
    print("  access mix: " + ", ".join(f"{lvl}{' narrowed' if nar else ''} {n / total:.0%}" for lvl, nar, n in mix))
    if args.stock_sample:
        if args.keep and stock_ready():
            print("stock index: reusing")
        else:
            print("stock index: building with Wagtail's update_index", flush=True)
            steps = build_stock_index()
            print("  " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items()))
            print(f"  IndexEntry table + indexes {size('wagtailsearch_indexentry')}")


SIZE_BUCKETS = [(0, 1_000), (1_000, 5_000), (5_000, 20_000), (20_000, 50_000), (50_000, 10**9)]


def print_server():
    """What the figures depend on: PostgreSQL's buffer cache against the size of the search table."""
    (shared_buffers,) = sql("SHOW shared_buffers")[0]
    heap, total = sql(
        "SELECT pg_size_pretty(pg_relation_size('corpu_search_searchdocument')),"
        " pg_size_pretty(pg_total_relation_size('corpu_search_searchdocument'))"
    )[0]
    print(f"\nPostgreSQL shared_buffers {shared_buffers}; search table heap {heap}, with TOAST and indexes {total}")


def report_cached(visitors, cached_run, ours_run):
    header = f"{'':<24}{'p50':>10}{'p95':>10}{'max':>10}{'searches':>10}"
    print(f"\nours, cached answers (same audience, same query, no index change since):\n{header}")
    for kind in [*visitors, None]:
        p50, p95, worst, n = figures(cached_run.times, kind)
        print(f"{kind or 'all':<24}{p50:>8.1f}ms{p95:>8.1f}ms{worst:>8.1f}ms{n:>10}")
    differ = [k for k, answer in cached_run.answers.items() if answer != ours_run.answers[k]]
    print(f"cached answers differing from uncached ones: {len(differ)}")


def report(visitors, ours_run, stock_run, sampled, exact):
    header = f"{'':<24}{'p50':>10}{'p95':>10}{'max':>10}{'searches':>10}"
    print(f"\nours, every (visitor, query):\n{header}")
    for kind in [*visitors, None]:
        p50, p95, worst, n = figures(ours_run.times, kind)
        print(f"{kind or 'all':<24}{p50:>8.1f}ms{p95:>8.1f}ms{worst:>8.1f}ms{n:>10}")
    print(f"\nours by items found (visible matches, exact count):\n{header}")
    for low, high in SIZE_BUCKETS:
        keys = {k for k, (_urls, total, _detail) in exact.answers.items() if low <= total < high}
        if keys:
            p50, p95, worst, n = figures(ours_run.times, keys=keys)
            label = f"{low:,}–{high - 1:,}" if high < 10**9 else f"≥ {low:,}"
            print(f"{label:<24}{p50:>8.1f}ms{p95:>8.1f}ms{worst:>8.1f}ms{n:>10}")
    if stock_run is None:
        return
    print(f"\nthe {len(sampled)} sampled (visitor, query) pairs:\n{header}")
    o50, o95, oworst, on = figures(ours_run.times, keys=sampled)
    s50, s95, sworst, sn = figures(stock_run.times)
    print(f"{'ours':<24}{o50:>8.1f}ms{o95:>8.1f}ms{oworst:>8.1f}ms{on:>10}")
    print(f"{'stock':<24}{s50:>8.1f}ms{s95:>8.1f}ms{sworst:>8.1f}ms{sn:>10}")
    for name, values in stock_run.parts.items():
        p50, p95 = statistics.median(values), percentile(values, 95)
        print(f"{'  stock ' + name:<24}{p50:>8.1f}ms{p95:>8.1f}ms{max(values):>8.1f}ms{len(values):>10}")
    page = [p + c for p, c in zip(stock_run.parts["page of 10"], stock_run.parts["count"], strict=True)]
    print(f"ratio stock/ours: p50 {s50 / o50:.1f}×, p95 {s95 / o95:.1f}× (goal ≥ 2×)")
    print(
        f"ratio stock page of 10 + count only (no facets) / ours: p50 {statistics.median(page) / o50:.1f}×, "
        f"p95 {percentile(page, 95) / o95:.1f}×"
    )


def run(args):
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import override_settings

    import search.backends.database  # noqa: F401  (the search code as it is now, not after the long build)
    import search.query  # noqa: F401

    call_command("migrate", verbosity=0)
    build(args)
    visitors = make_visitors()
    pairs = [(kind, query) for query in QUERIES for kind in visitors]
    topics = {key(None, query)[1:]: query.topic for query in QUERIES}
    print_server()
    print(f"load average at start: {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1 / 5 / 15 min)")
    print(
        f"\nours, uncached (SEARCH_CACHE_SECONDS=0): {len(QUERIES)} queries × {len(visitors)} visitor kinds, "
        f"warm-up + {args.repeat} timed runs each"
    )
    with override_settings(SEARCH_CACHE_SECONDS=0):
        ours_run = measure(ours, pairs, visitors, args.repeat)
    print("ours, exact computation (every match counted) of the same searches, to compare", flush=True)
    exact = exact_answers(pairs, visitors)
    cache.clear()
    print(f"ours, cached answers ({settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}): the same searches again")
    cached_run = measure(ours, pairs, visitors, args.repeat)
    stock_run, sampled = None, set()
    if args.stock_sample:
        step = max(1, len(pairs) // args.stock_sample)
        stock_pairs = pairs[::step][: args.stock_sample]
        sampled = {key(kind, query) for kind, query in stock_pairs}
        print(
            f"stock: {len(stock_pairs)} sampled pairs (every {step}th), one warm-up, {args.stock_repeat} timed run(s)"
        )
        stock_run = measure(stock, stock_pairs, visitors, args.stock_repeat, warm_each=False)
    report(visitors, ours_run, stock_run, sampled, exact)
    report_cached(visitors, cached_run, ours_run)
    differ, small, wrong_above = check_exact(ours_run, exact)
    print(
        f"answers differing from the exact computation: {len(differ)} of the {small} with ≤ 10,000 matches; "
        f"above 10,000 not marked gte/approximate or with another page or experts: {len(wrong_above)} of "
        f"{len(ours_run.answers) - small}"
    )
    for kind, text, filters in (differ + wrong_above)[:5]:
        print(f"  differs: {text!r} {dict(filters) or ''} as {kind}")

    p50, p95, _worst, n = figures(ours_run.times)
    c50, c95, _worst, cn = figures(cached_run.times)
    met = p50 <= 25 and p95 <= 50 and c95 <= 10 and not differ and not wrong_above
    print(
        f"\n{args.assets + args.posts:,} items, load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}: "
        f"ours uncached p50 {p50:.1f} ms, p95 {p95:.1f} ms over {n} searches (goal p50 ≤ 25, p95 ≤ 50 ms); "
        f"cached p50 {c50:.1f} ms, p95 {c95:.1f} ms over {cn} (goal p95 ≤ 10 ms): goal {'met' if met else 'NOT met'}"
    )
    print(
        f"relevance, share of the top 10 on the query's topic: ours {relevance(ours_run.answers, topics):.0%}", end=""
    )
    if stock_run:
        mine = {k: v for k, v in ours_run.answers.items() if k in sampled}
        overlap = [len(set(mine[k][0]) & set(stock_run.answers[k][0])) / max(1, len(mine[k][0])) for k in mine]
        found = sum(mine[k][1] for k in mine) / max(1, sum(stock_run.answers[k][1] for k in mine))
        print(
            f" (sampled pairs {relevance(mine, topics):.0%}), stock {relevance(stock_run.answers, topics):.0%}; "
            f"top-10 overlap {statistics.mean(overlap):.0%}; items found ours/stock {found:.2f}"
        )
    else:
        print()

    slowest = sorted(ours_run.times.items(), key=lambda item: -statistics.median(item[1]))
    if not met:
        print("why not (EXPLAIN ANALYZE of the three slowest searches, uncached):")
        with override_settings(SEARCH_CACHE_SECONDS=0):
            for (kind, text, filters), _times in slowest[:3]:
                reason = where_the_time_goes(visitors[kind], Query(text, None, dict(filters)))
                print(f"  {text!r} {dict(filters) or ''} as {kind}: {reason}")
    print("\nslowest (ours, median of the timed runs):")
    for (kind, text, filters), times in slowest[:10]:
        total = exact.answers[kind, text, filters][1]
        print(f"  {statistics.median(times):7.1f} ms  {text!r} {dict(filters) or ''} as {kind}: {total:,} found")
    for (kind, text, filters), _times in slowest[: args.explain]:
        print(f"\nEXPLAIN ANALYZE ours: {text!r} {dict(filters) or ''} as {kind}")
        with override_settings(SEARCH_CACHE_SECONDS=0):
            explain_ours(visitors[kind], Query(text, None, dict(filters)))
    if args.explain and stock_run:
        kind, text, filters = max(stock_run.times, key=lambda k: stock_run.times[k][0])
        print(f"\nEXPLAIN ANALYZE stock, page of 10 (one of its ~10 statements): {text!r} as {kind}")
        explain_stock(visitors[kind], Query(text, None, dict(filters)))


def both_sizes(args):
    """The issue's two corpus sizes, each in its own run (and database), then both summary lines and reasons."""
    import subprocess

    passed = [a for a in sys.argv[1:] if a != "--both"]
    summary = []
    for assets, posts in ((5_000, 20_000), (args.assets, args.posts)):
        command = [sys.executable, __file__, *passed, "--assets", str(assets), "--posts", str(posts)]
        command += ["--database", f"{args.database}_{(assets + posts) // 1000}k"]
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as run:
            keep = False
            for line in run.stdout:
                print(line, end="", flush=True)
                keep = keep or " items, load average " in line
                if keep and (line.startswith(("why not", "  '")) or " items, load average " in line):
                    summary.append(line.rstrip())
                if line.startswith("slowest"):
                    keep = False
        if run.returncode:
            raise SystemExit(run.returncode)
    print("\nboth corpus sizes:")
    print("\n".join(line.lstrip("\n") for line in summary))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=50_000)
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (visitor, query), ours")
    parser.add_argument("--stock-sample", type=int, default=40, help="(visitor, query) pairs timed on stock; 0: none")
    parser.add_argument("--no-stock", action="store_true", help="time ours only (same as --stock-sample 0)")
    parser.add_argument("--stock-repeat", type=int, default=1, help="timed runs of each sampled pair, stock")
    parser.add_argument("--keep", action="store_true", help="keep the database; reuse a corpus of the same size")
    parser.add_argument("--explain", type=int, default=0, help="EXPLAIN ANALYZE the N slowest searches")
    parser.add_argument("--database", default=os.environ.get("SEARCH_BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument(
        "--both", action="store_true", help="run at 25k items (5,000 + 20,000) and at the given size, then sum up"
    )
    args = parser.parse_args()
    if args.both:
        return both_sizes(args)
    if args.no_stock:
        args.stock_sample = 0
    prepare_database(args.database, args.keep)
    os.environ["DATABASE_URL"] = args.database
    import django

    django.setup()
    try:
        run(args)
    finally:
        if not args.keep:
            drop_database(args.database)


if __name__ == "__main__":
    main()
