"""The admin for direction and dictionary: CLO and Dewan Pengarah in, everyone else out."""

import pytest
from django.urls import reverse

from planning.models import CompetencyDefinition, InstitutionDirection

from .conftest import YEAR

PAGES = [
    ("planning_direction:index", None),
    ("planning_competency:index", None),
    ("planning_requirement:index", None),
]


@pytest.mark.parametrize("url", [name for name, _x in PAGES])
def test_clo_opens_every_planning_admin_list(client, world, url):
    client.force_login(world["clo"])
    response = client.get(reverse(url))
    assert response.status_code == 200


def test_dewan_pengarah_edits_the_direction_and_reads_the_dictionary(client, world):
    client.force_login(world["sekda"])
    direction = InstitutionDirection.objects.get(year=YEAR)
    assert client.get(reverse("planning_direction:edit", args=[direction.pk])).status_code == 200
    assert client.get(reverse("planning_competency:index")).status_code == 200
    komunikasi = CompetencyDefinition.objects.get(name="Komunikasi")
    assert client.get(reverse("planning_competency:edit", args=[komunikasi.pk])).status_code != 200


@pytest.mark.parametrize("who", ["ketua_infra", "employee", "kabid"])
def test_others_are_refused_even_with_admin_access(client, world, who):
    client.force_login(world[who])
    for name, _x in PAGES:
        response = client.get(reverse(name))
        assert response.status_code in (302, 403), name
        assert b"Transformasi digital" not in response.content


def test_the_clo_edits_a_competency_of_the_dictionary_with_its_levels(client, world):
    client.force_login(world["clo"])
    komunikasi = CompetencyDefinition.objects.get(name="Komunikasi")
    response = client.get(reverse("planning_competency:edit", args=[komunikasi.pk]))
    assert "Menyampaikan informasi dengan jelas" in response.content.decode()
