"""One IDP through the whole LAN cycle, through the services the pages will call."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from people.models import UnitKerja
from planning.lan import BASIS_CODES, BASIS_LABELS, GapAspect, Level, Method, Priority
from planning.models import PlanAudit, PlanState, Section, Task, TaskKind, Verification
from planning.services import assessment, dialogue, drafting, verification

from .conftest import IN_WINDOW, YEAR, agreed_plan, managerial_row, technical_row


def test_opening_a_plan_snapshots_part_a_and_prefills_b_from_direction_targets_and_assessment(world):
    employee = world["employee"]
    sa = assessment.start_assessment(employee, YEAR)
    assessment.rate(sa, employee, world["komunikasi"], 2, aspect=GapAspect.KNOWLEDGE)
    assessment.rate(sa, employee, world["jalan"], 3)
    assessment.set_career_plan(sa, employee, "Kepala Seksi Jalan", "Menjadi Kepala Seksi dalam 3 tahun")
    assessment.rate(sa, employee, world["komunikasi"], 2, for_next_position=True)

    plan, created = drafting.open_plan(employee, YEAR)

    assert created
    assert (plan.nama, plan.nip, plan.pangkat_golongan) == (employee.nama, employee.nip, "Penata Muda (III/a)")
    assert plan.pendidikan == "Sarjana (S1)" and plan.masa_kerja == "10 tahun 10 bulan"
    assert plan.jabatan == "Pengawas Jalan dan Jembatan" and plan.unit_kerja == "Dinas PUPR / Bidang Bina Marga"
    rows = {row.code: row for row in plan.basis_rows.all()}
    assert list(rows) == BASIS_CODES
    assert rows["2.3"].label == "Sasaran Kegiatan yang Terkait yang Terkait dengan Pegawai **"
    assert "Transformasi digital" in rows["1.1"].analysis and "Pengawasan Konstruksi Jalan" in rows["1.1"].analysis
    assert "Pelatihan BIM" in rows["1.2"].analysis
    assert "kemantapan jalan" in rows["2.1"].analysis and "120 km" in rows["2.3"].analysis
    assert rows["2.2"].analysis == "" and rows["2.2"].available is None
    gaps = rows["4.2"].analysis
    assert gaps.index("Kebutuhan Kompetensi Manajerial:") < gaps.index("Komunikasi: level 2, dibutuhkan 3")
    assert "Komunikasi: level 2, dibutuhkan 4 (jabatan berikutnya)" in gaps
    teknis = gaps.split("Kebutuhan Kompetensi Teknis:")[1]
    assert teknis.strip() == "-"  # level 3 of 3: no gap
    assert rows["5.1"].analysis.startswith("Kepala Seksi Jalan")
    assert drafting.open_plan(employee, YEAR) == (plan, False)


def test_rows_written_by_the_employee_survive_a_refresh(world):
    employee = world["employee"]
    plan, _ = drafting.open_plan(employee, YEAR)
    drafting.update_basis(plan, employee, "2.1", True, "Sasaran saya sendiri")
    drafting.refresh_basis(plan, employee)
    row = plan.basis_rows.get(code="2.1")
    assert row.analysis == "Sasaran saya sendiri" and not row.prefilled


def test_full_cycle_from_draft_to_verified_d_rows_and_follow_up(world):
    employee, kabid, clo = world["employee"], world["kabid"], world["clo"]
    plan = agreed_plan(world)
    assert plan.state == PlanState.AGREED and plan.supervisor == kabid

    assert verification.start_verification(clo, YEAR) == 1
    plan.refresh_from_db()
    assert plan.state == PlanState.IN_VERIFICATION
    by_kelompok = {v.kelompok: v for v in Verification.objects.filter(row__plan=plan)}
    assert set(by_kelompok) == {world["kk_infra"], world["kk_asn"]}
    assert Task.objects.filter(user=world["ketua_infra"], kind=TaskKind.VERIFY, done_at=None).exists()

    infra = by_kelompok[world["kk_infra"]]
    with pytest.raises(PermissionDenied):
        verification.verify_row(infra, world["ketua_asn"], Priority.HIGH, Method.EXPERIENTIAL, Level.TECHNICAL)
    verification.verify_row(infra, world["ketua_infra"], Priority.HIGH, Method.EXPERIENTIAL, Level.OPERATIONAL)
    verification.verify_row(
        by_kelompok[world["kk_asn"]],
        world["ketua_asn"],
        Priority.MEDIUM,
        Method.FORMAL,
        Level.STRATEGIC,
        development="Pelatihan Public Speaking",
    )
    verification.decide(clo, YEAR, [infra], Level.OPERATIONAL, "Dinas PUPR bersama Balai Jalan")
    plan.refresh_from_db()
    assert plan.state == PlanState.IN_VERIFICATION  # one line still undecided
    verification.decide(clo, YEAR, [by_kelompok[world["kk_asn"]]], Level.STRATEGIC, "BKPSDM")
    plan.refresh_from_db()
    assert plan.state == PlanState.VERIFIED and plan.verified_at

    d_rows = list(plan.rows.filter(section=Section.VERIFIED))
    assert [(r.position, r.level, r.organiser) for r in d_rows] == [
        (1, Level.OPERATIONAL, "Dinas PUPR bersama Balai Jalan"),
        (2, Level.STRATEGIC, "BKPSDM"),
    ]
    assert d_rows[0].objective == "Mampu mengawasi mutu perkerasan jalan" and d_rows[0].origin.section == "C"
    assert {t.user for t in Task.objects.filter(kind=TaskKind.RESULT, plan=plan)} == {employee, kabid}

    dialogue.record_follow_up(
        plan,
        kabid,
        2,
        datetime.date(2026, 6, 30),
        "Magang tertunda",
        "Laporan lebih rapi",
        rows=[{"relevance": "3.2", "objective": "Menulis laporan", "classification": "teknis", "method": "sosial"}],
        adjustments={d_rows[0]: {"timeframe": "Triwulan III"}},
    )
    e_row = plan.rows.get(section=Section.FOLLOW_UP)
    assert (e_row.quarter, e_row.method) == (2, Method.SOCIAL)
    d_rows[0].refresh_from_db()
    assert d_rows[0].timeframe == "Triwulan III"
    adjust = PlanAudit.objects.get(action="adjust_d")
    assert adjust.before["timeframe"] == "Triwulan II" and adjust.after["timeframe"] == "Triwulan III"
    assert adjust.actor == kabid
    actions = set(PlanAudit.objects.filter(plan=plan).values_list("action", flat=True))
    assert {
        "plan_open",
        "row_save",
        "submit",
        "agree",
        "verification_start",
        "verify_row",
        "d_row",
        "verified",
    } <= actions


def test_only_the_right_person_moves_each_step(world):
    employee, colleague, kabid, clo = world["employee"], world["colleague"], world["kabid"], world["clo"]
    plan, _ = drafting.open_plan(employee, YEAR)
    with pytest.raises(PermissionDenied):
        drafting.open_plan(employee, YEAR, actor=colleague)
    with pytest.raises(PermissionDenied):
        drafting.save_row(plan, colleague, technical_row(world))
    drafting.save_row(plan, employee, technical_row(world))
    with pytest.raises(PermissionDenied):
        dialogue.submit(plan, colleague)
    dialogue.submit(plan, employee)
    plan.refresh_from_db()
    with pytest.raises(PermissionDenied):
        drafting.save_row(plan, employee, managerial_row(world))  # the draft is now the dialogue's
    drafting.save_row(plan, kabid, managerial_row(world))  # the supervisor edits during the dialogue
    for outsider in (colleague, world["kadis"], clo):
        with pytest.raises(PermissionDenied):
            dialogue.agree(plan, outsider, today=IN_WINDOW)
    with pytest.raises(PermissionDenied):
        verification.start_verification(kabid, YEAR)
    dialogue.agree(plan, kabid, today=IN_WINDOW)
    assert Task.objects.filter(user=employee, kind=TaskKind.CONFIRM, done_at=None).exists()
    drafting.save_row(plan, kabid, {"timeframe": "Triwulan IV"}, row=plan.rows.first())
    plan.refresh_from_db()
    assert plan.supervisor_agreed_at is None  # an edit after agreeing needs a new agreement
    with pytest.raises(PermissionDenied):
        verification.decide(kabid, YEAR, [], Level.TECHNICAL, "X")


def test_agreement_happens_inside_the_clo_window(world):
    employee, kabid = world["employee"], world["kabid"]
    plan, _ = drafting.open_plan(employee, YEAR)
    drafting.save_row(plan, employee, technical_row(world))
    dialogue.submit(plan, employee)
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="15/01/2026–31/03/2026"):
        dialogue.agree(plan, kabid, today=datetime.date(2026, 4, 2))
    task = Task.objects.get(user=kabid, kind=TaskKind.REVIEW)
    assert task.due_on == datetime.date(2026, 3, 31)
    dialogue.open_window(world["clo"], YEAR, datetime.date(2026, 1, 15), datetime.date(2026, 4, 15))
    task.refresh_from_db()
    assert task.due_on == datetime.date(2026, 4, 15)
    dialogue.agree(plan, kabid, today=datetime.date(2026, 4, 2))


def test_submission_names_what_is_missing_and_relevance_must_be_a_b_code(world):
    employee = world["employee"]
    plan, _ = drafting.open_plan(employee, YEAR)
    with pytest.raises(ValidationError, match="paling sedikit satu"):
        dialogue.submit(plan, employee)
    with pytest.raises(ValidationError, match="6.1"):
        drafting.save_row(plan, employee, technical_row(world, relevance="2.1, 6.1"))
    drafting.save_row(plan, employee, {"relevance": "4.2", "classification": "teknis"})
    with pytest.raises(ValidationError, match="Baris C1: tujuan, klasifikasi metode"):
        dialogue.submit(plan, employee)
    assert plan.rows.count() == 1 and plan.state == PlanState.DRAFT


def test_the_supervisor_is_the_head_of_the_nearest_unit_with_one_and_never_oneself(world):
    plan = agreed_plan(world)
    assert plan.supervisor == world["kabid"]
    kabid_plan, _ = drafting.open_plan(world["kabid"], YEAR)
    drafting.save_row(kabid_plan, world["kabid"], technical_row(world))
    dialogue.submit(kabid_plan, world["kabid"])
    kabid_plan.refresh_from_db()
    assert kabid_plan.supervisor == world["kadis"]
    UnitKerja.objects.filter(pk=world["bidang"].pk).update(kepala=None)
    world["colleague"].refresh_from_db()
    plan2, _ = drafting.open_plan(world["colleague"], YEAR)
    drafting.save_row(plan2, world["colleague"], technical_row(world))
    dialogue.submit(plan2, world["colleague"])
    plan2.refresh_from_db()
    assert plan2.supervisor == world["kadis"]


@pytest.mark.parametrize(
    ("aspect", "hinted"),
    [
        (GapAspect.KNOWLEDGE, [Method.FORMAL, Method.SOCIAL]),
        (GapAspect.SKILL, [Method.EXPERIENTIAL, Method.SOCIAL]),
        (GapAspect.BEHAVIOUR, [Method.EXPERIENTIAL, Method.SOCIAL]),
        ("", []),
    ],
)
def test_method_hint_follows_lan_rule_of_thumb(aspect, hinted):
    assert drafting.method_hint(aspect) == hinted


def test_the_hint_is_not_a_constraint(world):
    employee = world["employee"]
    plan, _ = drafting.open_plan(employee, YEAR)
    row = drafting.save_row(
        plan, employee, technical_row(world, aspect=GapAspect.KNOWLEDGE, method=Method.EXPERIENTIAL)
    )
    assert drafting.follows_hint(row) is False and row.method == Method.EXPERIENTIAL


def test_basis_labels_are_the_seed_verbatim():
    assert BASIS_LABELS["4.2"] == "Hasil Self-Assesment/Penilaian Kesenjangan Kompetensi Pegawai"
    assert len(BASIS_CODES) == 12 and BASIS_CODES[0] == "1.1" and BASIS_CODES[-1] == "5.3"
