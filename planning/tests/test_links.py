"""Linking ledger entries to IDP rows: when submitting an activity, on the IDP page (link and unlink), and
automatically when a course whose competency fits exactly one row is completed."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpu.access import AccessLevel
from courses import services as courses
from courses.models import CoursePage, Enrolment, LessonPage
from ledger.models import Entry, Status
from ledger.services import record_activity
from planning.models import PlanAudit, RowEntryLink, Section
from planning.services import drafting
from planning.services.realised import plan_realisation, unlink_entry

from .conftest import YEAR, managerial_row, technical_row

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plan(world, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    plan, _ = drafting.open_plan(world["employee"], YEAR)
    drafting.save_row(plan, world["employee"], technical_row(world))
    drafting.save_row(plan, world["employee"], managerial_row(world))
    return plan


def submission(**extra):
    return {
        "form": "seminar",
        "title": "Seminar Perkerasan Lentur",
        "organiser": "Balai Jalan",
        "scope": "nasional",
        "start_date": f"{YEAR}-05-04",
        "end_date": f"{YEAR}-05-04",
        "quantity": "1",
        "unit": "hari",
        "stated_jp": "",
        "certificate_no": "SRT-1",
        "evidence": SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
        **extra,
    }


def seminar(employee, title, day, status=Status.VERIFIED):
    return record_activity(employee, "seminar", title, day, day, 1, "hari", status=status)[0]


def by_row(plan):
    return {r.row: r for r in plan_realisation(plan)}


def test_another_employees_row_is_refused_and_nothing_is_submitted(client, world, plan):
    colleague = world["colleague"]
    theirs, _ = drafting.open_plan(colleague, YEAR)
    their_row = drafting.save_row(theirs, colleague, technical_row(world))
    client.force_login(world["employee"])
    response = client.post(reverse("ledger:ajukan"), submission(idp_row=str(their_row.pk)))
    assert response.status_code == 200
    assert response.context["form"].errors["idp_row"] == ["Pilih baris dari IDP Anda sendiri."]
    assert not Entry.objects.exists() and not RowEntryLink.objects.exists()


def test_submitting_with_a_row_links_it_and_counts_once(client, world, plan):
    employee = world["employee"]
    technical, managerial = plan.rows.filter(section=Section.PROPOSED)
    client.force_login(employee)
    untitled = client.post(reverse("ledger:ajukan"), submission(title="")).content.decode()
    assert "Baris IDP" in untitled and f"C{managerial.position}. Komunikasi" in untitled  # the activity's year
    response = client.post(reverse("ledger:ajukan"), submission(idp_row=str(managerial.pk)))
    assert response.status_code == 302
    entry = Entry.objects.get(employee=employee)
    assert RowEntryLink.objects.filter(row=managerial, entry=entry).count() == 1
    assert PlanAudit.objects.filter(action="link_entry", target=f"row:{managerial.pk}").exists()
    assert by_row(plan)[managerial].realised_jp == 0  # not counted until verified
    Entry.objects.filter(pk=entry.pk).update(status=Status.VERIFIED)
    result = by_row(plan)
    assert result[managerial].realised_jp == Decimal(4) and result[managerial].matched_jp == 0
    assert [how for _e, _jp, how in result[managerial].entries] == ["linked"]
    assert result[technical].realised_jp == 0


def test_a_row_of_another_year_is_refused(client, world, plan):
    client.force_login(world["employee"])
    row = plan.rows.first()
    response = client.post(
        reverse("ledger:ajukan"),
        submission(idp_row=str(row.pk), start_date=f"{YEAR - 1}-05-04", end_date=f"{YEAR - 1}-05-04"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["idp_row"] == [f"Baris IDP harus dari IDP tahun kegiatan ({YEAR - 1})."]
    assert not Entry.objects.exists()


def test_without_a_plan_the_field_is_hidden(client, world):
    client.force_login(world["colleague"])
    response = client.get(reverse("ledger:ajukan"))
    assert "idp_row" not in response.context["form"].fields
    assert "Baris IDP" not in response.content.decode()


def test_link_and_unlink_on_the_idp_page(client, world, plan):
    employee = world["employee"]
    technical, _managerial = plan.rows.filter(section=Section.PROPOSED)
    entry = seminar(employee, "Magang Balai Jalan", datetime.date(YEAR, 4, 6))
    client.force_login(employee)
    url = reverse("planning:plan", args=[plan.pk])
    assert "Magang Balai Jalan" in client.get(url).content.decode()  # offered in the row's select
    client.post(reverse("planning:row_link", args=[plan.pk, technical.pk]), {"entry": entry.pk})
    assert by_row(plan)[technical].linked_jp == Decimal(4)
    page = client.get(url).content.decode()
    assert "Realisasi: 4 JP" in page and "Lepas tautan “Magang Balai Jalan”" in page

    client.post(reverse("planning:row_unlink", args=[plan.pk, technical.pk]), {"entry": entry.pk})
    assert by_row(plan)[technical].realised_jp == 0
    assert PlanAudit.objects.filter(action="unlink_entry", target=f"row:{technical.pk}").exists()
    assert not unlink_entry(technical, entry, employee)  # nothing left to untie


def test_the_idp_page_refuses_others_entries_and_other_people(client, world, plan):
    technical = plan.rows.first()
    theirs = seminar(world["colleague"], "Seminar kolega", datetime.date(YEAR, 4, 6))
    client.force_login(world["employee"])
    response = client.post(
        reverse("planning:row_link", args=[plan.pk, technical.pk]), {"entry": theirs.pk}, follow=True
    )
    assert f"Pilih salah satu entri JP Anda tahun {YEAR}." in response.content.decode()
    assert not RowEntryLink.objects.exists()
    own = seminar(world["employee"], "Seminar", datetime.date(YEAR, 4, 6))
    client.force_login(world["kabid"])  # the supervisor sees the plan but does not link for the employee
    response = client.post(reverse("planning:row_link", args=[plan.pk, technical.pk]), {"entry": own.pk})
    assert response.status_code == 403 and not RowEntryLink.objects.exists()


def test_the_idp_page_runs_the_same_queries_for_2_or_6_linked_entries(client, world, plan):
    employee = world["employee"]
    technical, managerial = plan.rows.filter(section=Section.PROPOSED)
    client.force_login(employee)
    url = reverse("planning:plan", args=[plan.pk])

    def link(first, last):
        for i in range(first, last):
            entry = seminar(employee, f"Seminar {i}", datetime.date(YEAR, 3, 1 + i))
            row = technical if i % 2 else managerial
            client.post(reverse("planning:row_link", args=[plan.pk, row.pk]), {"entry": entry.pk})
        seminar(employee, f"Belum ditautkan {last}", datetime.date(YEAR, 9, 1))

    def count():
        client.get(url)  # shows and clears the link messages, warms the site caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    link(0, 2)
    two = count()
    link(2, 6)
    assert RowEntryLink.objects.count() == 6
    assert count() == two


@pytest.fixture
def course_in(home, world):
    """A one-lesson course of a competency; the learner enrols in YEAR and reads the lesson."""

    def make(competency):
        course = home.add_child(
            instance=CoursePage(
                title=f"Kursus {competency}",
                access_level=AccessLevel.ASN,
                competency=competency,
                jp_value=Decimal(2),
                ledger_form="e_learning",
            )
        )
        lesson = course.add_child(instance=LessonPage(title="Bacaan", body=[("text", "<p>Halo</p>")]))
        enrolment = courses.enrol(world["employee"], course)
        Enrolment.objects.filter(pk=enrolment.pk).update(
            enrolled_at=datetime.datetime(YEAR, 6, 1, 8, tzinfo=datetime.UTC)
        )
        courses.complete_lesson(world["employee"], lesson)
        return Entry.objects.get(source_ref=f"course:{course.pk}")

    return make


def test_completing_a_course_links_the_one_row_of_its_competency(world, plan, course_in):
    technical, managerial = plan.rows.filter(section=Section.PROPOSED)
    entry = course_in("teknis")
    assert list(RowEntryLink.objects.values_list("row", "entry")) == [(technical.pk, entry.pk)]
    result = by_row(plan)
    assert result[technical].linked_jp == Decimal(2) and result[technical].matched_jp == 0
    assert result[managerial].realised_jp == 0


def test_with_two_rows_of_the_competency_nothing_is_linked(world, plan, course_in):
    drafting.save_row(plan, world["employee"], technical_row(world, description="Pemeliharaan jembatan"))
    first = plan.rows.filter(section=Section.PROPOSED, classification="teknis").first()
    course_in("teknis")
    assert not RowEntryLink.objects.exists()
    result = by_row(plan)
    assert result[first].matched_jp == Decimal(2) and result[first].linked_jp == 0  # matched, as before


def test_a_verifiers_correction_takes_over_the_link_of_the_entry_it_corrects(world, plan):
    from ledger.services import correct
    from planning.services.realised import link_entry

    employee, clo = world["employee"], world["clo"]
    _technical, managerial = plan.rows.filter(section=Section.PROPOSED)
    entry = seminar(employee, "Seminar Komunikasi Publik", datetime.date(YEAR, 5, 4))
    link_entry(managerial, entry, employee)
    assert by_row(plan)[managerial].realised_jp == Decimal(4)
    fixed = correct(entry, clo, "Seminar dua hari menurut sertifikat", status=Status.VERIFIED, verifier=clo, quantity=2)
    result = by_row(plan)[managerial]
    assert RowEntryLink.objects.filter(row=managerial, entry=fixed).exists()
    assert result.realised_jp == Decimal(8) and result.matched_jp == 0  # the correction counts, once
