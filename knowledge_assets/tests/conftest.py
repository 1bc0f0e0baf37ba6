import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from corpu.access import AccessLevel
from knowledge_assets.models import KnowledgeAssetAttachment, KnowledgeAssetPage
from knowledge_assets.setup import ensure_knowledge_setup

Document = get_document_model()


@pytest.fixture
def catalogue(home):  # noqa: F811
    return ensure_knowledge_setup(home)


@pytest.fixture
def make_document(db):
    def make(title="Lampiran", name="lampiran.pdf", content=b"%PDF-1.4 test"):
        return Document.objects.create(title=title, file=ContentFile(content, name=name))

    return make


@pytest.fixture
def make_asset(catalogue, make_document):
    def make(title, level=AccessLevel.PUBLIC, owner_unit=None, owner_kelompok=None, attach=False, **extra):
        extra.setdefault("abstract", f"Abstrak {title}")
        extra.setdefault("asset_type", "praktik_baik")
        asset = KnowledgeAssetPage(
            title=title, access_level=level, owner_unit=owner_unit, owner_kelompok=owner_kelompok, **extra
        )
        catalogue.add_child(instance=asset)
        if attach:
            KnowledgeAssetAttachment.objects.create(
                page=asset, document=make_document(title=f"Lampiran {title}", name=f"{asset.slug}.pdf")
            )
        asset.save_revision().publish()
        asset.refresh_from_db()
        return asset

    return make
