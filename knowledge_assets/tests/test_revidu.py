"""Revidu (/pengetahuan/revidu/): the assets awaiting the signed-in user's review — the ketua of the asset's own
kelompok keahlian and the named experts only — and the member's own submissions, in a constant number of queries."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from knowledge_assets.models import KnowledgeAssetPage
from knowledge_assets.setup import EXPERT_GROUP_NAME
from tests.factories import GuestFactory, KeanggotaanFactory, KelompokFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/pengetahuan/revidu/"


def _submit(catalogue, member, kelompok, title):
    asset = KnowledgeAssetPage(
        title=title, abstract="Ringkas", asset_type="sop", live=False, owner_kelompok=kelompok, access_level="asn"
    )
    catalogue.add_child(instance=asset)
    asset.save_revision(user=member)
    asset.get_workflow().start(asset, member)
    return asset


@pytest.fixture
def people(institution):
    kelompok = institution["kelompok"]
    return {
        "kelompok": kelompok,
        "member": KeanggotaanFactory(kelompok=kelompok, user__nama="Sari Anggota").user,
        "ketua": KeanggotaanFactory(kelompok=kelompok, peran="ketua").user,
        "other_ketua": KeanggotaanFactory(kelompok=KelompokFactory(nama="KK Lain"), peran="ketua").user,
    }


def awaiting(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response


def test_the_url_is_the_named_contract():
    assert reverse("knowledge_assets:revidu") == URL


def test_the_ketua_of_the_assets_kelompok_sees_it_with_a_link_to_review_it(client, catalogue, people):
    asset = _submit(catalogue, people["member"], people["kelompok"], "SOP Pengawasan Jalan")
    page = awaiting(client, people["ketua"]).content.decode()
    assert "<h1>Revidu</h1>" in page
    mine = page.split('id="menunggu"')[1].split("</section>")[0]
    assert "SOP Pengawasan Jalan" in mine and "KK Infrastruktur" in mine and "Sari Anggota" in mine
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[asset.pk])}"' in mine
    # the link leads to the admin editor, where this ketua gets the review actions
    assert client.get(reverse("wagtailadmin_pages:edit", args=[asset.pk])).status_code == 200


def test_another_kelompoks_ketua_and_the_member_do_not_get_the_task(client, catalogue, people):
    _submit(catalogue, people["member"], people["kelompok"], "SOP Pengawasan Jalan")
    other = awaiting(client, people["other_ketua"]).content.decode()
    assert "SOP Pengawasan Jalan" not in other and "Tidak ada aset yang menunggu revidu Anda." in other
    own = awaiting(client, people["member"]).content.decode()
    assert "Tidak ada aset yang menunggu revidu Anda." in own
    submitted = own.split('id="diajukan"')[1]  # the member sees their own asset waiting, not a task
    assert "SOP Pengawasan Jalan" in submitted and "Revidu Ketua Kelompok Keahlian" in submitted


def test_a_named_expert_reviews_any_kelompoks_asset_and_sees_revidu_in_the_menu(client, catalogue, people):
    expert = GuestFactory(username="pakar")
    expert.groups.add(Group.objects.get(name=EXPERT_GROUP_NAME))
    _submit(catalogue, people["member"], people["kelompok"], "SOP Pengawasan Jalan")
    page = awaiting(client, expert).content.decode()
    assert "SOP Pengawasan Jalan" in page.split('id="menunggu"')[1]
    header = page.split('<header class="site-header">')[1].split("</header>")[0]
    assert f'href="{URL}"' in header


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_learner_without_a_review_role_or_a_submission_is_refused(client, catalogue, people):
    _submit(catalogue, people["member"], people["kelompok"], "SOP Pengawasan Jalan")
    client.force_login(UserFactory(username="pembelajar"))
    response = client.get(URL)
    assert response.status_code == 403 and b"SOP Pengawasan Jalan" not in response.content


def test_someone_outside_every_kelompok_with_an_asset_in_review_sees_it(client, catalogue, people):
    moderator = UserFactory(username="moderator", nama="Moderator Forum")
    _submit(catalogue, moderator, people["kelompok"], "Praktik Baik dari Forum")
    page = awaiting(client, moderator).content.decode()
    assert "Praktik Baik dari Forum" in page.split('id="diajukan"')[1]


def test_the_page_runs_a_constant_number_of_queries(client, catalogue, people):
    _submit(catalogue, people["member"], people["kelompok"], "Aset 1")
    client.force_login(people["ketua"])
    client.get(URL)  # warm: the navigation and the session
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for n in range(2, 7):
        _submit(catalogue, people["member"], people["kelompok"], f"Aset {n}")
    client.get(URL)
    with CaptureQueriesContext(connection) as six:
        page = client.get(URL).content.decode()
    assert page.count('data-revidu="awaiting"') == 6
    assert len(six) == len(one), [q["sql"] for q in six.captured_queries]
