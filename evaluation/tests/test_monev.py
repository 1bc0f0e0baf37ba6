"""Monev (Kutai Barat part V): a record per unit per year with visits, findings, recommendations and follow-up; the
year's list with the perangkat daerah still missing one; who sees which unit; constant queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.models import FollowUp, MonevRecord, VisitMethod
from evaluation.services import monev
from people.roles import CLO, DEWAN_PENGARAH, VERIFIKATOR_UNIT, assign_role
from tests.factories import UserFactory, unit

YEAR = 2026


@pytest.fixture
def world(db):
    pupr, bina, dinkes, bappeda = (
        unit("Dinas PUPR"),
        unit("Dinas PUPR/Bidang Bina Marga"),
        unit("Dinas Kesehatan"),
        unit("Bappeda"),
    )
    people = {
        "clo": UserFactory(username="clo", unit_kerja=bappeda),
        "dewan": UserFactory(username="dewan", unit_kerja=bappeda),
        "kadis": UserFactory(username="kadis", unit_kerja=pupr),
        "sekretariat": UserFactory(username="sekretariat", unit_kerja=pupr),
        "kadinkes": UserFactory(username="kadinkes", unit_kerja=dinkes),
        "staff": UserFactory(username="staf", unit_kerja=pupr),
    }
    assign_role(people["clo"], CLO)
    assign_role(people["dewan"], DEWAN_PENGARAH)
    assign_role(people["sekretariat"], VERIFIKATOR_UNIT)
    pupr.kepala, dinkes.kepala = people["kadis"], people["kadinkes"]
    pupr.save()
    dinkes.save()
    return {**people, "pupr": pupr, "bina": bina, "dinkes": dinkes, "bappeda": bappeda}


def test_record_with_visits_and_follow_up(world, client):
    record = monev.save_record(world["clo"], world["pupr"], YEAR, "Dua pegawai belum 20 JP", "Jadwalkan e-learning")
    monev.add_visit(world["clo"], record, datetime.date(YEAR, 8, 12), VisitMethod.FIELD_VISIT, "Tim BKPSDM", "Bukti JP")
    monev.save_record(world["clo"], world["pupr"], YEAR, record.findings, record.recommendations, FollowUp.DONE, "Ok")
    assert MonevRecord.objects.count() == 1
    client.force_login(world["sekretariat"])
    html = client.get(reverse("evaluation:monev_record", args=[world["pupr"].pk, YEAR])).content.decode()
    assert "Dua pegawai belum 20 JP" in html and "Kunjungan lapangan" in html and "Selesai ditindaklanjuti" in html
    assert "Tambah kunjungan" not in html  # the secretariat sees, the CLO records


def test_visit_must_be_in_the_year_and_complete(world):
    record = monev.save_record(world["clo"], world["pupr"], YEAR)
    with pytest.raises(ValidationError) as error:
        monev.add_visit(world["clo"], record, datetime.date(YEAR - 1, 12, 31), VisitMethod.AUDIENCE, "", "")
    assert set(error.value.message_dict) == {"visited_on", "visitors", "checked"}
    assert not record.visits.exists()


def test_follow_up_needs_a_recommendation(world):
    with pytest.raises(ValidationError):
        monev.save_record(world["clo"], world["pupr"], YEAR, "temuan", "", FollowUp.DONE)


def test_only_the_clo_records(world):
    with pytest.raises(PermissionDenied):
        monev.save_record(world["kadis"], world["pupr"], YEAR)


def test_a_refused_first_visit_leaves_no_empty_record(world, client):
    client.force_login(world["clo"])
    response = client.post(
        reverse("evaluation:monev_record", args=[world["dinkes"].pk, YEAR]),
        {
            "step": "visit",
            "visit-visited_on": f"{YEAR - 1}-05-01",
            "visit-method": "supervisi",
            "visit-visitors": "Tim",
            "visit-checked": "IDP",
        },
    )
    assert response.status_code == 200 and f"tahun {YEAR}" in response.content.decode()
    assert not MonevRecord.objects.exists()


def test_year_list_names_the_units_missing_a_record(world, client):
    monev.save_record(world["clo"], world["pupr"], YEAR, "temuan")
    monev.save_record(world["clo"], world["dinkes"], YEAR - 1, "tahun lalu")
    client.force_login(world["clo"])
    response = client.get(reverse("evaluation:monev"), {"tahun": YEAR})
    assert [r.unit for r in response.context["records"]] == [world["pupr"]]
    assert [u.nama for u in response.context["missing"]] == ["Bappeda", "Dinas Kesehatan"]  # top-level units only


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("clo", {"pupr", "dinkes"}),
        ("dewan", {"pupr", "dinkes"}),
        ("kadis", {"pupr"}),
        ("sekretariat", {"pupr"}),
        ("kadinkes", {"dinkes"}),
        ("staff", set()),
    ],
)
def test_who_sees_which_unit(world, client, who, sees):
    for key in ("pupr", "dinkes"):
        monev.save_record(world["clo"], world[key], YEAR, f"temuan {key}")
    client.force_login(world[who])
    response = client.get(reverse("evaluation:monev"), {"tahun": YEAR})
    if not sees:
        assert response.status_code == 403
    else:
        assert {r.unit.nama for r in response.context["records"]} == {world[k].nama for k in sees}
    for key in ("pupr", "dinkes"):
        detail = client.get(reverse("evaluation:monev_record", args=[world[key].pk, YEAR]))
        assert detail.status_code == (200 if key in sees else 404)


def test_others_may_not_post(world, client):
    client.force_login(world["kadis"])
    response = client.post(
        reverse("evaluation:monev_record", args=[world["pupr"].pk, YEAR]),
        {"step": "record", "record-findings": "x", "record-follow_up": "open"},
    )
    assert response.status_code == 403 and not MonevRecord.objects.exists()


def test_the_list_runs_a_constant_number_of_queries(world, client):
    client.force_login(world["clo"])

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("evaluation:monev"), {"tahun": YEAR}).status_code == 200
        return len(context)

    monev.save_record(world["clo"], world["pupr"], YEAR)
    count()
    few = count()
    for n in range(8):
        record = monev.save_record(world["clo"], unit(f"Dinas Baru {n}"), YEAR, "temuan")
        monev.add_visit(world["clo"], record, datetime.date(YEAR, 3, 1), VisitMethod.SUPERVISION, "Tim", "IDP")
        unit(f"Badan Tanpa Monev {n}")
    assert count() == few
