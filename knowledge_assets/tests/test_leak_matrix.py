"""Every access level × visitor kind: page, catalogue listing, counts, search, attachment and RSS feed."""

import pytest
from django.test import Client

from tests.test_access_matrix import EXPECTED, VISITORS, owners

pytestmark = pytest.mark.django_db


@pytest.fixture
def assets(institution, make_asset):
    return {
        key: make_asset(f"Aset {key[0]} {key[1]} zamrud", level=key[0], attach=True, **owners(institution, key[1]))
        for key in EXPECTED
    }


def client_for(institution, visitor):
    client = Client()
    user = institution["visitors"][visitor]
    if user is not None:
        client.force_login(user)
    return client, user


def assert_refused(response, user):
    if user is None:
        assert response.status_code == 302 and "/akun/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("visitor", VISITORS)
def test_asset_page_listing_counts_feed_and_attachment(institution, catalogue, assets, visitor):
    client, user = client_for(institution, visitor)
    allowed = {key for key in EXPECTED if visitor in EXPECTED[key]}

    listing = client.get(catalogue.url).text
    searched = client.get(catalogue.url, {"q": "zamrud"}).text
    feed = client.get("/pengetahuan/feed/").text
    for key, asset in assets.items():
        visible = key in allowed
        assert (asset.title in listing) is visible, ("listing", key)
        assert (asset.title in searched) is visible, ("search", key)
        assert (asset.title in feed) is visible, ("feed", key)
        page = client.get(asset.url)
        document = asset.attachments.get().document
        download = client.get(document.url)
        if visible:
            assert page.status_code == 200 and asset.title in page.text, key
            assert download.status_code == 200, key
            b"".join(download.streaming_content) if download.streaming else download.content
        else:
            assert_refused(page, user)
            assert asset.title not in page.text
            assert_refused(download, user)
    # counts shown are counts of what this visitor may see, never of everything
    assert f"{len(allowed)} aset pengetahuan tersedia" in listing
    assert f"{len(allowed)} hasil" in listing
    for level in ("public", "asn", "internal"):
        n = len([key for key in allowed if key[0] == level])
        level_listing = client.get(catalogue.url, {"akses": level}).text
        assert f"{n} hasil" in level_listing


def test_public_attachment_is_downloadable_and_counted(institution, catalogue, make_asset):
    from knowledge_assets.models import AssetCounter

    asset = make_asset("Publik berkas", attach=True)
    response = Client().get(asset.attachments.get().document.url)
    assert response.status_code == 200
    assert AssetCounter.objects.get(page=asset).downloads == 1


def test_document_used_in_body_follows_its_asset(institution, catalogue, make_asset, make_document):
    document = make_document(title="Di badan", name="badan.pdf")
    make_asset("Internal badan", level="internal", body=[("document", document)])
    response = Client().get(document.url)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]
    staff, _user = client_for(institution, "staff")
    assert staff.get(document.url).status_code == 200


def test_document_no_page_uses_is_not_public(make_document, db):
    """See the site's document guard: tests/test_document_guard.py."""
    response = Client().get(make_document(name="umum.pdf").url)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_draft_asset_is_not_listed_and_its_page_is_not_served(catalogue, make_asset):
    from knowledge_assets.models import KnowledgeAssetPage

    draft = KnowledgeAssetPage(title="Draf rahasia", abstract="x", asset_type="sop", live=False)
    catalogue.add_child(instance=draft)
    assert "Draf rahasia" not in Client().get(catalogue.url).text
    assert "Draf rahasia" not in Client().get("/pengetahuan/feed/").text


def test_sitemap_has_only_public_assets(assets):
    sitemap = Client().get("/sitemap.xml").text
    for key, asset in assets.items():
        assert (asset.url in sitemap) is (key[0] == "public")


def test_attachment_of_a_draft_is_only_for_admin_users(institution, catalogue, make_document):
    from knowledge_assets.models import KnowledgeAssetAttachment, KnowledgeAssetPage

    document = make_document(title="Draf", name="draf.pdf")
    draft = KnowledgeAssetPage(title="Draf publik", abstract="x", asset_type="sop", live=False, access_level="public")
    draft.attachments.add(KnowledgeAssetAttachment(document=document))
    catalogue.add_child(instance=draft)
    anonymous = Client().get(document.url)
    assert anonymous.status_code == 302 and "/akun/login/" in anonymous["Location"]
    reader, _user = client_for(institution, "asn_elsewhere")  # no admin access
    assert reader.get(document.url).status_code == 403
    admin, _user = client_for(institution, "admin")
    assert admin.get(document.url).status_code == 200
