"""A programme's page and its management: status steps (validated, audited, refused to others), delivery
references that must match the delivery, the draft course made once and hidden from learners, the CLO list."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import Page

from communities.models import CommunityIndexPage, CommunityPage, CopSession
from courses.models import CoursePage
from planning.models import Delivery, LearningProgramme, PlanAudit, ProgrammeStatus
from planning.services import programmes

from .programme_helpers import make_programme, published_course


def test_status_moves_one_step_at_a_time_and_is_audited(world):
    item = make_programme(world)
    with pytest.raises(ValidationError):
        programmes.set_status(world["clo"], item, ProgrammeStatus.DONE)  # skipping "running"
    with pytest.raises(ValidationError):
        programmes.set_status(world["clo"], item, "bogus")
    for status in (ProgrammeStatus.RUNNING, ProgrammeStatus.DONE, ProgrammeStatus.EVALUATED):
        programmes.set_status(world["clo"], item, status)
    with pytest.raises(ValidationError):
        programmes.set_status(world["clo"], item, ProgrammeStatus.PLANNED)  # no way back after evaluation
    item.refresh_from_db()
    assert item.status == ProgrammeStatus.EVALUATED
    trail = PlanAudit.objects.filter(action="programme_status").order_by("id")
    assert [a.after["status"] for a in trail] == ["running", "done", "evaluated"]
    assert {a.actor for a in trail} == {world["clo"]}


def test_only_the_clo_or_the_forum_chair_manage_a_programme(world, client):
    item = make_programme(world)
    with pytest.raises(PermissionDenied):
        programmes.set_status(world["employee"], item, ProgrammeStatus.RUNNING)
    client.force_login(world["employee"])
    url = reverse("planning:programme", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200 and item.title in page.content.decode()
    assert "Kelola program" not in page.content.decode() and "Peserta sasaran" not in page.content.decode()
    assert client.post(url, {"action": "status", "status": "running"}).status_code == 403
    assert client.post(url, {"action": "edit", "delivery": "external", "link": "https://x.example"}).status_code == 403
    assert client.post(reverse("planning:programme_draft_course", args=[item.pk])).status_code == 403
    item.refresh_from_db()
    assert (item.status, item.link) == (ProgrammeStatus.PLANNED, "")
    client.force_login(world["clo"])
    page = client.post(url, {"action": "status", "status": "running"}, follow=True).content.decode()
    assert "Status program diperbarui" in page and "Berjalan" in page


def test_the_programme_page_shows_the_forum_decision_it_came_from(world, client):
    from planning.lan import Level
    from planning.models import DecisionKind
    from planning.services import forums

    from .test_forums import WHEN

    forum = forums.schedule(world["ketua_infra"], 2026, Level.TECHNICAL, WHEN, kelompok=world["kk_infra"], place="R1")
    decision = forums.decide(world["ketua_infra"], forum, DecisionKind.DESIGN, reason="Desain disetujui")
    item = make_programme(world, decision=decision, level=Level.TECHNICAL)
    client.force_login(world["ketua_infra"])  # the chair of that forum manages it
    page = client.get(reverse("planning:programme", args=[item.pk])).content.decode()
    assert "Forum level Teknis" in page and "Kelola program" in page
    programmes.set_status(world["ketua_infra"], item, ProgrammeStatus.RUNNING)
    with pytest.raises(PermissionDenied):
        programmes.set_status(world["ketua_asn"], item, ProgrammeStatus.DONE)  # another forum's chair


def _session(home, world):
    index = home.add_child(instance=CommunityIndexPage(title="Komunitas", slug="komunitas"))
    community = index.add_child(instance=CommunityPage(title="Jalan dan Jembatan", purpose="Berbagi praktik"))
    return CopSession.objects.create(
        community=community, title="Bedah kasus longsor", starts_at="2026-05-04T09:00+08:00", duration_hours=2
    )


def test_a_reference_must_match_the_delivery(world, home, client):
    course, _lesson = published_course(home)
    session = _session(home, world)
    item = make_programme(world)
    with pytest.raises(ValidationError) as refused:
        programmes.update(world["clo"], item, {"delivery": Delivery.COP, "course": course})
    assert "Kursus hanya dipilih untuk program berbentuk kursus CorpU." in refused.value.messages
    with pytest.raises(ValidationError):
        programmes.update(world["clo"], item, {"delivery": Delivery.COURSE, "link": "https://x.example/"})
    with pytest.raises(ValidationError):
        programmes.update(world["clo"], item, {"delivery": Delivery.EXTERNAL, "cop_session": session})
    item.refresh_from_db()
    assert (item.delivery, item.course_id, item.cop_session_id) == (Delivery.EXTERNAL, None, None)

    client.force_login(world["clo"])
    url = reverse("planning:programme", args=[item.pk])
    form = {
        "action": "edit",
        "objective": item.objective,
        "method": item.method,
        "organiser": item.organiser,
        "starts_on": "2026-05-04",
        "ends_on": "2026-05-06",
        "target_units": [world["bidang"].pk],
        "delivery": "cop",
        "course": course.pk,
    }
    page = client.post(url, form).content.decode()
    assert "Kursus hanya dipilih untuk program berbentuk kursus CorpU." in page
    assert LearningProgramme.objects.get(pk=item.pk).delivery == Delivery.EXTERNAL
    form.pop("course")
    client.post(url, {**form, "cop_session": session.pk})
    item.refresh_from_db()
    assert (item.delivery, item.cop_session) == (Delivery.COP, session)
    page = client.get(url).content.decode()
    assert "Bedah kasus longsor" in page


def test_draft_course_is_made_once_unpublished_and_hidden_from_learners(world, home, client):
    published_course(home, "Kursus lain")  # makes the catalogue
    item = make_programme(world, title="Komunikasi Laporan Teknis", delivery=Delivery.COURSE)
    client.force_login(world["clo"])
    url = reverse("planning:programme_draft_course", args=[item.pk])
    first = client.post(url)
    item.refresh_from_db()
    course = item.course.specific
    assert first.status_code == 302 and first["Location"] == reverse("wagtailadmin_pages:edit", args=[course.pk])
    assert (course.title, course.summary, course.competency) == (item.title, item.objective, "manajerial")
    assert not course.live and course.has_unpublished_changes and course.revisions.count() == 1
    editor = client.get(first["Location"])
    assert editor.status_code == 200 and item.title in editor.content.decode()  # the CLO may finish it there
    second = client.post(url)
    assert second["Location"] == first["Location"] and CoursePage.objects.filter(title=item.title).count() == 1
    assert PlanAudit.objects.filter(action="programme_draft_course").count() == 1

    client.force_login(world["employee"])
    assert client.get(course.get_url()).status_code == 404
    catalog = Page.objects.get(pk=course.get_parent().pk).specific
    assert item.title not in client.get(catalog.get_url()).content.decode()
    profil = client.get(reverse("people:profil")).content.decode()
    assert item.title in profil and "Buka kursus" not in profil  # no link to an unpublished course


def test_draft_course_only_for_course_delivery(world, home):
    published_course(home)
    item = make_programme(world)  # external
    with pytest.raises(ValidationError):
        programmes.draft_course(world["clo"], item)
    assert CoursePage.objects.count() == 1


def test_the_clo_list_is_refused_to_employees_and_runs_constant_queries(world, client, django_assert_max_num_queries):
    client.force_login(world["employee"])
    assert client.get(reverse("planning:programmes")).status_code == 403
    client.force_login(world["clo"])
    url = reverse("planning:programmes") + "?tahun=2026"
    make_programme(world)
    client.get(url)
    with django_assert_max_num_queries(30) as first:
        client.get(url)
    for n in range(6):
        make_programme(world, title=f"P{n}", units=[world["bidang"], world["other"]], delivery=Delivery.COURSE)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('data-programme="') == 7
    filtered = client.get(url + "&status=running").content.decode()
    assert 'data-programme="' not in filtered
