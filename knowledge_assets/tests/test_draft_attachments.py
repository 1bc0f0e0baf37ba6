"""A document used only in an unpublished draft is not published with the live asset: readers are refused."""

import pytest
from django.test import Client

from knowledge_assets.models import KnowledgeAssetAttachment, KnowledgeAssetPage

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_refused_to_readers(institution, url):
    visitors = institution["visitors"]
    anonymous = client_for().get(url)
    assert anonymous.status_code == 302 and "/akun/login/" in anonymous["Location"]
    assert client_for(visitors["asn_elsewhere"]).get(url).status_code == 403  # signed in, no admin access


def test_document_added_by_the_draft_of_a_live_public_asset(institution, make_asset, make_document):
    asset = make_asset("SOP publik", attach=True)
    published = asset.attachments.get().document
    secret = make_document(title="Lampiran internal", name="internal.pdf")
    draft = asset.get_latest_revision_as_object()
    draft.access_level = "internal"
    draft.attachments.add(KnowledgeAssetAttachment(document=secret))
    draft.save_revision()
    assert not KnowledgeAssetAttachment.objects.filter(document=secret).exists()  # only in the revision

    assert_refused_to_readers(institution, secret.url)
    assert client_for(institution["visitors"]["admin"]).get(secret.url).status_code == 200
    assert client_for().get(published.url).status_code == 200  # the published attachment stays public


def test_document_in_the_body_of_a_never_published_internal_draft(institution, catalogue, make_document):
    draft = KnowledgeAssetPage(
        title="Draf internal", abstract="x", asset_type="sop", access_level="internal", live=False
    )
    catalogue.add_child(instance=draft)
    draft.save_revision()
    secret = make_document(title="Kajian internal", name="kajian.pdf")
    latest = draft.get_latest_revision_as_object()
    latest.body = [("document", secret)]
    latest.save_revision()
    assert not KnowledgeAssetPage.objects.get(pk=draft.pk).body  # the page row never saw the document

    assert_refused_to_readers(institution, secret.url)
    assert client_for(institution["visitors"]["staff"]).get(secret.url).status_code == 200  # editor, internal
    assert client_for(institution["visitors"]["tkk_staff"]).get(secret.url).status_code == 403  # no admin access


def test_document_dropped_by_the_draft_stays_with_the_published_asset(make_asset):
    asset = make_asset("Panduan publik", attach=True)
    document = asset.attachments.get().document
    draft = asset.get_latest_revision_as_object()
    draft.attachments.clear()
    draft.save_revision()
    assert client_for().get(document.url).status_code == 200
