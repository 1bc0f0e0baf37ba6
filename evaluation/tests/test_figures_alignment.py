"""Alignment figures (programmes vs accepted IDP needs vs the institution's priority competencies) and the forums'
evaluation findings, against counts made by walking the rows in Python."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from corpu.choices import Competency
from evaluation.figures import compute
from people.models import UnitKerja
from planning.lan import Level, Method
from planning.models import (
    CompetencyDefinition,
    DecisionKind,
    Forum,
    ForumDecision,
    InstitutionDirection,
    LearningProgramme,
    Plan,
    PlanRow,
    Section,
    Verification,
)
from tests.factories import UserFactory, unit

YEAR = timezone.localdate().year


@pytest.fixture
def world(db):
    pupr, dinkes = unit("Dinas PUPR"), unit("Dinas Kesehatan")
    bina_marga = unit("Dinas PUPR/Bidang Bina Marga")
    chair = UserFactory(unit_kerja=unit("BKPSDM"))
    roads, health, ethics = (
        CompetencyDefinition.objects.create(name=f"Uji {name}", competency_type=Competency.TECHNICAL)
        for name in ("jalan", "gizi", "etika")
    )
    direction = InstitutionDirection.objects.create(year=YEAR, learning_direction="Infrastruktur dan kesehatan")
    direction.priority_competencies.set([roads, health, ethics])
    forum = Forum.objects.create(year=YEAR, level=Level.OPERATIONAL, held_at=timezone.now(), chair=chair)
    old_forum = Forum.objects.create(year=YEAR - 1, level=Level.OPERATIONAL, held_at=timezone.now(), chair=chair)

    def need(unit_kerja, year=YEAR, competency=None):
        plan = Plan.objects.create(employee=UserFactory(unit_kerja=unit_kerja), year=year, unit=unit_kerja)
        row = PlanRow.objects.create(
            plan=plan, section=Section.PROPOSED, classification=Competency.TECHNICAL, competency=competency
        )
        return Verification.objects.create(row=row)

    def programme(title, decision=None, competency=None, units=(), year=YEAR):
        item = LearningProgramme.objects.create(
            decision=decision,
            year=year,
            title=title,
            level=Level.OPERATIONAL,
            competency=competency,
            objective="x",
            method=Method.FORMAL,
            organiser="BKPSDM",
            starts_on=datetime.date(year, 3, 1),
            ends_on=datetime.date(year, 3, 2),
            delivery="course",
        )
        item.target_units.set(units)
        return item

    def decide(kind, needs, on=forum):
        decision = ForumDecision.objects.create(forum=on, kind=kind, follow_up="tindak lanjut")
        decision.verifications.set(needs)
        return decision

    a, b, c, d, e = (
        need(bina_marga, competency=roads),
        need(pupr),
        need(dinkes, competency=health),
        need(dinkes),
        need(pupr),
    )
    accepted = decide(DecisionKind.ACCEPTED, [a, b])
    programme("Jalan", decision=accepted, competency=roads, units=[pupr])
    decide(DecisionKind.ACCEPTED, [c])  # accepted, its programme not made (yet)
    decide(DecisionKind.ACCEPTED, [a])  # the same need accepted twice counts once
    decide(DecisionKind.REJECTED, [d])
    decide(DecisionKind.ACCEPTED, [e], on=old_forum)  # another year's forum
    programme("Etika", competency=ethics, units=[dinkes])
    programme("Umum")  # neither from a need nor on a competency
    programme("Lalu", competency=health, year=YEAR - 1)
    decide(DecisionKind.FINDING, [])
    decide(DecisionKind.FINDING, [], on=old_forum)
    return {"pupr": UnitKerja.objects.filter(pk=pupr.pk)}


def in_scope(found_unit, units):
    return units is None or (found_unit is not None and any(found_unit.path.startswith(u.path) for u in units))


def share(part, whole):
    return round(Decimal(part) * 100 / whole, 1) if whole else None


def expected(units=None):
    programmes = [
        p
        for p in LearningProgramme.objects.filter(year=YEAR)
        if units is None or any(in_scope(u, units) for u in p.target_units.all())
    ]
    linked = [p for p in programmes if p.decision_id or p.competency_id]
    accepted, with_programme = set(), set()
    for decision in ForumDecision.objects.all():
        if decision.kind != DecisionKind.ACCEPTED or decision.forum.year != YEAR:
            continue
        for v in decision.verifications.all():
            if v.row.plan.year == YEAR and in_scope(v.row.plan.unit, units):
                accepted.add(v.pk)
                if LearningProgramme.objects.filter(decision=decision).exists():
                    with_programme.add(v.pk)
    priorities = {c.pk for c in InstitutionDirection.objects.get(year=YEAR).priority_competencies.all()}
    return {
        "align_programmes": len(programmes),
        "align_programmes_linked": len(linked),
        "align_programmes_linked_pct": share(len(linked), len(programmes)),
        "align_needs_accepted": len(accepted),
        "align_needs_with_programme": len(with_programme),
        "align_needs_covered_pct": share(len(with_programme), len(accepted)),
        "align_priority_competencies": len(priorities),
        "align_priority_competencies_covered": len(priorities & {p.competency_id for p in programmes}),
    }


def test_alignment_figures_equal_counts_over_the_rows(world):
    want = expected()
    assert (want["align_programmes"], want["align_programmes_linked"]) == (3, 2)
    assert (want["align_needs_accepted"], want["align_needs_with_programme"]) == (3, 2)
    assert want["align_priority_competencies_covered"] == 2
    assert {name: compute(name, YEAR) for name in want} == want
    findings = sum(1 for d in ForumDecision.objects.all() if d.kind == DecisionKind.FINDING and d.forum.year == YEAR)
    assert compute("obstacles_forum_findings", YEAR) == findings == 1


def test_alignment_figures_narrowed_to_a_unit(world):
    want = expected(world["pupr"])
    assert (want["align_programmes"], want["align_needs_accepted"], want["align_needs_with_programme"]) == (1, 2, 2)
    assert {name: compute(name, YEAR, world["pupr"]) for name in want} == want


def test_alignment_without_a_direction_or_programmes(db):
    assert compute("align_priority_competencies", YEAR) == 0
    assert compute("align_programmes_linked_pct", YEAR) is None
    assert compute("align_needs_covered_pct", YEAR) is None
