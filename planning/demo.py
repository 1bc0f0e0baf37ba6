"""Demo IDP year: dictionary extras, the direction and unit targets, the dialogue window, and plans of the demo
institution in every state (draft, submitted, agreed, in verification, verified), all made through the services."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from corpu.choices import Competency
from people.models import KelompokKeahlian, PeranKelompok, User

from .lan import GapAspect, Level, Method, Priority
from .models import (
    CompetencyDefinition,
    DecisionKind,
    Delivery,
    LearningProgramme,
    Plan,
    PlanRow,
    PlanState,
    PositionRequirement,
    ProgrammeStatus,
    Recommendation,
    RplState,
    Verification,
)
from .national_standard import load_national_standard
from .services import (
    assessment,
    dialogue,
    direction,
    drafting,
    forums,
    invitations,
    programmes,
    recap,
    rpl,
    verification,
)

# technical competency, its kelompok keahlian, the positions needing it
TECHNICAL = [
    (
        "Pengawasan Konstruksi Jalan dan Jembatan",
        "KK Infrastruktur dan Jalan",
        ["Pengawas Jalan dan Jembatan", "Teknik Jalan dan Jembatan"],
    ),
    ("Promosi Kesehatan Masyarakat", "KK Kesehatan Masyarakat", ["Penyuluh Kesehatan Masyarakat", "Perawat"]),
    ("Analisis Kebijakan Publik", "KK Perencanaan Pembangunan", ["Analis Kebijakan", "Perencana"]),
    ("Manajemen Talenta ASN", "KK Manajemen ASN", ["Analis Sumber Daya Manusia Aparatur"]),
    ("Audit Kinerja Instansi Pemerintah", "KK Pengawasan dan Akuntabilitas", ["Auditor"]),
    ("Penatausahaan Keuangan Daerah", "KK Keuangan dan Aset Daerah", ["Analis Keuangan"]),
    ("Tata Kelola Data dan Arsip Digital", "KK Manajemen ASN", ["Pranata Komputer", "Pengelola Data", "Arsiparis"]),
]
MANAGERIAL_STANDARD = {"Komunikasi": 3, "Kerja Sama": 3, "Orientasi pada Hasil": 3, "Perekat Bangsa": 3}
# the state each demo plan ends in, cycled over the employees
STATES = [
    PlanState.VERIFIED,
    PlanState.VERIFIED,
    PlanState.IN_VERIFICATION,
    PlanState.AGREED,
    PlanState.SUBMITTED,
    PlanState.DRAFT,
]


def _dictionary():
    load_national_standard()
    asn = KelompokKeahlian.objects.filter(nama="KK Manajemen ASN").first()
    CompetencyDefinition.objects.filter(national_standard=True, kelompok__isnull=True).update(kelompok=asn)
    for order, (name, kelompok, positions) in enumerate(TECHNICAL, start=1):
        competency, _created = CompetencyDefinition.objects.get_or_create(
            name=name,
            defaults={
                "competency_type": Competency.TECHNICAL,
                "kelompok": KelompokKeahlian.objects.filter(nama=kelompok).first(),
                "sort_order": order,
            },
        )
        for position in positions:
            PositionRequirement.objects.get_or_create(
                position=position, competency=competency, defaults={"required_level": 3}
            )
    for name, level in MANAGERIAL_STANDARD.items():
        competency = CompetencyDefinition.objects.get(name=name)
        for position in User.objects.exclude(jabatan="").values_list("jabatan", flat=True).distinct():
            PositionRequirement.objects.get_or_create(
                position=position, competency=competency, defaults={"required_level": level}
            )


def _rows(plan, employee, ratings):
    """Two C rows from the employee's largest gaps (technical first), with LAN's hinted method."""
    rows = []
    for rating in sorted(ratings, key=lambda r: (r.competency.competency_type != Competency.TECHNICAL, -r.gap))[:2]:
        aspect = GapAspect.SKILL if rating.competency.competency_type == Competency.TECHNICAL else GapAspect.KNOWLEDGE
        method = drafting.method_hint(aspect)[0]
        technical = rating.competency.competency_type == Competency.TECHNICAL
        rows.append(
            drafting.save_row(
                plan,
                employee,
                {
                    "relevance": "2.1, 4.2" if technical else "1.1, 4.2",
                    "objective": f"Menutup kesenjangan {rating.competency.name}",
                    "output": "Hasil kerja sesuai standar jabatan" if technical else "Praktik di unit kerja",
                    "competency": rating.competency,
                    "aspect": aspect,
                    "method": method,
                    "source": "Magang di OPD rujukan" if method == Method.EXPERIENTIAL else "Pelatihan daring CorpU",
                    "timeframe": "Triwulan II" if technical else "Triwulan III",
                    "level": Level.TECHNICAL if technical else Level.STRATEGIC,
                    "organiser": plan.unit.nama if technical else "BKPSDM",
                },
            )
        )
    return rows


def seed(out):
    year = timezone.localdate().year
    if Plan.objects.filter(year=year).exists():
        out.write(f"IDP {year}: sudah ada")
        return
    clo, sekda = User.objects.get(username="clo"), User.objects.get(username="sekda")
    _dictionary()
    window_day = datetime.date(year, 2, 10)
    dialogue.open_window(clo, year, datetime.date(year, 1, 15), datetime.date(year, 3, 31))
    jalan = CompetencyDefinition.objects.get(name=TECHNICAL[0][0])
    direction.set_direction(
        sekda,
        year,
        "Pembelajaran diarahkan pada transformasi digital pelayanan publik dan kemantapan infrastruktur daerah.",
        "HCDP 2025–2029: kepemimpinan digital, manajemen talenta, pengawasan konstruksi.",
        [jalan, CompetencyDefinition.objects.get(name="Orientasi pada Hasil")],
    )
    pupr = User.objects.get(username="kadis.pupr")
    direction.add_unit_target(
        pupr, year, pupr.unit_kerja, "sasaran_strategis", "Meningkatnya kemantapan jalan kabupaten (IKU: 85%)"
    )
    direction.add_unit_target(
        pupr, year, pupr.unit_kerja, "sasaran_program", "Program penyelenggaraan jalan: 120 km terpelihara"
    )

    employees = list(
        User.objects.filter(
            is_active=True, unit_kerja__isnull=False, jenis_pegawai__in=["PNS", "PPPK"], username__startswith="pegawai"
        )
        .select_related("unit_kerja")
        .order_by("username")
    )
    employees.insert(0, User.objects.get(username="asn"))
    planned = {}
    for index, employee in enumerate(employees):
        target = STATES[index % len(STATES)]
        sa = assessment.start_assessment(employee, year)
        for rating in sa.ratings.select_related("competency"):
            assessment.rate(sa, employee, rating.competency, max(1, rating.required_level - 1 - index % 2))
        assessment.complete_assessment(sa, employee)
        plan, _created = drafting.open_plan(employee, year)
        if not _rows(plan, employee, list(sa.ratings.select_related("competency"))) or target == PlanState.DRAFT:
            continue
        dialogue.submit(plan, employee)
        plan.refresh_from_db()
        planned[plan.pk] = target
        if target in (PlanState.IN_VERIFICATION, PlanState.VERIFIED):
            dialogue.agree(plan, plan.supervisor, today=window_day)
            dialogue.agree(plan, employee, today=window_day)
    verification.start_verification(clo, year)
    for v in Verification.objects.filter(row__plan__year=year).select_related("row__plan", "kelompok"):
        if planned.get(v.row.plan_id) != PlanState.VERIFIED:
            continue
        ketua = v.kelompok.keanggotaan.filter(peran=PeranKelompok.KETUA).first() if v.kelompok else None
        verification.verify_row(v, ketua.user if ketua else clo, Priority.HIGH, v.method, v.level)
    for line in recap.clo_recap(year):
        organiser = line.units[0] if line.level == Level.TECHNICAL else "BKPSDM"
        verification.decide(clo, year, line.verification_ids, line.level, organiser)
    for plan_id, target in planned.items():
        if target == PlanState.AGREED:
            plan = Plan.objects.get(pk=plan_id)
            dialogue.agree(plan, plan.supervisor, today=window_day)
            dialogue.agree(plan, plan.employee, today=window_day)
    _forums(clo, year)
    _programmes(clo, year)
    counts = {state.label: Plan.objects.filter(year=year, state=state).count() for state in PlanState}
    out.write(f"IDP {year}: " + ", ".join(f"{label} {n}" for label, n in counts.items()))
    _rpl_requests(year, clo)


def _rpl_step(request, state, clo):
    """Walk one demo RPL request to `state` through the services."""
    if state == RplState.SUBMITTED:
        return
    ketua = request.kelompok.keanggotaan.filter(peran=PeranKelompok.KETUA).exclude(user=request.employee).first()
    assessor = ketua.user if ketua else clo
    if state == RplState.MORE_INFO:
        rpl.assess(request, assessor, Recommendation.MORE_INFO, "Lampirkan surat tugas dan laporan hasil kerjanya.")
        return
    refuse = state == RplState.REFUSED
    recommendation = Recommendation.REFUSE if refuse else Recommendation.RECOMMEND
    rpl.assess(request, assessor, recommendation, "Capaian tidak terkait kompetensi jabatan." if refuse else "")
    if state == RplState.APPROVED:
        rpl.decide(request, clo, True, 8, "pelatihan_teknis", "Setara pelatihan teknis 8 JP.")
    elif refuse:
        rpl.decide(request, clo, False, notes="Tidak relevan dengan kompetensi yang dimohonkan.")


def _rpl_requests(year, clo):
    """One RPL request in each state, for C rows whose competency has a kelompok keahlian."""
    rows = PlanRow.objects.filter(plan__year=year, section="C", competency__kelompok__isnull=False).select_related(
        "plan__employee", "competency"
    )
    used = set()
    for state in RplState.values:
        row = next((r for r in rows if r.plan.employee_id not in used), None)
        if row is None:
            return
        used.add(row.plan.employee_id)
        request = rpl.submit(
            row.plan.employee,
            row.competency,
            f"Pengalaman kerja dan pelatihan terdahulu di bidang {row.competency.name}.",
            datetime.date(year, 1, 6),
            datetime.date(year, 1, 10),
            [ContentFile(b"%PDF-1.4 bukti dukung demo", name="bukti-rpl.pdf")],
            row=row,
        )
        _rpl_step(request, state, clo)


def _accept(actor, forum, line, month):
    """Accept one open recap line as a programme for the units of its employees."""
    units = {
        v.row.plan.unit
        for v in Verification.objects.filter(pk__in=line.verification_ids).select_related("row__plan__unit")
    }
    programme = {
        "title": line.development or line.competency,
        "objective": f"Menutup kesenjangan kompetensi {line.competency}",
        "method": line.method or Method.FORMAL,
        "organiser": "BKPSDM" if forum.level != Level.TECHNICAL else str(forum.kelompok),
        "facilitators": "Widyaiswara dan praktisi",
        "target_units": [u for u in units if u],
        "starts_on": datetime.date(forum.year, month, 4),
        "ends_on": datetime.date(forum.year, month, 6),
        "delivery": Delivery.EXTERNAL if forum.level == Level.STRATEGIC else Delivery.COP,
    }
    forums.decide(actor, forum, DecisionKind.ACCEPTED, line.verification_ids, programme=programme)


def _attend(actor, forum, minutes):
    """Everyone invited came but the last one; the minutes as the notulen PDF prints them."""
    invited = list(forum.participants.order_by("id").values_list("user_id", flat=True))
    forums.record_attendance(actor, forum, invited[:-1] if len(invited) > 1 else invited, minutes)


def _forums(clo, year):
    """One forum per level with attendance, minutes and decisions: accepted needs become the year's calendar."""
    when = timezone.make_aware(datetime.datetime(year, 4, 7, 9, 0))
    strategic = forums.schedule(clo, year, Level.STRATEGIC, when, place="Aula Bupati Balangan")
    _attend(clo, strategic, "Forum membahas rekap kebutuhan level strategis dan menetapkan program tahun ini.")
    for month, line in enumerate(forums.open_lines(year, Level.STRATEGIC)[:3], start=5):
        _accept(clo, strategic, line, month)
    forums.decide(clo, strategic, DecisionKind.DESIGN, reason="Desain kurikulum kepemimpinan digital disetujui.")
    operational = forums.schedule(
        clo, year, Level.OPERATIONAL, when + datetime.timedelta(days=7), video_url="https://meet.jit.si/corpu-forum"
    )
    _attend(clo, operational, "Koordinator kelompok keahlian menyepakati program lintas unit dan temuan evaluasi.")
    lines = forums.open_lines(year, Level.OPERATIONAL)
    if lines:
        _accept(clo, operational, lines[0], 8)
    forums.decide(clo, operational, DecisionKind.FINDING, follow_up="Tambahkan sesi praktik pada pelatihan berikutnya.")
    ketua = KelompokKeahlian.objects.filter(nama=TECHNICAL[0][1]).first()
    ketua = ketua and ketua.keanggotaan.filter(peran=PeranKelompok.KETUA).select_related("user", "kelompok").first()
    if ketua:
        technical = forums.schedule(
            ketua.user,
            year,
            Level.TECHNICAL,
            when + datetime.timedelta(days=14),
            kelompok=ketua.kelompok,
            place="Ruang rapat",
        )
        _attend(ketua.user, technical, "Anggota kelompok keahlian membahas kebutuhan teknis dan desain pembelajaran.")
        lines = forums.open_lines(year, Level.TECHNICAL, ketua.kelompok)
        if lines:
            _accept(ketua.user, technical, lines[0], 9)
        if len(lines) > 1:
            forums.decide(
                ketua.user,
                technical,
                DecisionKind.MOVED,
                lines[1].verification_ids,
                reason="Kebutuhan lintas kelompok keahlian.",
                moved_to=Level.OPERATIONAL,
            )


