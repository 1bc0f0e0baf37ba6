"""The site's document guard: a document goes to whoever may open a live page using it, and no one else."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction, get_page_models

from corpu.access import AccessLevel
from courses import services
from courses.models import CourseCatalogPage, CoursePage, EnrolmentStatus, LessonPage
from knowledge_assets.models import AssetCounter, KnowledgeAssetPage, KnowledgeCatalogPage
from knowledge_assets.setup import ensure_knowledge_setup
from tests.test_access_matrix import EXPECTED, VISITORS

pytestmark = pytest.mark.django_db

EVERYONE = set(VISITORS)
ASN = EXPECTED[("asn", None)]
# editors (admin access) who may choose the document in the admin: kelompok members and the CLO
EDITORS = {"staff", "kelompok_member", "admin"}

# what uses the document -> visitors who may download it
USES = {
    "info_public": EVERYONE,
    "info_asn": ASN,
    "info_internal_unit": EXPECTED[("internal", "unit")],
    "lesson_public_mooc": EVERYONE,
    "lesson_asn_course": ASN,
    "lesson_internal_course": EXPECTED[("internal", "kelompok")],
    "lesson_approval_course": ASN,  # enrolled or not: the lesson page does not ask for enrolment either
    "public_and_internal_info": EVERYONE,
    "unused": EDITORS,
}


def make_document(name):
    return get_document_model().objects.create(title=name, file=ContentFile(b"%PDF-1.4 " + name.encode(), name=name))


def linking(document):
    """Rich text that links to the document (info pages place documents this way)."""
    return f'<p><a linktype="document" id="{document.pk}">{document.title}</a></p>'


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_answer(response, allowed, user, label=""):
    if allowed:
        assert response.status_code == 200, label
        assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    elif user is None:
        assert response.status_code == 302 and "/akun/login/" in response["Location"], label
    else:
        assert response.status_code == 403, label


@pytest.fixture
def site(home):
    """The site as deployed: knowledge catalogue with its editing permissions, and a course catalogue."""
    ensure_knowledge_setup(home)
    return home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus"))


@pytest.fixture
def make_course(site):
    def make(title, level, **extra):
        course = site.add_child(instance=CoursePage(title=title, access_level=level, **extra))
        course.save_revision().publish()
        return course

    return make


@pytest.fixture
def make_lesson():
    def make(course, document, title="Materi"):
        lesson = course.add_child(instance=LessonPage(title=title, body=[("document", document)]))
        lesson.save_revision().publish()
        return lesson

    return make


@pytest.fixture
def uses(institution, site, make_info_page, make_course, make_lesson):
    """Each kind of document use, with the page(s) using it."""
    visitors = institution["visitors"]
    docs = {key: make_document(f"{key}.pdf") for key in USES}
    pages = {
        "info_public": make_info_page("Info publik", body=[("paragraph", linking(docs["info_public"]))]),
        "info_asn": make_info_page("Info ASN", level="asn", body=[("paragraph", linking(docs["info_asn"]))]),
        "info_internal_unit": make_info_page(
            "Info unit",
            level="internal",
            owner_unit=institution["dinas"],
            body=[("paragraph", linking(docs["info_internal_unit"]))],
        ),
        "lesson_public_mooc": make_lesson(make_course("MOOC", "public"), docs["lesson_public_mooc"]),
        "lesson_asn_course": make_lesson(make_course("Kursus ASN", "asn"), docs["lesson_asn_course"]),
        "lesson_internal_course": make_lesson(
            make_course("Kursus KK", "internal", owner_kelompok=institution["kelompok"]),
            docs["lesson_internal_course"],
        ),
    }
    approval = make_course("Kursus seleksi", "asn", enrolment_mode="approval")
    pages["lesson_approval_course"] = make_lesson(approval, docs["lesson_approval_course"])
    services.enrol(visitors["unit_member"], approval)  # pending
    services.assign(approval, [visitors["asn_elsewhere"]], visitors["admin"])  # active
    both = docs["public_and_internal_info"]
    make_info_page("Info internal juga", level="internal", body=[("paragraph", linking(both))])
    pages["public_and_internal_info"] = make_info_page("Info publik juga", body=[("paragraph", linking(both))])
    return {"documents": docs, "pages": pages}


@pytest.mark.parametrize("visitor", VISITORS)
def test_each_use_admits_exactly_the_visitors_of_its_page(institution, uses, visitor):
    user = institution["visitors"][visitor]
    client = client_for(user)
    for key, document in uses["documents"].items():
        response = client.get(document.url)
        assert_answer(response, visitor in USES[key], user, key)
        page = uses["pages"].get(key)
        if page is not None:  # the document answers as the page does
            assert client.get(page.url).status_code == response.status_code, key


def test_enrolment_states_of_an_approval_course(institution, uses):
    """Enrolled, pending and not enrolled ASN open the lesson and its document alike."""
    lesson = uses["pages"]["lesson_approval_course"]
    states = {
        visitor: services.enrolment_for(institution["visitors"][visitor], lesson.course)
        for visitor in ("asn_elsewhere", "unit_member", "staff")
    }
    assert states["asn_elsewhere"].status == EnrolmentStatus.ACTIVE
    assert states["unit_member"].status == EnrolmentStatus.PENDING
    assert states["staff"] is None
    for visitor in states:
        client = client_for(institution["visitors"][visitor])
        assert client.get(lesson.url).status_code == 200
        assert client.get(uses["documents"]["lesson_approval_course"].url).status_code == 200


def test_document_used_only_in_a_draft_goes_to_editors(institution, make_course, make_lesson):
    """A public lesson's unpublished draft adds a document: not published with the lesson, so not public."""
    visitors = institution["visitors"]
    published = make_document("terbit.pdf")
    lesson = make_lesson(make_course("MOOC", "public"), published)
    secret = make_document("draf.pdf")
    draft = lesson.get_latest_revision_as_object()
    draft.body = [("document", published), ("document", secret)]
    draft.save_revision()
    assert_answer(client_for(None).get(secret.url), False, None)
    for visitor in ("asn_elsewhere", "tkk_staff", "unit_member"):  # no admin access
        assert_answer(client_for(visitors[visitor]).get(secret.url), False, visitors[visitor], visitor)
    assert_answer(client_for(visitors["admin"]).get(secret.url), True, visitors["admin"])
    assert_answer(client_for(None).get(published.url), True, None)


