"""Thread → knowledge asset: a moderator promotes a solved thread to a DRAFT asset with its provenance."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from communities import services
from corpu.access import AccessLevel
from knowledge_assets.models import KnowledgeAssetPage, KnowledgeCatalogPage
from tests.factories import KelompokFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(home):
    page = KnowledgeCatalogPage(title="Pengetahuan", slug="pengetahuan-uji")
    home.add_child(instance=page)
    return page


@pytest.fixture
def solved(make_community, catalogue):
    kelompok = KelompokFactory(nama="KK Infrastruktur dan Jalan")
    moderator, asker, answerer, other = UserFactory(), UserFactory(nama="Siti"), UserFactory(nama="Budi"), UserFactory()
    community = make_community("Komunitas Jalan", owner_kelompok=kelompok, moderators=[moderator])
    for member in (asker, answerer, other):
        services.join(member, community)
    thread = services.create_thread(asker, community, "Menghitung kebutuhan aspal", "Bagaimana rumusnya?")
    answer = services.add_reply(answerer, thread, "Volume × berat isi **2,3 t/m³** + 7,5% kehilangan.")
    key = services.add_reply(other, thread, "Potong lubang segi empat dulu.")
    services.add_reply(other, thread, "<script>alert(1)</script>Tersembunyi")
    services.hide_post(moderator, thread.replies.last(), "Spam")
    services.toggle_reaction(asker, key, "membantu")
    return {"thread": thread, "moderator": moderator, "asker": asker, "answer": answer, "kelompok": kelompok}


def test_only_moderators_promote_and_only_solved_threads(solved):
    thread = solved["thread"]
    with pytest.raises(ValidationError):
        services.promote_thread(solved["moderator"], thread)  # not solved yet
    services.accept_answer(solved["asker"], thread, solved["answer"])
    with pytest.raises(PermissionDenied):
        services.promote_thread(solved["asker"], thread)


def test_promotion_creates_one_draft_with_question_answer_key_replies_and_provenance(solved):
    thread = solved["thread"]
    services.accept_answer(solved["asker"], thread, solved["answer"])
    asset = services.promote_thread(solved["moderator"], thread)
    assert services.promote_thread(solved["moderator"], thread).pk == asset.pk  # idempotent
    assert KnowledgeAssetPage.objects.count() == 1
    asset = KnowledgeAssetPage.objects.get(pk=asset.pk)
    assert not asset.live and asset.catalogue_number is None and asset.has_unpublished_changes
    assert asset.title == "Menghitung kebutuhan aspal"
    assert asset.knowledge_form == "tacit" and asset.documentation_method == "komunitas"
    assert asset.owner_kelompok == solved["kelompok"] and asset.access_level == AccessLevel.ASN
    body = str(asset.body[0].value)
    assert "Bagaimana rumusnya?" in body and "<strong>2,3 t/m³</strong>" in body
    assert "Potong lubang segi empat" in body and "Tersembunyi" not in body and "<script" not in body
    assert f"/komunitas/utas/{thread.pk}/" in body and f"/komunitas/utas/{thread.pk}/" in asset.source_detail
    assert {u.nama for u in asset.authors.all()} >= {"Siti", "Budi"}
    thread.refresh_from_db()
    assert thread.promoted_asset_id == asset.pk
