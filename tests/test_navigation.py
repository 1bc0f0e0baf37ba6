"""corpu.navigation.role_links: each role's work links ("Menu kerja"), on Beranda saya and in the header, computed
once per request."""

import pytest
from django.urls import reverse

from corpu.navigation import role_links
from knowledge_assets.setup import ensure_knowledge_setup
from people.models import User
from people.roles import CLO, VERIFIKATOR_UNIT, assign_role
from tests.factories import KeanggotaanFactory, KelompokFactory, UserFactory
from tests.home_helpers import add_course

pytestmark = pytest.mark.django_db


def keys(user):
    return [link.key for link in role_links(User.objects.get(pk=user.pk))]


def test_a_learner_has_no_work_links_and_anonymous_none():
    from django.contrib.auth.models import AnonymousUser

    assert keys(UserFactory()) == [] and role_links(AnonymousUser()) == []


def test_each_role_gets_its_links(home):
    ensure_knowledge_setup(home)
    verifier, clo = UserFactory(), UserFactory()
    assign_role(verifier, VERIFIKATOR_UNIT)
    assign_role(clo, CLO)
    member = KeanggotaanFactory(kelompok=KelompokFactory(), user=UserFactory()).user
    facilitator = UserFactory()
    course, _ = add_course(home, "Fasilitasi")
    course.facilitators.add(facilitator)
    course.save()
    assert keys(verifier) == ["verifikasi", "dasbor"]
    assert keys(clo) == ["verifikasi", "dasbor", "rekap_idp", "forum", "evaluasi", "sertifikat", "audit_masuk", "admin"]
    assert keys(member) == ["tulis_aset", "revidu", "admin"]
    assert keys(facilitator) == [f"fasilitator_{course.pk}"]
    links = {link.key: link.url for link in role_links(User.objects.get(pk=member.pk))}
    assert links["revidu"] == reverse("knowledge_assets:revidu") and links["admin"] == reverse("wagtailadmin_home")
    assert links["tulis_aset"] == reverse("knowledge_assets:write")


def test_the_links_are_computed_once_per_user_object(home, django_assert_num_queries):
    ensure_knowledge_setup(home)
    member = User.objects.get(pk=KeanggotaanFactory(kelompok=KelompokFactory(), user=UserFactory()).user.pk)
    first = role_links(member)
    with django_assert_num_queries(0):
        assert role_links(member) is first


def test_the_header_shows_the_work_menu_and_the_beranda_link(client, home):
    verifier = UserFactory()
    assign_role(verifier, VERIFIKATOR_UNIT)
    client.force_login(verifier)
    page = client.get(reverse("ledger:saya")).content.decode()
    header = page.split('<header class="site-header">')[1].split("</header>")[0]
    assert "Beranda saya" in header and "<details" in header and "Menu kerja" in header
    assert f'href="{reverse("ledger:verifikasi")}"' in header