def test_unpublished_page_keeps_its_documents_from_readers(institution, make_course, make_lesson, make_info_page):
    visitors = institution["visitors"]
    lesson_doc, info_doc = make_document("pelajaran.pdf"), make_document("info.pdf")
    lesson = make_lesson(make_course("MOOC", "public"), lesson_doc)
    info = make_info_page(
        "Info unit", level="internal", owner_unit=institution["dinas"], body=[("paragraph", linking(info_doc))]
    )
    lesson.unpublish()
    info.unpublish()
    for document in (lesson_doc, info_doc):
        assert_answer(client_for(None).get(document.url), False, None)
        assert_answer(client_for(visitors["asn_elsewhere"]).get(document.url), False, visitors["asn_elsewhere"])
        assert_answer(client_for(visitors["admin"]).get(document.url), True, visitors["admin"])
    # an editor who may not see the unpublished internal page's level is refused its document
    assert_answer(client_for(visitors["staff"]).get(info_doc.url), False, visitors["staff"])
    assert_answer(client_for(visitors["staff"]).get(lesson_doc.url), True, visitors["staff"])


def test_page_privacy_settings_apply_to_its_documents(institution, make_info_page, make_course, make_lesson):
    """Wagtail's "private, signed-in users only" on a page or an ancestor closes its documents the same way."""
    visitors = institution["visitors"]
    info_doc, lesson_doc = make_document("info.pdf"), make_document("pelajaran.pdf")
    info = make_info_page("Info", body=[("paragraph", linking(info_doc))])
    course = make_course("MOOC", "public")
    make_lesson(course, lesson_doc)
    for page in (info, course):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    for document in (info_doc, lesson_doc):
        assert_answer(client_for(None).get(document.url), False, None)
        assert_answer(client_for(visitors["guest"]).get(document.url), True, visitors["guest"])


def test_download_of_an_asset_document_is_counted_once(institution, site, make_course, make_lesson):
    """A document used by a lesson and a public asset: the asset counts the download."""
    document = make_document("bersama.pdf")
    make_lesson(make_course("MOOC", "public"), document)
    asset = KnowledgeAssetPage(
        title="Panduan bersama",
        abstract="x",
        asset_type="sop",
        access_level=AccessLevel.PUBLIC,
        body=[("document", document)],
    )
    KnowledgeCatalogPage.objects.get().add_child(instance=asset)
    asset.save_revision().publish()
    assert client_for(None).get(document.url).status_code == 200
    assert AssetCounter.objects.get(page=asset).downloads == 1


def test_query_count_stays_small(institution, make_course, make_lesson, make_info_page, django_assert_max_num_queries):
    """Six pages use the document: a few queries for the uses, one per lesson for its course (11 anonymous,
    17 signed in with the session, user and policy lookups)."""
    document = make_document("dipakai.pdf")
    for level in ("internal", "asn", "public"):
        make_lesson(make_course(f"Kursus {level}", level), document)
        make_info_page(f"Info {level}", level=level, body=[("paragraph", linking(document))])
    for visitor in ("staff", "anonymous"):
        client = client_for(institution["visitors"][visitor])
        with django_assert_max_num_queries(18):
            assert client.get(document.url).status_code == 200


def test_every_page_type_answers_may_open():
    """The guard opens a page's documents only when its type answers may_open (closed by default)."""
    project_pages = [model for model in get_page_models() if model._meta.app_label != "wagtailcore"]
    assert len(project_pages) >= 8
    assert [model.__name__ for model in project_pages if not hasattr(model, "may_open")] == []
