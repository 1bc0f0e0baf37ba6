"""Per programme, how many target participants enrolled, attended and completed (ADR 0012), with people in the
target unit, below it, above it and outside it; computed in a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Attendance, CommunityIndexPage, CommunityPage, CopSession
from courses.models import Enrolment, EnrolmentStatus, LessonCompletion
from ledger.services import record_activity
from ledger.services.verification import verify
from planning.lan import Level
from planning.models import DecisionKind, Delivery, LearningProgramme, ProgrammeInvitation, Response, Section
from planning.services import forums, programmes, realised
from tests.factories import UserFactory, unit

from .conftest import YEAR
from .programme_helpers import make_programme, published_course
from .test_forums import WHEN, programme_data, strategic_line, verified  # noqa: F401 (fixture)

DAY = datetime.date(YEAR, 5, 4)


@pytest.fixture
def people(world):
    """Target unit: Bidang Bina Marga (rizky, kolega, kabid) and the Seksi below it; kadis is above it and
    kadinkes outside it."""
    below = UserFactory(username="seksi", unit_kerja=unit("Dinas PUPR/Bidang Bina Marga/Seksi Jalan"))
    return {**world, "below": below, "outside": world["other_head"], "above": world["kadis"]}


def entry(user, status, verifier, ref):
    made, _new = record_activity(
        user, "seminar", "Kegiatan", DAY, DAY, 1, "hari", source_ref=ref, status=status, verifier=verifier
    )
    return made


def answer(programme, user, response):
    ProgrammeInvitation.objects.update_or_create(programme=programme, user=user, defaults={"response": response})


def counts(programme):
    programme = LearningProgramme.objects.prefetch_related("target_units").get(pk=programme.pk)
    found = programmes.participation([programme])[programme.pk]
    return (found.targets, found.enrolled, found.attended, found.completed)


def test_course_counts_enrolment_lesson_progress_and_completion_of_targets_only(people, home):
    course, lesson = published_course(home)
    item = make_programme(people, delivery=Delivery.COURSE, course=course)
    for who, status in [
        ("employee", EnrolmentStatus.COMPLETED),
        ("colleague", EnrolmentStatus.ACTIVE),
        ("kabid", EnrolmentStatus.PENDING),  # waiting for approval: not enrolled
        ("below", EnrolmentStatus.ACTIVE),
        ("outside", EnrolmentStatus.COMPLETED),  # not a target
        ("above", EnrolmentStatus.ACTIVE),  # the unit above is not a target
    ]:
        Enrolment.objects.create(course=course, user=people[who], status=status)
    for who in ("employee", "below", "outside"):
        LessonCompletion.objects.create(lesson=lesson, user=people[who])
    assert counts(item) == (4, 3, 2, 1)


def test_cop_counts_accepted_invitations_attendance_and_verified_entries(people, home):
    index = home.add_child(instance=CommunityIndexPage(title="Komunitas", slug="komunitas"))
    community = index.add_child(instance=CommunityPage(title="Jalan", purpose="Berbagi"))
    session = CopSession.objects.create(community=community, title="Sesi", starts_at=WHEN, duration_hours=2)
    item = make_programme(people, delivery=Delivery.COP, cop_session=session)
    answer(item, people["employee"], Response.ACCEPTED)
    answer(item, people["colleague"], Response.ACCEPTED)
    answer(item, people["below"], Response.DECLINED)
    answer(item, people["outside"], Response.ACCEPTED)  # an invitation outside the targets does not count
    clo = people["clo"]
    for who, status in [
        ("employee", "verified"),
        ("colleague", "submitted"),
        ("below", "verified"),
        ("outside", "verified"),
    ]:
        made = entry(people[who], status, clo if status == "verified" else None, f"cop-session:{session.pk}")
        Attendance.objects.create(session=session, user=people[who], hours=2, entry=made)
    assert counts(item) == (4, 2, 3, 2)  # enrolled: rizky, kolega; attended: + seksi; completed: rizky, seksi


def test_external_counts_entries_tied_to_the_idp_rows_the_decision_answers(people, verified):  # noqa: F811
    forum = forums.schedule(people["clo"], YEAR, Level.STRATEGIC, WHEN, place="Aula")
    decision = forums.decide(
        people["clo"], forum, DecisionKind.ACCEPTED, strategic_line().verification_ids, programme=programme_data(people)
    )
    item = LearningProgramme.objects.get(decision=decision)
    answer(item, people["employee"], Response.ACCEPTED)
    assert counts(item) == (4, 1, 0, 0)
    row = verified.rows.get(section=Section.PROPOSED, competency=people["komunikasi"])
    mine = entry(people["employee"], "submitted", None, "luar:1")
    realised.link_entry(row, mine, people["employee"])
    entry(people["colleague"], "verified", people["clo"], "luar:2")  # an entry tied to no answered row
    assert counts(item) == (4, 1, 1, 0)
    verify(mine, people["clo"])
    assert counts(item) == (4, 1, 1, 1)


def test_participation_of_the_whole_list_runs_constant_queries(people, home):
    course, lesson = published_course(home)

    def run():
        items = programmes.programme_list(YEAR)
        with CaptureQueriesContext(connection) as queries:
            result = programmes.participation(items)
        return len(queries.captured_queries), result

    make_programme(people, delivery=Delivery.COURSE, course=course)
    make_programme(people, title="Luar")
    few, _result = run()
    for n in range(8):
        made = make_programme(people, title=f"P{n}", units=[people["other"]], positions="Kepala Dinas PUPR")
        answer(made, people["above"], Response.ACCEPTED)
        Enrolment.objects.create(course=course, user=UserFactory(unit_kerja=people["bidang"]))
    many, result = run()
    assert many == few <= 8
    assert len(result) == 10 and all(c.enrolled == 1 for pk, c in result.items() if c.targets == 6)


def test_the_clo_list_and_the_programme_page_show_the_counts(people, home, client):
    course, lesson = published_course(home)
    item = make_programme(people, delivery=Delivery.COURSE, course=course)
    Enrolment.objects.create(course=course, user=people["employee"], status=EnrolmentStatus.COMPLETED)
    client.force_login(people["clo"])
    listing = client.get(reverse("planning:programmes"), {"tahun": YEAR}).content.decode()
    row = listing.split(f'data-programme="{item.pk}"')[1].split("</tr>")[0]
    assert '<td data-count="targets">4</td>' in row and '<td data-count="completed">1</td>' in row
    page = client.get(reverse("planning:programme", args=[item.pk])).content.decode()
    assert '<dd data-count="enrolled">1</dd>' in page and '<dd data-count="targets">4</dd>' in page
