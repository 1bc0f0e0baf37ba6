"""Every case in ledger/rulebooks/cases/*.json, against the rulebooks as loaded into the database."""

import datetime
import io
import json
from pathlib import Path

import pytest

from ledger import engine
from ledger.loader import RULEBOOK_DIR, shipped_rulebooks
from ledger.models import Rule, Rulebook

CASES_DIR = Path(RULEBOOK_DIR) / "cases"


def _cases():
    params = []
    for path in sorted(CASES_DIR.glob("*.json")):
        slug = path.stem
        for index, case in enumerate(json.loads(path.read_text(encoding="utf-8")), start=1):
            kind = "group" if "group" in case else case["form"]
            case_id = f"{slug}#{index:02d}-{kind}-{case['seed_ref'].split(' ')[0]}"
            params.append(pytest.param(slug, case, id=case_id))
    return params


def _activity(data):
    return engine.Activity(
        form=data["form"],
        scope=data["scope"],
        start_date=datetime.date.fromisoformat(data["start_date"]),
        end_date=datetime.date.fromisoformat(data["end_date"]),
        quantity=engine.dec(data["quantity"]),
        unit=data["unit"],
        stated_jp=engine.dec(data["stated_jp"]),
    )


@pytest.fixture(scope="module")
def specs(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return {rulebook.slug: rulebook.spec() for rulebook in Rulebook.objects.prefetch_related("rules")}


@pytest.mark.parametrize("slug, case", _cases())
def test_case(specs, slug, case):
    activities = [_activity(item) for item in case.get("group", [case])]
    summary = engine.compute(activities, specs[slug])
    expected = engine.dec(case["expected_total_jp"] if "group" in case else case["expected_jp"])
    explanations = [result.explanation for result in summary.results]
    assert summary.total_jp == expected, f"{case['why']} ({case['seed_ref']}): {explanations}"
    assert all(explanations)


def test_case_counts_match_readme():
    counts = {path.stem: len(json.loads(path.read_text())) for path in CASES_DIR.glob("*.json")}
    assert counts == {"banjarbaru-2025": 55, "blitar-2023": 56, "kutai-barat-2024": 79}


@pytest.mark.django_db
def test_shipped_rulebooks_are_loaded_with_every_form():
    assert set(Rulebook.objects.values_list("slug", flat=True)) == set(shipped_rulebooks())
    for rulebook in Rulebook.objects.all():
        assert sorted(rulebook.rules.values_list("form", flat=True)) == sorted(engine.FORMS)
        assert all(rule.seed_ref for rule in rulebook.rules.all())


@pytest.mark.django_db
def test_every_available_rule_has_a_case():
    covered = set()
    for path in CASES_DIR.glob("*.json"):
        for case in json.loads(path.read_text()):
            for item in case.get("group", [case]):
                covered.add((path.stem, item["form"]))
    available = set(Rule.objects.filter(available=True).values_list("rulebook__slug", "form"))
    assert available - covered == set()


@pytest.mark.django_db
def test_loader_never_overwrites_admin_edits():
    from django.core.management import call_command

    rule = Rule.objects.get(rulebook__slug="blitar-2023", form="coaching")
    rule.jp_per_unit_internasional = 4
    rule.save()
    Rule.objects.filter(rulebook__slug="blitar-2023", form="magang").delete()
    call_command("load_rulebooks", stdout=io.StringIO())
    rule.refresh_from_db()
    assert rule.jp_per_unit_internasional == 4
    assert Rule.objects.filter(rulebook__slug="blitar-2023", form="magang").exists()


def test_kutai_barat_override_marker_read_from_interpretation():
    data = shipped_rulebooks()["kutai-barat-2024"]
    spec = engine.RulebookSpec.from_dict(data)
    assert spec.rules["seminar"].stated_jp_overrides
    assert not spec.rules["kursus"].stated_jp_overrides


def test_explanations_read_like_the_issue():
    spec = engine.RulebookSpec.from_dict(shipped_rulebooks()["blitar-2023"])
    day = datetime.date(2025, 3, 3)
    seminar = engine.Activity("seminar", day, day + datetime.timedelta(days=1), engine.dec(2), "hari", "internasional")
    assert engine.compute([seminar], spec).results[0].explanation == "seminar internasional 2 hari × 6 JP = 12 JP"
    sessions = [
        engine.Activity("coaching", datetime.date(2025, 3, d), datetime.date(2025, 3, d), engine.dec(1), "kegiatan")
        for d in (5, 12, 19)
    ]
    third = engine.compute(sessions, spec).results[2]
    assert third.jp == 0
    assert "sesi ke-3 pada 2025-03 melebihi 2 sesi per bulan, tidak dihitung" in third.explanation
