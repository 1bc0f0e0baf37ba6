"""The vocabulary of Keputusan Kepala LAN 605/K.1/HKM.02.2/2025, Anak Lampiran (Formulir 1 and 2), verbatim.

Labels are the seed's own words, typos included ("Self-Assesment", "yang Terkait yang Terkait"): the exports print
them as the LAN form does. They are data, not translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from corpu.choices import Competency

# Formulir 1 part B: (group number, group "Dasar", code, "Analisis" label).
BASIS_GROUPS = {
    1: "Arah Pengembangan Kompetensi Instansi",
    2: "Indikator Kinerja Utama Unit Kerja",
    3: "Informasi Kinerja Individu",
    4: "Informasi Kompetensi Jabatan Individu",
    5: "Rencana Karier Individu",
}
BASIS_ROWS = [
    (1, "1.1", "Arah Pembelajaran Instansi yang Terkait dengan Pegawai"),
    (1, "1.2", "Dokumen Rencana Pengembangan Kompetensi/HCDP Instansi yang Terkait dengan Pegawai**"),
    (2, "2.1", "Sasaran Strategis yang Terkait dengan Pegawai**"),
    (2, "2.2", "Sasaran Program Terkait yang Terkait dengan Pegawai **"),
    (2, "2.3", "Sasaran Kegiatan yang Terkait yang Terkait dengan Pegawai **"),
    (3, "3.1", "Sasaran Kinerja Pegawai Tahun Berjalan"),
    (3, "3.2", "Penilaian Kinerja Terakhir"),
    (4, "4.1", "Hasil Uji Kompetensi Jabatan Pegawai Terakhir**"),
    (4, "4.2", "Hasil Self-Assesment/Penilaian Kesenjangan Kompetensi Pegawai"),
    (5, "5.1", "Gambaran Rencana Karier"),
    (5, "5.2", "Informasi Manajemen Talenta ASN Instansi"),
    (
        5,
        "5.3",
        "Kebutuhan Pengembangan Kompetensi untuk Mendukung Rencana Karier yang belum termasuk dalam dasar 1, 2, 3, "
        "dan 4.",
    ),
]
BASIS_CODES = [code for _group, code, _label in BASIS_ROWS]
BASIS_LABELS = {code: label for _group, code, label in BASIS_ROWS}
BASIS_GROUP_OF = {code: group for group, code, _label in BASIS_ROWS}
AVAILABILITY_LABEL = "Ada/Tidak Ada*"

# Part A: the profile lines in the LAN order.
PROFILE_LABELS = [
    ("nama", "Nama"),
    ("nip", "NIP"),
    ("pangkat_golongan", "Pangkat/Golongan"),
    ("pendidikan", "Pendidikan"),
    ("masa_kerja", "Masa Kerja"),
    ("jabatan", "Jabatan saat ini"),
    ("unit_kerja", "Unit Kerja"),
]

# The B 4.2 lines, one per competency type (Formulir 1, "Informasi/Analisis" of 4.2).
GAP_HEADINGS = {
    Competency.MANAGERIAL: "Kebutuhan Kompetensi Manajerial:",
    Competency.SOCIO_CULTURAL: "Kebutuhan Kompetensi Sosio-Kultural:",
    Competency.TECHNICAL: "Kebutuhan Kompetensi Teknis:",
}


class Method(models.TextChoices):
    """Klasifikasi metode: Formal/ Sosial/ Eksperiensial."""

    FORMAL = "formal", _("Formal")
    SOCIAL = "sosial", _("Sosial")
    EXPERIENTIAL = "eksperiensial", _("Eksperiensial")


class Level(models.TextChoices):
    """Level Pelaksana: Teknis/ Operasional/ Strategis (unit, lintas unit, organisasi)."""

    TECHNICAL = "teknis", _("Teknis")
    OPERATIONAL = "operasional", _("Operasional")
    STRATEGIC = "strategis", _("Strategis")


class Priority(models.TextChoices):
    """Prioritas (Tinggi/ Sedang/ Rendah) of Formulir 2."""

    HIGH = "tinggi", _("Tinggi")
    MEDIUM = "sedang", _("Sedang")
    LOW = "rendah", _("Rendah")


class GapAspect(models.TextChoices):
    """What a competency gap is about (BAB II B, Pelaksanaan 3): it decides the method hint."""

    KNOWLEDGE = "pengetahuan", _("Pengetahuan")
    SKILL = "keterampilan", _("Keterampilan")
    BEHAVIOUR = "perilaku", _("Sikap/perilaku")


# Formulir 2 column headers, verbatim.
KELOMPOK_RECAP_HEADERS = [
    "No.",
    "Nama Pegawai",
    "Relevansi",
    "Deskripsi Singkat Tujuan/Output Pembelajaran",
    "Klasifikasi Kompetensi (Manajerial/ Sosio-Kultural/ Teknis)",
    "Metode (Formal/Sosial/ Eksperiensial)",
    "Sumber Pembelajaran/ Pelaksana",
    "Waktu Pelaksanaan",
    "Level Pelaksanaan",
    "Prioritas (Tinggi/ Sedang/ Rendah)",
]
CLO_RECAP_TITLES = {
    Level.STRATEGIC: "Level Strategis",
    Level.OPERATIONAL: "Level Operasional",
    Level.TECHNICAL: "Level Teknis",
}
# The seed heads the last column "Jumlah Pegawai Peserta" at the strategic level and "Jumlah Pegawai" at the other two.
CLO_RECAP_HEADERS = {
    level: [
        "Nama Kompetensi",
        "Pengembangan",
        "Metode",
        "Sumber Pembelajaran",
        "Waktu Pelaksanaan",
        "Unit Organisasi Peserta",
        "Jumlah Pegawai Peserta" if level == Level.STRATEGIC else "Jumlah Pegawai",
    ]
    for level in CLO_RECAP_TITLES
}

# Formulir 1 part titles and column headers, verbatim (D and E differ from C: "Metode", "Waktu Pelaksanaan").
PART_TITLES = {
    "A": "A. Data Diri Pegawai",
    "B": "B. Informasi Dasar Arah Pengembangan Kompetensi Pegawai (Diisi oleh Pegawai)",
    "C": "C. Usulan Rencana Pengembangan Kompetensi (Hasil Dialog Kinerja Awal Tahun)",
    "D": "D. Hasil Verifikasi Rencana Pengembangan Kompetensi (Hasil dari Verifikasi Kelompok Keahlian/Koordinator "
    "Pembelajaran)",
    "E": "E. Evaluasi Kinerja (Hasil Dialog Kinerja dalam Proses Penilaian Kinerja)",
}
B_HEADERS = [
    "No",
    "Dasar",
    "Ketersediaan Informasi (*Coret yang Tidak Perlu)",
    "Kode",
    "Analisis (**Apabila Ada)",
    "Informasi/Analisis",
]
_RELEVANCE = "Relevansi (Dapat diisi dengan kode analisis)"
C_HEADERS = [
    "No.",
    _RELEVANCE,
    "Tujuan dan Output Pembelajaran",
    "Kompetensi yang Akan Dikembangkan",
    "Usulan Metode",
    "Jangka Waktu Pelaksanaan",
    "Usulan Level Pelaksanaan",
]
D_TITLE = "RENCANA PENGEMBANGAN KOMPETENSI INDIVIDU"
D_HEADERS = [
    "No.",
    _RELEVANCE,
    "Tujuan dan Output Pembelajaran",
    "Kompetensi yang Akan Dikembangkan",
    "Metode",
    "Waktu Pelaksanaan",
    "Level Pelaksanaan",
]
E_GROUP_HEADER = "Tindak Lanjut Kebutuhan Pengembangan Kompetensi"
E_HEADERS = D_HEADERS
