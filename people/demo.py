"""Demo institution: a regency's unit tree, ~50 employees, rumpun and kelompok keahlian, CorpU roles."""

import datetime
import random

from django.contrib.auth.hashers import make_password

from corpu.mail import site_url

from .models import Keanggotaan, KelompokKeahlian, PeranKelompok, RumpunKeahlian, UnitKerja, User
from .roles import CLO, DEWAN_PENGARAH, VERIFIKATOR_UNIT, assign_role

DEMO_PASSWORD = "corpu-demo-2026"
REVIEWER = "pakar.jalan"  # a named expert of the "Revidu pakar" workflow (knowledge_assets.demo adds them)

UNITS = {
    "Sekretariat Daerah": ["Bagian Organisasi", "Bagian Pemerintahan", "Bagian Perekonomian"],
    "BKPSDM": ["Bidang Pengembangan Kompetensi", "Bidang Mutasi dan Promosi"],
    "Bappeda": ["Bidang Perencanaan Infrastruktur", "Bidang Perencanaan Sosial Budaya"],
    "Dinas PUPR": ["Bidang Bina Marga", "Bidang Cipta Karya", "Bidang Sumber Daya Air"],
    "Dinas Kesehatan": ["Bidang Pelayanan Kesehatan", "Puskesmas Paringin"],
    "Dinas Pendidikan dan Kebudayaan": ["Bidang Pembinaan SD", "Bidang Kebudayaan"],
    "Inspektorat": [],
    "BPKAD": ["Bidang Anggaran", "Bidang Aset"],
    "Dinas Kependudukan dan Pencatatan Sipil": [],
}

RUMPUN = [
    ("Kesejahteraan Sosial, Daya Saing Masyarakat dan Tata Kelola Pemerintahan", "asisten.pemkesra"),
    ("Perekonomian dan Pembangunan", "asisten.ekbang"),
    ("Administrasi dan Umum", "asisten.adum"),
]

KELOMPOK = [
    ("KK Kesehatan Masyarakat", 0, "Dinas Kesehatan", "kadis.kesehatan"),
    ("KK Pendidikan dan Kebudayaan", 0, "Dinas Pendidikan dan Kebudayaan", "kadis.pendidikan"),
    ("KK Administrasi Kependudukan", 0, "Dinas Kependudukan dan Pencatatan Sipil", "kadis.dukcapil"),
    ("KK Infrastruktur dan Jalan", 1, "Dinas PUPR", "kadis.pupr"),
    ("KK Perencanaan Pembangunan", 2, "Bappeda", "kepala.bappeda"),
    ("KK Manajemen ASN", 2, "BKPSDM", "clo"),
    ("KK Pengawasan dan Akuntabilitas", 2, "Inspektorat", "inspektur"),
    ("KK Keuangan dan Aset Daerah", 2, "BPKAD", "kepala.bpkad"),
]

# The head (pimpinan) of each top unit: the supervisor in the performance dialogue for its staff.
HEADS = {
    "Sekretariat Daerah": "sekda",
    "BKPSDM": "clo",
    "Bappeda": "kepala.bappeda",
    "Dinas PUPR": "kadis.pupr",
    "Dinas Kesehatan": "kadis.kesehatan",
    "Dinas Pendidikan dan Kebudayaan": "kadis.pendidikan",
    "Inspektorat": "inspektur",
    "BPKAD": "kepala.bpkad",
    "Dinas Kependudukan dan Pencatatan Sipil": "kadis.dukcapil",
}

