"""Wagtail's review e-mails, in CorpU's words: Indonesian, greeting the recipient by full name (else username)."""

import pytest
from wagtail.users.models import UserProfile

from knowledge_assets.models import KnowledgeAssetPage
from people.models import User
from tests.factories import KeanggotaanFactory

pytestmark = pytest.mark.django_db


def _submit(catalogue, member, title):
    kelompok = member.keanggotaan.get().kelompok
    asset = KnowledgeAssetPage(title=title, abstract="Ringkas", asset_type="sop", live=False, owner_kelompok=kelompok)
    catalogue.add_child(instance=asset)
    asset.save_revision(user=member)
    return asset, asset.get_workflow().start(asset, member)


def _to(outbox, user):
    return [message for message in outbox if message.to == [user.email]]


def test_the_ketua_is_asked_to_review_and_the_author_hears_the_approval(institution, catalogue, mailoutbox):
    member = KeanggotaanFactory(kelompok=institution["kelompok"], user__nama="Rizky Pratama, S.T.").user
    ketua = KeanggotaanFactory(
        kelompok=institution["kelompok"], peran="ketua", user__nama="", user__username="ketua"
    ).user
    asset, state = _submit(catalogue, member, "SOP Pengawasan Jalan")
    (asked,) = _to(mailoutbox, ketua)
    assert asked.subject == (
        'Halaman "SOP Pengawasan Jalan" menunggu persetujuan pada tahap "Revidu Ketua Kelompok Keahlian"'
    )
    assert asked.body.startswith("Yth. ketua,")  # no name recorded: the username
    assert "menunggu persetujuan Anda" in asked.body and f"/admin/pages/{asset.pk}/edit/" in asked.body
    assert "Hello" not in asked.body and "Atur pemberitahuan e-mail Anda di sini:" in asked.body

    mailoutbox.clear()
    state.current_task_state.task.specific.on_action(state.current_task_state, ketua, "approve")
    (approved,) = _to(mailoutbox, member)
    assert approved.subject.startswith('Halaman "SOP Pengawasan Jalan" disetujui')
    assert approved.body.startswith("Yth. Rizky Pratama, S.T.,")


def test_a_rejection_quotes_the_reviewer_and_follows_the_recipients_language(institution, catalogue, mailoutbox):
    member = KeanggotaanFactory(kelompok=institution["kelompok"], user__nama="Siti Rahmah").user
    ketua = KeanggotaanFactory(kelompok=institution["kelompok"], peran="ketua").user
    asset, state = _submit(catalogue, member, "SOP Drainase")
    mailoutbox.clear()
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, ketua, "reject", comment="Lengkapi lampiran")
    (rejected,) = _to(mailoutbox, member)
    assert rejected.subject.startswith('Halaman "SOP Drainase" ditolak')
    assert rejected.body.startswith("Yth. Siti Rahmah,")
    assert 'Catatan peninjau: "Lengkapi lampiran"' in rejected.body

    profile = UserProfile.get_for_user(member)
    profile.preferred_language = "en"
    profile.save()
    mailoutbox.clear()
    member = User.objects.get(pk=member.pk)  # as Wagtail loads the requester: with the saved profile
    _asset, again = _submit(catalogue, member, "SOP Drainase 2")
    again.current_task_state.task.specific.on_action(again.current_task_state, ketua, "reject")
    (english,) = _to(mailoutbox, member)
    assert english.body.startswith("Dear Siti Rahmah,")  # the greeting's English; new strings await the catalogue
