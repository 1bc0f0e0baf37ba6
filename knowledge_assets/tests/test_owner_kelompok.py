"""A new asset belongs to its author's kelompok keahlian (chosen when they belong to several), so its review goes to
that kelompok's ketua and the named experts, never to every ketua."""

import pytest
from django.contrib.auth.models import Group

from knowledge_assets.models import KnowledgeAssetPage
from knowledge_assets.setup import EXPERT_GROUP_NAME
from tests.factories import GuestFactory, KeanggotaanFactory, KelompokFactory

pytestmark = pytest.mark.django_db


def _form(catalogue, user, data=None):
    form_class = KnowledgeAssetPage.get_edit_handler().get_form_class()
    return form_class(data, instance=KnowledgeAssetPage(), parent_page=catalogue, for_user=user)


def _data(catalogue, **extra):
    """The fields the form needs, taken from an unbound form's own initial values."""
    data = {"title": "Pemeliharaan rutin jalan", "slug": "pemeliharaan-rutin-jalan", "abstract": "Ringkas"}
    data |= {"asset_type": "sop", "knowledge_form": "eksplisit", "source": "kelompok", "access_level": "asn"}
    data |= {"competency": "teknis", "body-count": "0"}
    for prefix in ("attachments", "related_links"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0"}
        data |= {f"{prefix}-MAX_NUM_FORMS": "1000"}
    return data | extra


def test_the_authors_only_kelompok_is_preselected_and_kept(institution, catalogue):
    member = KeanggotaanFactory(kelompok=institution["kelompok"]).user
    assert _form(catalogue, member).initial["owner_kelompok"] == institution["kelompok"].pk
    form = _form(catalogue, member, _data(catalogue))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner_kelompok"] == institution["kelompok"]


def test_a_member_of_several_kelompok_must_choose(institution, catalogue):
    member = KeanggotaanFactory(kelompok=institution["kelompok"]).user
    second = KelompokFactory(nama="KK Tata Ruang")
    KeanggotaanFactory(kelompok=second, user=member)
    assert not _form(catalogue, member).initial.get("owner_kelompok")
    refused = _form(catalogue, member, _data(catalogue))
    assert not refused.is_valid()
    assert "KK Tata Ruang" in str(refused.errors["owner_kelompok"])
    chosen = _form(catalogue, member, _data(catalogue, owner_kelompok=str(second.pk)))
    assert chosen.is_valid(), chosen.errors


def test_an_asset_of_no_kelompok_is_reviewed_by_the_named_experts_not_every_ketua(institution, catalogue, mailoutbox):
    ketua = KeanggotaanFactory(kelompok=institution["kelompok"], peran="ketua").user
    other_ketua = KeanggotaanFactory(peran="ketua").user
    expert = GuestFactory(username="pakar")
    expert.groups.add(Group.objects.get(name=EXPERT_GROUP_NAME))
    author = institution["visitors"]["admin"]
    asset = KnowledgeAssetPage(title="Tanpa kelompok", abstract="x", asset_type="sop", live=False)
    catalogue.add_child(instance=asset)
    asset.save_revision(user=author)
    state = asset.get_workflow().start(asset, author)
    task = state.current_task_state.task.specific
    assert not task.get_actions(asset, ketua) and not task.get_actions(asset, other_ketua)
    assert task.get_actions(asset, expert)
    assert task.get_task_states_user_can_moderate(ketua).count() == 0
    recipients = {address for message in mailoutbox for address in message.to}
    assert expert.email in recipients
    assert ketua.email not in recipients and other_ketua.email not in recipients
