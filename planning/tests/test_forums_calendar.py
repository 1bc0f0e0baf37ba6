"""The learning calendar: a programme is listed for its target employees only, the ICS feed parses and holds it,
a forged feed token is a 404, the forum pages refuse outsiders, and the calendar page runs constant queries."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from planning.lan import Level, Method
from planning.models import Delivery, LearningProgramme
from planning.services import calendar
from planning.services.calendar import feed_token
from tests.factories import UserFactory

from .conftest import YEAR
from .test_forums import WHEN, programme_data, strategic_line, verified  # noqa: F401 (fixture)


def programme(world, n=0, **extra):
    data = programme_data(world, title=f"Program {n}", **extra)
    units = data.pop("target_units")
    item = LearningProgramme.objects.create(year=YEAR, level=Level.STRATEGIC, competency=world["komunikasi"], **data)
    item.target_units.set(units)
    return item


def test_the_calendar_lists_a_programme_for_its_targets_and_not_for_others(world):
    item = programme(world, target_positions="Kepala Seksi Jalan")
    by_position = UserFactory(username="kasi", unit_kerja=world["other"], jabatan="Kepala Seksi Jalan")
    assert calendar.my_programmes(world["employee"], YEAR) == [item]  # works in Bidang Bina Marga
    assert calendar.my_programmes(by_position, YEAR) == [item]
    for other in (world["kadis"], world["other_head"], world["clo"]):  # the unit above, another unit
        assert calendar.my_programmes(other, YEAR) == []
    assert calendar.programmes_for(YEAR, unit=world["bidang"]) == [item]
    assert calendar.programmes_for(YEAR, unit=world["other"]) == []
    assert calendar.programmes_for(YEAR, method=Method.SOCIAL) == []


def test_the_ics_feed_parses_and_holds_the_employees_programme(world, client):
    item = programme(world)
    programme(world, n=1, target_units=[world["other"]])
    response = client.get(reverse("planning:feed", args=[feed_token(world["employee"])]), {"tahun": YEAR})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [item.title]
    assert events[0].decoded("dtstart") == item.starts_on
    assert events[0].decoded("dtend") == item.ends_on + datetime.timedelta(days=1)


def test_a_forged_or_foreign_feed_token_is_a_404(world, client):
    programme(world)
    token = feed_token(world["employee"])
    feed_token(world["colleague"])
    key = token.split(".", 1)[1]
    forged = f"{world['colleague'].pk}.{key}"  # someone else's id with my key
    for bad in (forged, "abc", f"{world['employee'].pk}", f"{world['employee'].pk}.", token + "x", token[:-1]):
        assert client.get(reverse("planning:feed", args=[bad])).status_code == 404


def test_the_calendar_page_runs_constant_queries(world, client, django_assert_max_num_queries):
    client.force_login(world["employee"])
    url = reverse("planning:calendar") + f"?tahun={YEAR}"
    programme(world)
    client.get(url)
    with django_assert_max_num_queries(16) as first:
        client.get(url)
    for n in range(1, 6):
        programme(world, n=n, target_units=[world["bidang"], world["other"]], delivery=Delivery.COP)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("Untuk Anda") == 6


@pytest.mark.parametrize("who", ["colleague", "member_asn"])
def test_a_forum_page_refuses_who_is_not_invited_and_posts_change_nothing(world, verified, client, who):  # noqa: F811
    from planning.services import forums

    forum = forums.schedule(world["clo"], YEAR, Level.STRATEGIC, WHEN, place="Aula")
    client.force_login(world[who])
    assert client.get(reverse("planning:forum", args=[forum.pk])).status_code == 403
    client.post(reverse("planning:forum", args=[forum.pk]), {"kind": "design", "reason": "x"})
    assert not forum.decisions.exists()
    client.post(
        reverse("planning:forums") + f"?tahun={YEAR}",
        {"level": "strategis", "held_at": "2026-04-08T09:00", "place": "Aula"},
    )
    assert not forum.__class__.objects.exclude(pk=forum.pk).exists()


def test_the_clo_decides_from_the_forum_page_and_the_programme_reaches_the_calendar(world, verified, client):  # noqa: F811
    client.force_login(world["clo"])
    response = client.post(
        reverse("planning:forums") + f"?tahun={YEAR}",
        {"level": "strategis", "held_at": "2026-04-08T09:00", "place": "Aula BKPSDM"},
    )
    forum = world["clo"].forum_invitations.get().forum
    assert response.status_code == 302
    key = ",".join(map(str, strategic_line().verification_ids))
    page = client.get(reverse("planning:forum", args=[forum.pk])).content.decode()
    assert "Komunikasi" in page
    response = client.post(
        reverse("planning:forum", args=[forum.pk]),
        {
            "action": "decide",
            "kind": "accepted",
            "verifications": [key],
            "title": "Pelatihan Komunikasi Publik",
            "objective": "Laporan teknis jelas",
            "method": "formal",
            "organiser": "BKPSDM",
            "target_units": [world["bidang"].pk],
            "starts_on": "2026-05-04",
            "ends_on": "2026-05-06",
            "delivery": "external",
        },
    )
    assert response.status_code == 302
    assert [p.title for p in calendar.my_programmes(world["employee"], YEAR)] == ["Pelatihan Komunikasi Publik"]
