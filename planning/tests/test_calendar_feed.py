"""Each user's ICS feed key: created on first use, replaced by "Buat tautan baru" (the old URL answers 404 at once,
the new one works), forged, oversized or non-ASCII tokens are 404s, inactive users' feeds are 404s, and the calendar
page shows a visitor only their own URL."""

from django.urls import reverse
from icalendar import Calendar

from planning.models import CalendarFeed, PlanAudit
from planning.services.calendar import feed_token

from .conftest import YEAR
from .test_forums_calendar import programme


def feed_url(token):
    return reverse("planning:feed", args=[token]) + f"?tahun={YEAR}"


def page_feed_path(client):
    """The feed path shown on the visitor's calendar page."""
    page = client.get(reverse("planning:calendar") + f"?tahun={YEAR}").content.decode()
    start = page.index("/idp/kalender/", page.index('id="feed-url"'))
    return page[start : page.index('"', start)]


def test_rotating_the_key_retires_the_old_url_and_the_new_one_works(world, client):
    item = programme(world)
    client.force_login(world["employee"])
    old = page_feed_path(client)
    assert client.get(old).status_code == 200
    assert page_feed_path(client) == old  # stable until rotated
    response = client.post(reverse("planning:feed_rotate"), {"tahun": YEAR})
    assert response.status_code == 302 and response.url == reverse("planning:calendar") + f"?tahun={YEAR}"
    new = page_feed_path(client)
    assert new != old
    client.logout()  # a calendar app has no session
    assert client.get(old).status_code == 404
    answer = client.get(new + f"?tahun={YEAR}")
    assert answer.status_code == 200
    assert [str(e["summary"]) for e in Calendar.from_ical(answer.content).walk("VEVENT")] == [item.title]
    assert PlanAudit.objects.filter(action="calendar_feed_rotate", actor=world["employee"]).count() == 1


def test_rotation_is_a_post_with_csrf_and_for_signed_in_users_only(world, client):
    token = feed_token(world["employee"])
    assert client.post(reverse("planning:feed_rotate")).status_code == 302  # to the sign-in page
    client.force_login(world["employee"])
    assert client.get(reverse("planning:feed_rotate")).status_code == 405
    assert feed_token(world["employee"]) == token
    guarded = client.__class__(enforce_csrf_checks=True)
    guarded.force_login(world["employee"])
    assert guarded.post(reverse("planning:feed_rotate")).status_code == 403  # a cross-site form without the token
    assert feed_token(world["employee"]) == token


def test_each_user_gets_an_own_random_key_once(world):
    first = feed_token(world["employee"])
    assert feed_token(world["employee"]) == first
    other = feed_token(world["colleague"])
    assert first.split(".", 1)[1] != other.split(".", 1)[1]
    assert len(first.split(".", 1)[1]) >= 40  # 32 random bytes
    assert CalendarFeed.objects.count() == 2


def test_forged_malformed_and_inactive_feeds_are_404(world, client):
    token = feed_token(world["employee"])
    key = token.split(".", 1)[1]
    for bad in (
        f"{world['colleague'].pk}.{key}",  # my key under another id (who has no feed yet)
        f"99999999999999999999.{key}",  # beyond any integer column
        f"{world['employee'].pk}.{key[:-1]}é",  # non-ASCII key
        f"١.{key}",  # a non-ASCII digit
        f".{key}",
    ):
        assert client.get(feed_url(bad)).status_code == 404, bad
    employee = world["employee"]
    employee.is_active = False
    employee.save()
    assert client.get(feed_url(token)).status_code == 404


def test_the_calendar_page_shows_only_the_visitors_own_feed_url(world, client):
    mine = feed_token(world["employee"])
    client.force_login(world["colleague"])
    page = client.get(reverse("planning:calendar") + f"?tahun={YEAR}")
    assert mine not in page.content.decode() and mine.split(".", 1)[1] not in page.content.decode()
    assert page_feed_path(client) == reverse("planning:feed", args=[feed_token(world["colleague"])])
    assert page["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(reverse("planning:calendar")).status_code == 302