# username, name, gender (1/2), type, rank, position, unit path
KEY_PEOPLE = [
    (
        "sekda",
        "Drs. H. Akhmad Syahrani, M.Si.",
        1,
        "PNS",
        "Pembina Utama Madya (IV/d)",
        "Sekretaris Daerah",
        "Sekretariat Daerah",
    ),
    (
        "asisten.pemkesra",
        "Hj. Rusmilawati, S.Sos., M.AP.",
        2,
        "PNS",
        "Pembina Utama Muda (IV/c)",
        "Asisten Pemerintahan dan Kesra",
        "Sekretariat Daerah/Bagian Pemerintahan",
    ),
    (
        "asisten.ekbang",
        "Ir. Muhammad Noor, M.T.",
        1,
        "PNS",
        "Pembina Utama Muda (IV/c)",
        "Asisten Perekonomian dan Pembangunan",
        "Sekretariat Daerah/Bagian Perekonomian",
    ),
    (
        "asisten.adum",
        "Hairul Anwar, S.H., M.H.",
        1,
        "PNS",
        "Pembina Utama Muda (IV/c)",
        "Asisten Administrasi Umum",
        "Sekretariat Daerah/Bagian Organisasi",
    ),
    ("clo", "Dra. Norhayati, M.Pd.", 2, "PNS", "Pembina Utama Muda (IV/c)", "Kepala BKPSDM", "BKPSDM"),
    (
        "kadis.kesehatan",
        "dr. Rahmat Hidayat, M.Kes.",
        1,
        "PNS",
        "Pembina Tingkat I (IV/b)",
        "Kepala Dinas Kesehatan",
        "Dinas Kesehatan",
    ),
    (
        "kadis.pendidikan",
        "Dra. Siti Mariana, M.Pd.",
        2,
        "PNS",
        "Pembina Tingkat I (IV/b)",
        "Kepala Dinas Pendidikan dan Kebudayaan",
        "Dinas Pendidikan dan Kebudayaan",
    ),
    (
        "kadis.dukcapil",
        "Ahmad Fauzan, S.STP., M.Si.",
        1,
        "PNS",
        "Pembina Tingkat I (IV/b)",
        "Kepala Dinas Dukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
    ),
    ("kadis.pupr", "Ir. Budi Santoso, M.T.", 1, "PNS", "Pembina Tingkat I (IV/b)", "Kepala Dinas PUPR", "Dinas PUPR"),
    ("kepala.bappeda", "Dr. Fitriani, S.E., M.Si.", 2, "PNS", "Pembina Tingkat I (IV/b)", "Kepala Bappeda", "Bappeda"),
    (
        "inspektur",
        "Syamsul Bahri, S.E., M.Ak.",
        1,
        "PNS",
        "Pembina Tingkat I (IV/b)",
        "Inspektur Daerah",
        "Inspektorat",
    ),
    ("kepala.bpkad", "Yuliana Sari, S.E., M.M.", 2, "PNS", "Pembina Tingkat I (IV/b)", "Kepala BPKAD", "BPKAD"),
    (
        "asn",
        "Rizky Pratama, S.T.",
        1,
        "PNS",
        "Penata Muda (III/a)",
        "Pengawas Jalan dan Jembatan",
        "Dinas PUPR/Bidang Bina Marga",
    ),
]

FIRST = {
    1: [
        "Muhammad",
        "Ahmad",
        "Rizal",
        "Fajar",
        "Hendra",
        "Agus",
        "Rahmadi",
        "Yusuf",
        "Arif",
        "Dedi",
        "Taufik",
        "Irwan",
        "Bayu",
        "Gusti",
    ],
    2: [
        "Siti",
        "Nur",
        "Dewi",
        "Rina",
        "Fitri",
        "Noor",
        "Aulia",
        "Ratna",
        "Wulan",
        "Intan",
        "Laila",
        "Maya",
        "Sri",
        "Yanti",
    ],
}
LAST = [
    "Hidayat",
    "Rahman",
    "Saputra",
    "Lestari",
    "Wahyuni",
    "Hakim",
    "Maulana",
    "Ramadhani",
    "Firdaus",
    "Kurniawan",
    "Susanti",
    "Anggraini",
    "Halim",
    "Nugroho",
    "Safitri",
    "Jannah",
    "Pratiwi",
    "Hasanah",
    "Akbar",
    "Mahmudah",
]
DEGREES = ["S.Kom.", "S.E.", "S.T.", "S.Sos.", "S.AP.", "S.Kep.", "S.Pd.", "A.Md.", "S.H.", "S.Ak."]
STAFF_RANKS = [
    "Pengatur (II/c)",
    "Penata Muda (III/a)",
    "Penata Muda Tingkat I (III/b)",
    "Penata (III/c)",
    "Penata Tingkat I (III/d)",
]
POSITIONS = [
    "Analis Kebijakan",
    "Pranata Komputer",
    "Analis Sumber Daya Manusia Aparatur",
    "Perencana",
    "Auditor",
    "Teknik Jalan dan Jembatan",
    "Perawat",
    "Penyuluh Kesehatan Masyarakat",
    "Guru",
    "Analis Keuangan",
    "Pengelola Data",
    "Arsiparis",
    "Pengadministrasi Umum",
]


def make_nip(rng, gender, used):
    """A valid, unique demo NIP."""
    while True:
        born = datetime.date(1968, 1, 1) + datetime.timedelta(days=rng.randrange(0, 30 * 365))
        tmt_year = min(born.year + rng.randint(22, 30), 2024)
        nip = f"{born:%Y%m%d}{tmt_year}{rng.randint(1, 12):02d}{gender}{rng.randint(1, 999):03d}"
        if nip not in used:
            used.add(nip)
            return nip


