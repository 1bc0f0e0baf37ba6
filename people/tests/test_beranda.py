"""Beranda saya (/beranda/): where sign-in leads, what each section shows, who sees what, constant queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership, Notification, Thread
from corpu.access import AccessLevel
from courses.models import Enrolment, LessonCompletion
from ledger.models import Status
from tests.factories import KeanggotaanFactory, KelompokFactory, UserFactory, unit
from tests.home_helpers import add_asset, add_community, add_course, submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return UserFactory(username="rizky", nama="Rizky Pratama", unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))


def test_sign_in_lands_on_beranda_and_anonymous_visitors_are_sent_to_sign_in(client, learner):
    response = client.post("/akun/login/", {"username": "rizky", "password": "rahasia-123"})
    assert response.status_code == 302 and response["Location"] == "/beranda/"
    client.logout()
    response = client.get("/beranda/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/login/?next=/beranda/")


def test_beranda_shows_each_section_with_its_heading(client, home, learner):
    client.force_login(learner)
    page = client.get(reverse("beranda")).content.decode()
    for heading in [
        "Beranda saya",
        "JP tahun",
        "Kursus yang sedang berjalan",
        "Program pembelajaran saya",
        "IDP saya",
        "Pengajuan JP dan pemberitahuan",
        "Tugas evaluasi",
        "Aset pengetahuan terbaru",
        "Diskusi aktif di komunitas Anda",
    ]:
        assert heading in page
    assert 'href="/jp/"' in page and 'href="/beranda/"' in page


def test_courses_in_progress_show_progress_and_the_next_lesson(client, home, learner):
    course, lessons = add_course(home, "Netralitas ASN", lessons=2)
    Enrolment.objects.create(course=course, user=learner)
    LessonCompletion.objects.create(lesson=lessons[0], user=learner)
    finished, _ = add_course(home, "Sudah selesai")
    Enrolment.objects.create(course=finished, user=learner, status="completed")
    client.force_login(learner)
    page = client.get(reverse("beranda")).content.decode()
    section = page.split('data-testid="home-courses"')[1].split("</section>")[0]
    assert "Netralitas ASN" in section and "50%" in section and "Sudah selesai" not in section
    assert f'href="{lessons[1].url}"' in section and "Lanjutkan: Netralitas ASN — pelajaran 2" in section


def test_submissions_with_status_and_unread_notifications(client, home, learner):
    submission(learner, "Seminar jalan")
    submission(learner, "Seminar jembatan", status=Status.REJECTED)
    client.force_login(learner)
    page = client.get(reverse("beranda")).content.decode()
    section = page.split('data-testid="home-submissions"')[1].split("</section>")[0]
    assert "Seminar jalan" in section and "diajukan" in section
    assert "Seminar jembatan" in section and "ditolak" in section and "Bukti kurang" in section
    assert "Pemberitahuan belum dibaca" in section  # the rejection's notification, still unread


def test_a_learner_never_sees_an_asset_or_thread_the_policy_hides(client, home, learner):
    other_kelompok = KelompokFactory(nama="KK Rahasia")
    add_asset(home, "Aset publik")
    add_asset(home, "Aset internal KK", level=AccessLevel.INTERNAL, kelompok=other_kelompok)
    open_community = add_community(home, "Komunitas Jalan")
    closed = add_community(home, "Komunitas tertutup", level=AccessLevel.INTERNAL, kelompok=other_kelompok)
    Membership.objects.create(user=learner, community=open_community)
    Membership.objects.create(user=learner, community=closed)  # a stale membership: the policy still decides
    author = UserFactory()
    Thread.objects.create(community=open_community, title="Utas jalan", author=author)
    Thread.objects.create(community=open_community, title="Utas disembunyikan", author=author, hidden=True)
    Thread.objects.create(community=closed, title="Utas rahasia", author=author)
    client.force_login(learner)
    page = client.get(reverse("beranda")).content.decode()
    assert "Aset publik" in page and "Aset internal KK" not in page
    assert "Utas jalan" in page and "Utas rahasia" not in page and "Utas disembunyikan" not in page


def test_unread_community_notifications_show_until_read(client, home, learner):
    community = add_community(home, "Komunitas Jalan")
    closed = add_community(home, "Komunitas tertutup", level=AccessLevel.INTERNAL, kelompok=KelompokFactory())
    author = UserFactory(nama="Budi Santoso")
    thread = Thread.objects.create(community=community, title="Utas perkerasan", author=author)
    hidden = Thread.objects.create(community=community, title="Utas disembunyikan", author=author, hidden=True)
    secret = Thread.objects.create(community=closed, title="Utas rahasia", author=author)
    for on in (thread, hidden, secret):  # only the first may still be read by the learner
        Notification.objects.create(user=learner, community=on.community, thread=on, actor=author, kind="reply")
    client.force_login(learner)
    page = client.get(reverse("beranda")).content.decode()
    listed = page.split('data-testid="home-community-notifications"')[1].split("</ul>")[0]
    assert "Utas perkerasan" in listed and "balasan baru" in listed and "Budi Santoso" in listed
    assert "Utas disembunyikan" not in page and "Utas rahasia" not in page
    assert client.get(reverse("communities:notifications")).status_code == 200  # reading them marks them read
    page = client.get(reverse("beranda")).content.decode()  # the cached sections are not used again
    assert "home-community-notifications" not in page and "Notifikasi komunitas belum dibaca" not in page


def fill(home, learner, n, tag):
    if tag == "a":  # a kelompok keahlian member: the work menu's links are part of the count
        KeanggotaanFactory(kelompok=KelompokFactory(), user=learner)
    community = add_community(home, f"Komunitas {tag}")
    Membership.objects.create(user=learner, community=community)
    for i in range(n):
        course, lessons = add_course(home, f"Kursus {tag}{i}")
        Enrolment.objects.create(course=course, user=learner)
        LessonCompletion.objects.create(lesson=lessons[0], user=learner)
        course.facilitators.add(learner)
        course.save()
        submission(
            learner,
            f"Seminar {tag}{i}",
            status=Status.REJECTED if i % 2 else Status.SUBMITTED,
            day=timezone.localdate().replace(month=1, day=1) + datetime.timedelta(days=i),
        )
        add_asset(home, f"Aset {tag}{i}")
        thread = Thread.objects.create(community=community, title=f"Utas {tag}{i}", author=learner)
        Notification.objects.create(user=learner, community=community, thread=thread, kind="reply", actor=learner)


def test_beranda_runs_a_constant_number_of_queries(client, home, learner, django_assert_max_num_queries):
    fill(home, learner, 2, "a")
    client.force_login(learner)
    url = reverse("beranda")
    client.get(url)
    with django_assert_max_num_queries(80) as small:
        client.get(url)
    budget = len(small.captured_queries)  # read now: Django's query log keeps only the last 9,000
    fill(home, learner, 8, "b")
    client.get(url)  # new pages start a new page-cache generation: the navigation is computed again once
    with django_assert_max_num_queries(budget):
        page = client.get(url).content.decode()
    assert "Kursus b7" in page and "Utas b7" in page and "Aset b7" in page
    assert page.split('data-testid="home-community-notifications"')[1].count('class="unread"') == 5
