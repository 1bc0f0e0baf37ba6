"""Expert review (revidu): an asset goes live only after a Ketua Kelompok Keahlian approves it."""

import pytest
from wagtail.models import Page, WorkflowState

from knowledge_assets.models import KnowledgeAssetPage
from people.roles import ANGGOTA, KETUA, role_group_name
from tests.factories import KeanggotaanFactory

pytestmark = pytest.mark.django_db


def test_submitted_asset_is_live_only_after_approval_and_the_approval_is_logged(institution, catalogue):
    from wagtail.models import PageLogEntry

    kelompok = institution["kelompok"]
    member = KeanggotaanFactory(kelompok=kelompok, peran="anggota").user
    ketua = KeanggotaanFactory(kelompok=kelompok, peran="ketua").user
    assert member.groups.filter(name=role_group_name(ANGGOTA)).exists()
    assert ketua.groups.filter(name=role_group_name(KETUA)).exists()

    # the anggota may add pages under the catalogue but not publish them
    perms = Page.objects.get(pk=catalogue.pk).permissions_for_user(member)
    assert perms.can_add_subpage() and not perms.can_publish_subpage()

    asset = KnowledgeAssetPage(
        title="Praktik Baik Revidu", abstract="Ringkas", asset_type="praktik_baik", live=False, owner_kelompok=kelompok
    )  # the editor gives a new asset its author's kelompok (test_owner_kelompok.py)
    catalogue.add_child(instance=asset)
    revision = asset.save_revision(user=member)
    workflow = asset.get_workflow()
    assert workflow is not None and workflow.name == "Revidu pakar"
    state = workflow.start(asset, member)
    asset.refresh_from_db()
    assert not asset.live
    task_state = state.current_task_state
    assert not task_state.task.specific.user_can_access_editor(asset, member)
    assert task_state.task.specific.user_can_access_editor(asset, ketua)

    task_state.task.specific.on_action(task_state, ketua, "approve", comment="Sesuai standar")
    asset.refresh_from_db()
    state.refresh_from_db()
    assert asset.live and asset.catalogue_number
    assert state.status == WorkflowState.STATUS_APPROVED
    assert asset.live_revision_id == revision.pk
    task_state.refresh_from_db()
    assert task_state.comment == "Sesuai standar"
    assert PageLogEntry.objects.filter(page=asset, action="wagtail.workflow.approve", user=ketua).exists()
    assert PageLogEntry.objects.filter(page=asset, action="wagtail.publish").exists()


def test_setup_is_idempotent(home):
    from knowledge_assets.setup import ensure_knowledge_setup

    first = ensure_knowledge_setup(home)
    assert ensure_knowledge_setup(home).pk == first.pk


def _draft(catalogue, member, kelompok, title="Draf revidu"):
    asset = KnowledgeAssetPage(
        title=title, abstract="Ringkas", asset_type="sop", live=False, owner_kelompok=kelompok, access_level="asn"
    )
    catalogue.add_child(instance=asset)
    asset.save_revision(user=member)
    state = asset.get_workflow().start(asset, member)
    return asset, state


def test_only_the_owning_kelompoks_ketua_or_a_named_expert_may_review(institution, catalogue):
    from django.contrib.auth.models import Group

    from knowledge_assets.setup import EXPERT_GROUP_NAME
    from tests.factories import GuestFactory

    kelompok = institution["kelompok"]
    member = KeanggotaanFactory(kelompok=kelompok).user
    own_ketua = KeanggotaanFactory(kelompok=kelompok, peran="ketua").user
    other_ketua = KeanggotaanFactory(peran="ketua").user
    expert = GuestFactory(username="pakar")
    expert.groups.add(Group.objects.get(name=EXPERT_GROUP_NAME))
    asset, state = _draft(catalogue, member, kelompok)
    task = state.current_task_state.task.specific
    assert task.get_actions(asset, own_ketua) and task.get_actions(asset, expert)
    assert not task.get_actions(asset, other_ketua) and not task.get_actions(asset, member)
    base_page = Page.objects.get(pk=asset.pk)  # Wagtail sometimes hands over the base Page
    assert task.get_actions(base_page, own_ketua) and not task.get_actions(base_page, other_ketua)
    assert task.get_task_states_user_can_moderate(own_ketua).count() == 1
    assert task.get_task_states_user_can_moderate(other_ketua).count() == 0
    assert task.get_task_states_user_can_moderate(expert).count() == 1

    task.on_action(state.current_task_state, expert, "approve")
    asset.refresh_from_db()
    assert asset.live


