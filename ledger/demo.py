"""Demo JP ledger: verified (and a few submitted) entries for "asn" and some colleagues this year."""

import datetime

from corpu.mail import site_url
from people.models import User

from .models import LedgerSettings, Rulebook, Source, Status
from .services import record_activity

# (form, title, organiser, scope, month, day, days, quantity, unit, stated_jp, source, status)
ASN_ENTRIES = [
    (
        "seminar",
        "Seminar Nasional Jalan Daerah Berkelanjutan",
        "Kementerian PUPR",
        "nasional",
        1,
        22,
        1,
        1,
        "hari",
        None,
    ),
    ("e_learning", "Etika dan Integritas ASN (MOOC)", "LAN RI", "nasional", 2, 3, 1, 1, "hari", 3),
    (
        "coaching",
        "Coaching pengawasan mutu jalan (sesi 1)",
        "Bidang Bina Marga",
        "nasional",
        2,
        12,
        1,
        1,
        "kegiatan",
        2,
    ),
    (
        "coaching",
        "Coaching pengawasan mutu jalan (sesi 2)",
        "Bidang Bina Marga",
        "nasional",
        2,
        26,
        1,
        1,
        "kegiatan",
        2,
    ),
    ("belajar_mandiri", "Membaca Pedoman Perkerasan Jalan 2024", "-", "nasional", 3, 9, 1, 3, "jp", None),
    (
        "komunitas_belajar",
        "CoP Infrastruktur: Drainase Jalan",
        "KK Infrastruktur dan Jalan",
        "nasional",
        4,
        17,
        1,
        2,
        "jp",
        2,
    ),
    ("mentoring", "Mentoring penyusunan RAB", "Dinas PUPR", "nasional", 5, 6, 1, 1, "kegiatan", 2),
]
# Last year's record, so the year selector has history.
ASN_LAST_YEAR = [
    ("workshop", "Workshop BIM untuk Jalan dan Jembatan", "Politeknik PU", "nasional", 6, 10, 2, 2, "hari", 16),
    (
        "patok_banding",
        "Patok banding pemeliharaan jalan",
        "Bidang Bina Marga",
        "nasional",
        7,
        15,
        1,
        1,
        "kegiatan",
        None,
    ),
]

COLLEAGUES = {
    "pegawai01": [
        ("pelatihan_teknis", "Pelatihan Teknis Pengadaan Barang/Jasa", "LKPP", "nasional", 3, 3, 5, 40, "jp", 40),
        ("seminar", "Webinar Reformasi Birokrasi", "KemenPAN-RB", "nasional", 5, 20, 1, 1, "hari", None),
    ],
    "pegawai02": [
        ("e_learning", "Literasi Digital ASN", "Kominfo", "nasional", 4, 7, 1, 1, "hari", 3),
        ("coaching", "Coaching kinerja triwulan II", "BKPSDM", "nasional", 6, 2, 1, 1, "kegiatan", 2),
    ],
    "pegawai03": [
        ("seminar", "Asia Pacific Public Health Forum", "WHO SEARO", "internasional", 8, 11, 2, 2, "hari", None),
    ],
}


def _post(user, index, row, year, verifier, status=Status.VERIFIED):
    form, title, organiser, scope, month, day, days, quantity, unit, stated = row
    start = datetime.date(year, month, day)
    _entry, created = record_activity(
        user,
        form,
        title,
        start,
        start + datetime.timedelta(days=days - 1),
        quantity,
        unit,
        scope=scope,
        stated_jp=stated,
        source=Source.EXTERNAL,
        source_ref=f"demo:{year}:{index}",
        status=status,
        verifier=verifier,
        organiser=organiser,
        certificate_no=f"DEMO/{year}/{user.username}/{index:02d}",
    )
    return created


DEMO_RULEBOOK = "banjarbaru-2025"
DEMO_REASON = (
    "Kabupaten demo belum menetapkan tabel konversi JP sendiri; sampai ada, dipakai Perwali Banjarbaru 23/2025 "
    "Lampiran B, tabel konversi terbaru yang tersedia (dipilih BKPSDM di Pengaturan buku JP)."
)


def choose_rulebook():
    """The demo institution counts with an explicit, visible setting (kept when someone already chose one)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    rulebook = Rulebook.objects.filter(slug=DEMO_RULEBOOK).first()
    if site is None or rulebook is None:
        return
    settings_row = LedgerSettings.for_site(site)
    if settings_row.rulebook_id is None:
        settings_row.rulebook = rulebook
        settings_row.rulebook_reason = DEMO_REASON
        settings_row.save()


def seed(out):
    year = datetime.date.today().year
    choose_rulebook()
    created = 0
    verifier = User.objects.filter(username="clo").first()
    users = {user.username: user for user in User.objects.filter(username__in=["asn", *COLLEAGUES])}
    if "asn" in users:
        for index, row in enumerate(ASN_ENTRIES):
            created += _post(users["asn"], index, row, year, verifier)
        for index, row in enumerate(ASN_LAST_YEAR, start=50):
            created += _post(users["asn"], index, row, year - 1, verifier)
        pending = ("kursus", "Kursus Bahasa Inggris untuk ASN", "UPT Bahasa", "nasional", 9, 1, 5, 12, "jp", 12)
        created += _post(users["asn"], 99, pending, year, verifier, status=Status.SUBMITTED)
    for username, rows in COLLEAGUES.items():
        if username in users:
            for index, row in enumerate(rows):
                created += _post(users[username], index, row, year, verifier)
    out.write(f"Buku JP: {created} entri demo baru (login 'asn' lalu buka {site_url('/jp/')}).")
