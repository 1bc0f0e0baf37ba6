"""Demo impact, maturity and monev: two years of maturity assessments (last year and this year, both submitted so
the change shows), an impact sheet for one of this year's programmes, and monev records for a few perangkat daerah.
Made through the services; idempotent."""

import datetime
from decimal import Decimal

from people.models import UnitKerja, User
from planning.models import LearningProgramme, UnitTarget

from .models import Better, ElementRating, MaturityAssessment, MonevRecord, Phase
from .services import impact, maturity, monev

# levels per element (Element order), last year then this year, with the assessor's evidence
LEVELS = {
    "struktur": (2, 3, "SK Dewan Pengarah dan CLO ditetapkan; kelompok keahlian dengan ketua."),
    "manajemen_pengetahuan": (1, 2, "Katalog aset pengetahuan berjalan; penerapan mulai dicatat."),
    "forum_pembelajaran": (2, 3, "Forum strategis, operasional dan teknis diselenggarakan dengan notulen."),
    "sistem_pembelajaran": (2, 3, "IDP disusun lewat dialog kinerja dan diverifikasi kelompok keahlian."),
    "strategi_pembelajaran": (2, 2, "Kalender pembelajaran dari kebutuhan yang diterima forum."),
    "teknologi_pembelajaran": (1, 3, "LMS CorpU dengan kursus daring, H5P dan SCORM."),
    "integrasi_pembelajaran": (1, 2, "JP tercatat otomatis dari LMS; pemenuhan 20 JP dipantau."),
}
MONEV = [
    ("Dinas PUPR", "Dua pegawai belum mencapai 20 JP; bukti pelatihan teknis belum diunggah.", "done"),
    ("Dinas Kesehatan", "Rencana pengembangan belum memuat pelatihan promosi kesehatan.", "in_progress"),
    ("BKPSDM", "Verifikasi JP tepat waktu; perlu sosialisasi RPL.", "open"),
]


def _assessment(clo, year, column):
    if MaturityAssessment.objects.filter(year=year).exists():
        return
    assessment = maturity.start(clo, year)
    for rating in ElementRating.objects.filter(assessment=assessment):
        levels = LEVELS[rating.element]
        maturity.rate(clo, rating, levels[column], levels[2])
    maturity.submit(clo, assessment, "Penguatan integrasi pembelajaran dengan kinerja unit kerja.")


def _impact(clo, year):
    programme = LearningProgramme.objects.filter(year=year).order_by("starts_on", "id").first()
    target = UnitTarget.objects.filter(direction__year=year, kind="sasaran_strategis").order_by("id").first()
    if programme is None or target is None:
        return None
    indicators = [
        ("Kemantapan jalan kabupaten", "%", Better.HIGHER, (Decimal("78.40"), Decimal("82.10"))),
        ("Rata-rata waktu tanggap perbaikan jalan", "hari", Better.LOWER, (Decimal("14"), Decimal("9"))),
    ]
    for indicator, uom, better, (before, after) in indicators:
        link = programme.impact_links.filter(target=target, indicator=indicator).first()
        link = link or impact.link_target(clo, programme, target, indicator, uom, better)
        impact.record_value(clo, link, Phase.BEFORE, before, datetime.date(year - 1, 12, 31), f"LKjIP {year - 1}")
        impact.record_value(clo, link, Phase.AFTER, after, datetime.date(year, 11, 30), "e-Kinerja triwulan III")
    return programme


def _monev(clo, year):
    for name, findings, status in MONEV:
        unit = UnitKerja.objects.filter(depth=1, nama=name).first()
        if unit is None:
            continue
        exists = MonevRecord.objects.filter(unit=unit, year=year).exists()
        record = monev.save_record(
            clo, unit, year, findings, "Tindak lanjuti dalam IDP tahun berikutnya.", status, "Dipantau sekretariat."
        )
        if not exists:
            monev.add_visit(
                clo, record, datetime.date(year, 9, 16), "kunjungan_lapangan", "Tim BKPSDM", "Bukti JP, IDP"
            )
            monev.add_visit(
                clo, record, datetime.date(year, 10, 7), "audiensi", "Sekretaris unit dan BKPSDM", "Kendala"
            )


def seed(out, year):
    clo = User.objects.filter(username="clo").first()
    if clo is None:
        out.write("Evaluasi kematangan: pengguna demo CLO tidak ada")
        return
    _assessment(clo, year - 1, 0)
    _assessment(clo, year, 1)
    programme = _impact(clo, year)
    _monev(clo, year)
    out.write(
        f"Kematangan CorpU {year - 1}–{year}; lembar dampak: {programme or '-'}; "
        f"monev {year}: {MonevRecord.objects.filter(year=year).count()} unit"
    )
