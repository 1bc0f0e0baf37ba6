"""The evaluation home shows each visitor what waits for them and only the evaluation pages their role may open;
every link it shows opens for that visitor."""

import re

import pytest

from .behaviour_world import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

INSTITUTION = ["/evaluasi/kematangan/", "/evaluasi/laporan/"]
UNIT = ["/evaluasi/perilaku/terlambat/", "/evaluasi/monev/"]


def _links(client, user):
    client.force_login(user)
    response = client.get("/evaluasi/")
    assert response.status_code == 200
    return set(re.findall(r'href="(/evaluasi/[^"]*)"', response.content.decode()))


@pytest.mark.parametrize(
    ("visitor", "shown", "hidden"),
    [
        ("clo", INSTITUTION + UNIT + ["/evaluasi/dampak/"], []),
        ("kadis", UNIT + ["/evaluasi/dampak/"], INSTITUTION),
        ("secretariat", UNIT, INSTITUTION + ["/evaluasi/dampak/"]),
        ("employee", ["/evaluasi/reaksi/saya/", "/evaluasi/perilaku/saya/"], INSTITUTION + UNIT),
    ],
)
def test_each_role_sees_its_evaluation_pages_and_each_opens(client, world, visitor, shown, hidden):
    links = _links(client, world[visitor])
    assert set(shown) <= links and not set(hidden) & links
    for url in links:
        assert client.get(url).status_code == 200, url


def test_anonymous_is_sent_to_sign_in_and_the_menu_names_evaluation(client, world):
    assert client.get("/evaluasi/").status_code == 302
    client.force_login(world["employee"])
    assert 'href="/evaluasi/"' in client.get("/profil/").content.decode()
