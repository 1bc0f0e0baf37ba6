"""'Program pembelajaran saya' on the learner home (/profil/): this year's programmes targeting the employee with
dates, status, the way in and the invitation's buttons; nothing for others; constant queries."""

import datetime

from django.urls import reverse
from django.utils import timezone

from planning.models import Delivery, ProgrammeInvitation, Response

from .programme_helpers import make_programme, published_course


def this_year(world, title, **extra):
    today = timezone.localdate()
    dates = {"year": today.year, "starts_on": today, "ends_on": today + datetime.timedelta(days=3)}
    return make_programme(world, title=title, **{**dates, **extra})


def test_the_home_lists_my_programmes_with_their_way_in_and_invitation(world, home, client):
    course, _lesson = published_course(home, "Komunikasi Publik")
    mine = this_year(world, "Pelatihan Komunikasi", delivery=Delivery.COURSE, course=course)
    this_year(world, "Program Dinkes", units=[world["other"]])
    this_year(world, "Magang eksternal", link="https://balai.example.go.id/magang")
    make_programme(world, title="Program tahun lalu", year=timezone.localdate().year - 1)
    client.force_login(world["employee"])
    page = client.get(reverse("people:profil")).content.decode()
    section = page.split('data-testid="my-programmes"')[1].split("</section>")[0]
    assert "Program pembelajaran saya" in section
    assert "Pelatihan Komunikasi" in section and "Magang eksternal" in section
    assert "Program Dinkes" not in section and "Program tahun lalu" not in section
    assert course.url in section and "https://balai.example.go.id/magang" in section
    assert "Direncanakan" in section and 'value="accepted"' in section and 'value="declined"' in section
    client.post(reverse("planning:programme_respond", args=[mine.pk]), {"response": "accepted"})
    page = client.get(reverse("people:profil")).content.decode()
    assert "Anda menerima undangan ini." in page
    assert ProgrammeInvitation.objects.get(programme=mine, user=world["employee"]).response == Response.ACCEPTED


def test_an_employee_targeted_by_nothing_sees_an_empty_section(world, client):
    this_year(world, "Pelatihan Komunikasi")
    client.force_login(world["kadis"])
    page = client.get(reverse("people:profil")).content.decode()
    assert "Belum ada program pembelajaran untuk Anda tahun ini." in page and "Pelatihan Komunikasi" not in page


def test_the_home_runs_constant_queries_whatever_the_number_of_programmes(
    world, home, client, django_assert_max_num_queries, settings
):
    settings.PERSONAL_CACHE_SECONDS = 0  # compare two full renderings, not a cached one with a full one
    course, _lesson = published_course(home)
    this_year(world, "Satu", delivery=Delivery.COURSE, course=course)
    client.force_login(world["employee"])
    url = reverse("people:profil")
    client.get(url)
    with django_assert_max_num_queries(40) as first:
        client.get(url)
    for n in range(6):
        this_year(world, f"Kursus {n}", delivery=Delivery.COURSE, course=course)
        this_year(world, f"Luar {n}", link=f"https://x.example/{n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('value="accepted"') == 13
