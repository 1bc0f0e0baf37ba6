"""Shared fixtures of the search tests."""

import pytest

from corpu.access import AccessLevel
from knowledge_assets.models import KnowledgeAssetPage


@pytest.fixture
def corpus(institution, home):
    """Four procurement SOPs, one per access level / narrowing."""
    from knowledge_assets.setup import ensure_knowledge_setup

    catalogue = ensure_knowledge_setup(home)

    def asset(title, level, abstract, **extra):
        page = KnowledgeAssetPage(title=title, abstract=abstract, asset_type="sop", access_level=level, **extra)
        catalogue.add_child(instance=page)
        page.save_revision().publish()
        return page

    return {
        "public": asset("SOP Pengadaan Barang Publik", AccessLevel.PUBLIC, "Pengadaan barang lewat e-katalog."),
        "asn": asset("SOP Pengadaan Barang ASN", AccessLevel.ASN, "Pengadaan barang untuk ASN."),
        "internal": asset("SOP Pengadaan Barang Internal", AccessLevel.INTERNAL, "Pengadaan barang internal."),
        "kelompok": asset(
            "SOP Pengadaan Barang Kelompok",
            AccessLevel.INTERNAL,
            "Pengadaan barang kelompok.",
            owner_kelompok=institution["kelompok"],
        ),
    }
