"""Typo correction ("Maksud Anda") offers only words of items the visitor may see: never a word held only by a
restricted item or by a post a moderator hid, in the page, the JSON API or a cached answer."""

import pytest
from django.test import Client

from communities import services
from communities.tests.conftest import community_index, make_community  # noqa: F401 (fixtures)
from corpu.access import AccessLevel
from knowledge_assets.models import KnowledgeAssetPage
from search.index import reindex
from search.models import Term
from search.query import SearchRequest, search

ALLOWED = {"unit_member", "admin"}
REFUSED = {"anonymous", "asn_elsewhere", "guest", "staff", "tkk_staff", "kelompok_member"}


@pytest.fixture
def assets(institution, home):
    from knowledge_assets.setup import ensure_knowledge_setup

    catalogue = ensure_knowledge_setup(home)

    def asset(title, level, abstract, **extra):
        page = KnowledgeAssetPage(title=title, abstract=abstract, asset_type="sop", access_level=level, **extra)
        catalogue.add_child(instance=page)
        page.save_revision().publish()
        return page

    return {
        "public": asset("SOP Pengadaan Barang", AccessLevel.PUBLIC, "Pengadaan barang lewat e-katalog; drainasi."),
        # "anggota", "bronjong" and "drainase" occur only here: internal to Bidang Bina Marga
        "internal": asset(
            "Daftar anggota tim bronjong",
            AccessLevel.INTERNAL,
            "Nama anggota tim pemasangan bronjong dan drainase.",
            owner_unit=institution["bidang"],
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", sorted(ALLOWED | REFUSED))
def test_a_word_held_only_by_an_internal_item_is_suggested_only_to_those_who_may_see_it(institution, assets, visitor):
    # the allowed admin searches first: its cached answer must not be handed to another audience
    search(institution["visitors"]["admin"], SearchRequest("anggoat"))
    results = search(institution["visitors"][visitor], SearchRequest("anggoat"))
    if visitor in ALLOWED:
        assert results.corrected == "anggota" and results.total == 1
    else:
        assert results.corrected == "" and results.total == 0


@pytest.mark.django_db
def test_the_page_and_the_json_api_give_no_restricted_correction(institution, assets):
    assert "anggota" not in Client().get("/cari/", {"q": "anggoat"}).text
    assert Client().get("/cari/api/", {"q": "anggoat"}).json()["corrected"] == ""
    insider = Client()
    insider.force_login(institution["visitors"]["unit_member"])
    assert insider.get("/cari/api/", {"q": "anggoat"}).json()["corrected"] == "anggota"


@pytest.mark.django_db
def test_no_correction_towards_a_restricted_word(institution, assets):
    """Leaving a restricted word alone while correcting a word near it would tell that some item holds it."""
    anonymous = institution["visitors"]["anonymous"]
    assert search(anonymous, SearchRequest("pengadan")).corrected == "pengadaan"
    assert search(anonymous, SearchRequest("bronjang")).corrected == ""
    assert search(anonymous, SearchRequest("bronjong barang")).corrected == ""
    assert search(institution["visitors"]["unit_member"], SearchRequest("bronjang")).corrected == "bronjong"
    # typed exactly, a word held only by a restricted item is corrected as any unknown word would be
    assert search(anonymous, SearchRequest("drainase")).corrected == "drainasi"
    assert search(anonymous, SearchRequest("drainasa")).corrected == "drainasi"


@pytest.mark.django_db
def test_the_words_of_a_hidden_post_leave_the_suggestions(institution, make_community):  # noqa: F811
    moderator, member = institution["visitors"]["admin"], institution["visitors"]["asn_elsewhere"]
    community = make_community("CoP Jalan", level=AccessLevel.PUBLIC, moderators=[moderator])
    services.join(member, community)
    thread = services.create_thread(member, community, "Perawatan jalan desa", "Bagaimana merawat jalan desa?")
    reply = services.add_reply(member, thread, "Hubungi kontraktor gorong-gorong rekanan kami.")
    assert search(None, SearchRequest("kontraktr")).corrected == "kontraktor"
    services.hide_post(moderator, reply, "Promosi")
    for visitor in (None, member, moderator):
        assert search(visitor, SearchRequest("kontraktr")).corrected == ""
    assert Term.objects.filter(term="kontraktor").exists()
    reindex()  # the vocabulary itself forgets words no document holds any more
    assert not Term.objects.filter(term="kontraktor").exists() and Term.objects.filter(term="perawatan").exists()
