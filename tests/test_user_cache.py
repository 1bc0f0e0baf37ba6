"""The personal pages kept rendered per user (corpu/user_cache.py, ADR 0023): the user's own change shows on the
next request, and one user's cached block is never shown to another."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, unit
from tests.home_helpers import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))


def test_a_submission_shows_at_once_on_beranda_and_jp_saya(client, home, staff):
    client.force_login(staff)
    for url in (reverse("beranda"), reverse("ledger:saya")):
        assert "Seminar jembatan baru" not in client.get(url).content.decode()  # now cached
    submission(staff, "Seminar jembatan baru")
    assert "Seminar jembatan baru" in client.get(reverse("beranda")).content.decode()
    assert "Seminar jembatan baru" in client.get(reverse("ledger:saya")).content.decode()


def test_a_cached_block_is_never_shown_to_another_user(client, home, staff):
    other = UserFactory(nama="Rahasia Lain", unit_kerja=staff.unit_kerja)
    submission(other, "Kegiatan milik orang lain")
    client.force_login(other)
    for name in ("beranda", "ledger:saya", "people:profil"):
        client.get(reverse(name))
    client.force_login(staff)
    for name in ("beranda", "ledger:saya", "people:profil"):
        page = client.get(reverse(name)).content.decode()
        assert "Kegiatan milik orang lain" not in page and "Rahasia" not in page, name


def test_a_profile_change_shows_at_once(client, home, staff):
    client.force_login(staff)
    client.get(reverse("people:profil"))
    staff.jabatan = "Analis Kebijakan Ahli Muda"
    staff.save()
    assert "Analis Kebijakan Ahli Muda" in client.get(reverse("people:profil")).content.decode()


def test_a_new_role_shows_at_once_on_profil_saya(client, home, staff):
    from people.roles import ROLE_NAMES, VERIFIKATOR_UNIT, assign_role

    client.force_login(staff)
    role = str(ROLE_NAMES[VERIFIKATOR_UNIT])
    assert role not in client.get(reverse("people:profil")).content.decode()  # now cached
    assign_role(staff, VERIFIKATOR_UNIT)  # a group added: the m2m change moves the user's generation
    assert role in client.get(reverse("people:profil")).content.decode()