def _programmes(clo, year):
    """The year's programmes delivered for real: the technical one as the demo classroom course, the last other
    one as the demo CoP session, the rest as external activities; some invitations answered."""
    from communities.models import CopSession
    from courses.models import CoursePage

    items = list(LearningProgramme.objects.filter(year=year).prefetch_related("target_units").order_by("starts_on"))
    course = CoursePage.objects.filter(title="Pelatihan Teknis Pengawasan Jalan dan Jembatan").first()
    session = CopSession.objects.order_by("starts_at").first()
    others = [item for item in items if item.level != Level.TECHNICAL]
    for item in items:
        if item.level == Level.TECHNICAL and course is not None:
            programmes.update(clo, item, {"delivery": Delivery.COURSE, "course": course, "link": ""})
        elif others and item == others[-1] and session is not None:
            programmes.update(clo, item, {"delivery": Delivery.COP, "cop_session": session, "link": ""})
        else:
            programmes.update(
                clo, item, {"delivery": Delivery.EXTERNAL, "link": "https://bpsdm.kalselprov.go.id/pelatihan"}
            )
    if items:
        programmes.set_status(clo, items[0], ProgrammeStatus.RUNNING)
    for item in items:
        answers = list(item.invitations.select_related("user").order_by("-user__username")[:3])
        answers.sort(key=lambda i: i.user.username != "asn")  # the demo learner answers first: accepted
        for invitation, accepted in zip(answers, (True, False, True), strict=False):
            invitations.respond(invitation.user, invitation, accepted, today=item.starts_on)