def test_reviewers_cannot_skip_the_workflow_in_the_editor(institution, catalogue, client):
    kelompok = institution["kelompok"]
    member = KeanggotaanFactory(kelompok=kelompok).user
    ketua = KeanggotaanFactory(kelompok=kelompok, peran="ketua").user
    asset = KnowledgeAssetPage(title="Langsung terbit?", abstract="x", asset_type="sop", live=False)
    catalogue.add_child(instance=asset)
    asset.save_revision(user=member)
    client.force_login(ketua)
    edit_url = f"/admin/pages/{asset.pk}/edit/"
    form = client.get(edit_url)
    assert form.status_code == 200
    response = client.post(edit_url, {"action-publish": "1", "title": "Langsung terbit?"})
    assert response.status_code == 302
    asset.refresh_from_db()
    assert not asset.live


def test_member_can_open_the_asset_editor(institution, catalogue, client):
    member = KeanggotaanFactory(kelompok=institution["kelompok"]).user
    client.force_login(member)
    response = client.get(f"/admin/pages/add/knowledge_assets/knowledgeassetpage/{catalogue.pk}/")
    assert response.status_code == 200
    assert "Revidu pakar" in response.text


def test_admin_explorer_chooser_and_editor_follow_the_policy(institution, catalogue, make_asset, client):
    kelompok = institution["kelompok"]
    own = make_asset("Aset internal kelompok sendiri", level="internal", owner_kelompok=kelompok)
    other_kelompok = KeanggotaanFactory().kelompok
    foreign = make_asset("Aset internal kelompok lain", level="internal", owner_kelompok=other_kelompok)
    public_foreign = make_asset("Aset publik kelompok lain", owner_kelompok=other_kelompok)
    member = KeanggotaanFactory(kelompok=kelompok).user
    client.force_login(member)
    explorer = client.get(f"/admin/pages/{catalogue.pk}/").text
    assert own.title in explorer and public_foreign.title in explorer
    assert foreign.title not in explorer
    chooser = client.get(f"/admin/choose-page/{catalogue.pk}/").text
    assert own.title in chooser and foreign.title not in chooser
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    for refused in (foreign, public_foreign):  # the admin turns PermissionDenied into a redirect with a message
        response = client.get(f"/admin/pages/{refused.pk}/edit/")
        assert response.status_code == 302 and response["Location"] == "/admin/"
    client.force_login(institution["visitors"]["admin"])
    assert client.get(f"/admin/pages/{foreign.pk}/edit/").status_code == 200


def test_review_mail_goes_only_to_those_who_may_review(institution, catalogue, mailoutbox):
    kelompok = institution["kelompok"]
    member = KeanggotaanFactory(kelompok=kelompok).user
    own_ketua = KeanggotaanFactory(kelompok=kelompok, peran="ketua").user
    other_ketua = KeanggotaanFactory(peran="ketua").user
    _draft(catalogue, member, kelompok, title="Internal rahasia kelompok")
    recipients = {address for message in mailoutbox for address in message.to}
    assert own_ketua.email in recipients
    assert other_ketua.email not in recipients


def test_explorer_bulk_publish_cannot_skip_the_review(institution, catalogue, client):
    kelompok = institution["kelompok"]
    member = KeanggotaanFactory(kelompok=kelompok).user
    ketua = KeanggotaanFactory(kelompok=kelompok, peran="ketua").user
    asset = KnowledgeAssetPage(title="Terbit massal?", abstract="x", asset_type="sop", live=False)
    catalogue.add_child(instance=asset)
    asset.save_revision(user=member)
    client.force_login(ketua)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={asset.pk}&next=/admin/pages/{catalogue.pk}/"
    response = client.post(url, {})
    assert response.status_code == 302
    asset.refresh_from_db()
    assert not asset.live


def test_admin_search_and_site_history_hide_other_kelompoks_internal_assets(institution, catalogue, make_asset, client):
    from corpu.access import AccessLevel
    from tests.factories import KelompokFactory

    other = KelompokFactory(nama="KK Kesehatan Masyarakat")
    make_asset("Rahasia Dapur Kesehatan", level=AccessLevel.INTERNAL, owner_kelompok=other)
    make_asset("Panduan Jalan Terbuka", level=AccessLevel.PUBLIC, owner_kelompok=institution["kelompok"])
    member = KeanggotaanFactory(kelompok=institution["kelompok"]).user
    client.force_login(member)
    for url in ("/admin/pages/search/", "/admin/pages/search/results/"):
        page = client.get(url, {"q": "Rahasia"}).content.decode()
        assert "Rahasia Dapur Kesehatan" not in page
    assert "Rahasia Dapur Kesehatan" not in client.get("/admin/reports/site-history/").content.decode()
    assert "Panduan Jalan Terbuka" in client.get("/admin/pages/search/", {"q": "Panduan"}).content.decode()
    client.force_login(institution["visitors"]["admin"])
    assert "Rahasia Dapur Kesehatan" in client.get("/admin/pages/search/", {"q": "Rahasia"}).content.decode()