def seed(out):
    rng = random.Random(2026)
    password = make_password(DEMO_PASSWORD)
    units = {path: UnitKerja.ensure_path(path) for path in all_unit_paths()}
    used = set(User.objects.exclude(nip=None).values_list("nip", flat=True))

    def employee(username, nama, gender, jenis, pangkat, jabatan, unit_path, **extra):
        user = User.objects.filter(username=username).first()
        if user:
            return user
        nip = make_nip(rng, gender, used) if jenis in ("PNS", "PPPK") else None
        return User.objects.create(
            username=username,
            nama=nama,
            nip=nip,
            jenis_pegawai=jenis,
            pangkat_golongan=pangkat,
            jabatan=jabatan,
            unit_kerja=units.get(unit_path),
            password=password,
            email=f"{username}@demo.corpu.id",
            **extra,
        )

    admin = employee(
        "admin",
        "Administrator CorpU",
        1,
        "TKK",
        "",
        "Administrator Sistem",
        "BKPSDM/Bidang Pengembangan Kompetensi",
        is_superuser=True,
        is_staff=True,
    )
    key = {row[0]: employee(*row) for row in KEY_PEOPLE}
    assign_role(key["sekda"], DEWAN_PENGARAH)
    assign_role(key["kepala.bappeda"], DEWAN_PENGARAH)
    assign_role(key["clo"], CLO)
    for path, username in HEADS.items():
        UnitKerja.objects.filter(pk=units[path].pk, kepala__isnull=True).update(kepala=key[username])

    rumpun = []
    for nama, koordinator in RUMPUN:
        obj, _ = RumpunKeahlian.objects.get_or_create(nama=nama, defaults={"koordinator": key[koordinator]})
        rumpun.append(obj)
    kelompok = []
    for nama, rumpun_index, unit_path, ketua in KELOMPOK:
        obj, _ = KelompokKeahlian.objects.get_or_create(
            nama=nama,
            defaults={
                "rumpun": rumpun[rumpun_index],
                "unit_kerja": units[unit_path],
                "deskripsi": f"Kelompok keahlian di lingkungan {unit_path}.",
            },
        )
        Keanggotaan.objects.get_or_create(kelompok=obj, user=key[ketua], defaults={"peran": PeranKelompok.KETUA})
        kelompok.append(obj)

    staff_units = [path for path in units if "/" in path] + ["Inspektorat", "Dinas Kependudukan dan Pencatatan Sipil"]
    for index in range(36):
        gender = 1 if index % 2 == 0 else 2
        nama = f"{rng.choice(FIRST[gender])} {rng.choice(LAST)}, {rng.choice(DEGREES)}"
        jenis = "PPPK" if index % 6 == 5 else ("TKK" if index % 12 == 11 else "PNS")
        unit_path = staff_units[index % len(staff_units)]
        user = employee(
            f"pegawai{index + 1:02d}",
            nama,
            gender,
            jenis,
            rng.choice(STAFF_RANKS) if jenis == "PNS" else "",
            rng.choice(POSITIONS),
            unit_path,
        )
        matching = [k for k in kelompok if unit_path.startswith(k.unit_kerja.nama)]
        if matching and index % 3 != 2:
            Keanggotaan.objects.get_or_create(
                kelompok=matching[0], user=user, defaults={"bidang_keahlian": user.jabatan}
            )

    guest = employee(
        "akademisi",
        "Dr. Hj. Nurul Fikri, M.P.H. (Universitas Lambung Mangkurat)",
        2,
        "NON_ASN",
        "",
        "Dosen Kesehatan Masyarakat",
        "",
        instansi_asal="Universitas Lambung Mangkurat",
    )
    Keanggotaan.objects.get_or_create(kelompok=kelompok[0], user=guest, defaults={"bidang_keahlian": "Epidemiologi"})
    employee(
        "asn.tabalong",
        "Andi Saputra, S.Kom.",
        1,
        "PNS",
        "Penata Muda (III/a)",
        "Pranata Komputer",
        "",
        instansi_asal="Pemerintah Kabupaten Tabalong",
    )

    verifier = employee(
        "verifikator.pupr",
        "Nurul Hidayah, S.E.",
        2,
        "PNS",
        "Penata (III/c)",
        "Analis Sumber Daya Manusia Aparatur",
        "Dinas PUPR",
    )
    assign_role(verifier, VERIFIKATOR_UNIT)
    employee(REVIEWER, "Dr. Ir. Hendra Wijaya, M.T.", 1, "NON_ASN", "", "Ahli Jalan dan Jembatan", "")

    out.write(
        f"Akun demo (kata sandi semua akun: {DEMO_PASSWORD}); masuk di {site_url('/akun/login/')} "
        "dengan nama pengguna, NIP, atau e-mail:"
    )
    for username, role in [
        ("admin", "superuser"),
        ("clo", "CLO / Kepala BKPSDM: verifikasi JP semua unit, dasbor JP, forum dan kalender pembelajaran"),
        ("sekda", "Dewan Pengarah"),
        ("asisten.adum", "Koordinator KK"),
        ("kadis.pupr", "Ketua KK Infrastruktur: merevidu aset kelompoknya"),
        ("verifikator.pupr", "Verifikator JP Sekretariat Dinas PUPR: memverifikasi JP pegawai Dinas PUPR"),
        (REVIEWER, "pakar revidu (non-ASN): menyetujui aset pengetahuan yang menunggu revidu pakar"),
        ("asn", "ASN Dinas PUPR"),
        ("pegawai01", "ASN"),
        ("akademisi", "anggota KK non-ASN"),
        ("asn.tabalong", "ASN dari instansi lain"),
    ]:
        user = User.objects.get(username=username)
        out.write(f"  {username:<16} {user.nip or '-':<20} {role}")
    out.write(
        f"  ... dan {User.objects.filter(username__startswith='pegawai').count()} pegawai lain (pegawai01–pegawai36)"
    )
    return admin


def all_unit_paths():
    for top, children in UNITS.items():
        yield top
        for child in children:
            yield f"{top}/{child}"
