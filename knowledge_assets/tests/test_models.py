import datetime

import pytest
from django.core.exceptions import ValidationError

from corpu.access import AccessLevel
from knowledge_assets.models import AssetCounter, CatalogueSequence, KnowledgeAssetPage

pytestmark = pytest.mark.django_db


def test_catalogue_number_is_assigned_on_first_publish_and_kept(catalogue):
    asset = KnowledgeAssetPage(title="SOP E-Katalog", abstract="Ringkas", asset_type="sop", live=False)
    catalogue.add_child(instance=asset)
    asset.save_revision()
    asset.refresh_from_db()
    assert asset.catalogue_number is None
    asset.get_latest_revision().publish()
    asset.refresh_from_db()
    year = asset.first_published_at.year
    assert asset.catalogue_number == f"AI-{year}-0001"
    asset.abstract = "Versi kedua"
    asset.save_revision().publish()
    asset.refresh_from_db()
    assert asset.catalogue_number == f"AI-{year}-0001"
    assert asset.revisions.count() == 2  # new versions keep the history


def test_catalogue_numbers_increase_per_year(db):
    assert CatalogueSequence.next_number(2031) == "AI-2031-0001"
    assert CatalogueSequence.next_number(2031) == "AI-2031-0002"
    assert CatalogueSequence.next_number(2032) == "AI-2032-0001"


def test_sequential_publishes_get_distinct_numbers(make_asset):
    numbers = {make_asset(f"Aset {i}").catalogue_number for i in range(5)}
    assert len(numbers) == 5


def test_reserved_slug_and_self_succession_are_rejected(make_asset):
    asset = make_asset("Aset A")
    asset.slug = "feed"
    with pytest.raises(ValidationError):
        asset.full_clean()
    asset.slug = "aset-a"
    asset.superseded_by = asset
    with pytest.raises(ValidationError):
        asset.full_clean()


def test_superseded_asset_points_to_visible_successor(make_asset, client):
    new = make_asset("SOP versi 2")
    old = make_asset("SOP versi 1", superseded_by=new)
    response = client.get(old.url)
    assert "digantikan oleh" in response.text and new.title in response.text
    internal_new = make_asset("Rahasia versi 2", level=AccessLevel.INTERNAL)
    old2 = make_asset("Terbuka versi 1", superseded_by=internal_new)
    assert internal_new.title not in client.get(old2.url).text


def test_views_are_counted_with_an_update(make_asset, client):
    asset = make_asset("Dilihat")
    client.get(asset.url)
    client.get(asset.url)
    assert AssetCounter.objects.get(page=asset).views == 2


def test_past_review(make_asset):
    asset = make_asset("Lama", review_by=datetime.date(2020, 1, 1))
    assert asset.past_review


def test_related_assets_are_filtered_by_the_policy(make_asset, client):
    from knowledge_assets.models import RelatedAsset

    secret = make_asset("Terkait internal", level=AccessLevel.INTERNAL)
    open_one = make_asset("Terkait publik")
    asset = make_asset("Induk")
    asset.related_links.add(RelatedAsset(target=secret))
    asset.related_links.add(RelatedAsset(target=open_one))
    asset.save_revision().publish()
    text = client.get(asset.url).text
    assert "Terkait publik" in text and "Terkait internal" not in text
