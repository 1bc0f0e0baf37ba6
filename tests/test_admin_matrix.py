"""The Wagtail admin asks the access policy: a user with admin access (a non-ASN kelompok keahlian member, staff
of another unit) never sees the title, draft, file or image of a page, document, image or H5P activity the policy
hides from them, through any listing, chooser, report, preview, history, usage or rendition view; the users the
policy admits still do."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files import File
from django.test import Client
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import GroupPagePermission

from corpu.access import AccessLevel
from courses.h5p.build import SAMPLES_DIR
from courses.models import CourseCatalogPage, CoursePage, H5PActivity, LessonPage
from knowledge_assets.tests import conftest as asset_fixtures
from people.models import PeranKelompok
from people.roles import ANGGOTA, CLO, role_group_name
from tests.factories import KeanggotaanFactory, UserFactory
from tests.test_access_matrix import EXPECTED, owners

Image = get_image_model()
catalogue, make_asset, make_document = asset_fixtures.catalogue, asset_fixtures.make_asset, asset_fixtures.make_document

pytestmark = pytest.mark.django_db

# Anggota KK with admin access, and a superuser (the CLO holds no collection permissions for the media listings)
VISITORS = ["kelompok_member", "staff", "superuser"]


def admitted(visitor, key):
    return visitor == "superuser" or visitor in EXPECTED[key]


KEYS = [("internal", "unit"), ("internal", "kelompok")]


@dataclass
class Secret:
    """Everything of one restricted item; every title contains `marker`."""

    marker: str
    asset: object
    revision: object
    document: object
    image: object
    rendition: object
    course: object
    lesson: object
    activity: object


def make_activity(title, **fields):
    with open(SAMPLES_DIR / "netralitas-asn.h5p", "rb") as handle:
        activity = H5PActivity(title=title, package=File(handle, name="netralitas-asn.h5p"), **fields)
        activity.system_upload = True  # CorpU's own sample libraries, installed as an administrator would
        activity.full_clean()
        activity.save()
    return activity


@pytest.fixture
def secrets(institution, home, catalogue, make_asset):
    """Per key, an asset (with attachment, image and a newer draft in review), a course with a lesson and an H5P
    activity, all at that level. Anggota KK and the CLO may edit courses here: only the policy stands in the way."""
    courses = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-admin"))
    for role in (ANGGOTA, CLO):
        GroupPagePermission.objects.create(
            group=Group.objects.get(name=role_group_name(role)),
            page=courses,
            permission=Permission.objects.get(codename="change_page"),
        )
    admin = institution["visitors"]["admin"]
    found = {}
    for key in KEYS:
        marker = f"rahasia {key[1]}"
        own = owners(institution, key[1])
        image = Image.objects.create(title=f"Gambar {marker}", file=get_test_image_file(f"{key[1]}.png"))
        block = [("image", {"image": image, "alt_text": "Foto", "decorative": False})]
        asset = make_asset(f"Aset {marker}", level=key[0], attach=True, body=block, **own)
        draft = asset.get_latest_revision_as_object()
        draft.title = f"Draf {marker}"
        revision = draft.save_revision(user=admin)
        asset.get_workflow().start(asset, admin)
        course = courses.add_child(instance=CoursePage(title=f"Kursus {marker}", access_level=key[0], **own))
        lesson = course.add_child(instance=LessonPage(title=f"Pelajaran {marker}"))
        lesson.save_revision(user=admin)
        found[key] = Secret(
            marker=marker,
            asset=asset,
            revision=revision,
            document=asset.attachments.get().document,
            image=image,
            rendition=image.get_rendition("max-165x165"),
            course=course,
            lesson=lesson,
            activity=make_activity(f"Aktivitas {marker}", access_level=key[0], **own),
        )
    return found


def page_views(page, revision=None):
    urls = [
        f"/admin/pages/{page.pk}/history/",
        f"/admin/pages/{page.pk}/usage/",
        f"/admin/pages/{page.pk}/view_draft/",
        f"/admin/pages/{page.pk}/edit/preview/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/workflow_history/",
    ]
    if revision is not None:
        urls.append(f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/")
        urls.append(f"/admin/pages/{page.pk}/revisions/compare/earliest...{revision.pk}/")
    return urls


def object_views(secret):
    """Views of one restricted object: refused, and the title never shown."""
    activity, document, image = secret.activity.pk, secret.document.pk, secret.image.pk
    return [
        *page_views(secret.asset, secret.revision),
        *page_views(secret.lesson),
        *page_views(secret.course),
        f"/admin/pages/{secret.course.pk}/",
        f"/admin/choose-page/{secret.course.pk}/",
        f"/admin/documents/edit/{document}/",
        f"/admin/documents/usage/{document}/",
        f"/admin/documents/chooser/chosen/{document}/",
        f"/admin/images/{image}/",
        f"/admin/images/usage/{image}/",
        f"/admin/images/chooser/chosen/{image}/",
        f"/admin/gambar/{secret.rendition.pk}/",
        f"/admin/snippets/courses/h5pactivity/edit/{activity}/",
        f"/admin/snippets/courses/h5pactivity/history/{activity}/",
        f"/admin/snippets/courses/h5pactivity/usage/{activity}/",
        f"/admin/snippets/courses/h5pactivity/delete/{activity}/",
        f"/admin/snippets/choose/courses/h5pactivity/chosen/{activity}/",
    ]


def bulk_views(secret):
    """Bulk action confirmations: they list the objects asked for."""
    return [
        f"/admin/bulk/wagtailcore/page/delete/?id={secret.asset.pk}&id={secret.lesson.pk}",
        f"/admin/bulk/wagtailcore/page/unpublish/?id={secret.course.pk}",
        f"/admin/bulk/corpu/privatedocument/delete/?id={secret.document.pk}",
        f"/admin/bulk/corpu/privateimage/delete/?id={secret.image.pk}",
        f"/admin/bulk/courses/h5pactivity/delete/?id={secret.activity.pk}",
    ]


# Listings that show every item the user may see and holds the Wagtail permissions for (administrators: all).
LISTINGS = [
    "/admin/pages/{catalogue}/",
    "/admin/pages/{courses}/",
    "/admin/pages/search/?q=rahasia",
    "/admin/choose-page/{catalogue}/",
    "/admin/choose-page/search/?q=rahasia",
    "/admin/documents/?q=rahasia",
    "/admin/documents/chooser/",
    "/admin/documents/chooser/results/?q=rahasia",
    "/admin/images/?q=rahasia",
    "/admin/images/chooser/",
    "/admin/images/chooser/results/?q=rahasia",
    "/admin/snippets/courses/h5pactivity/",
    "/admin/snippets/courses/h5pactivity/?q=rahasia",
    "/admin/snippets/choose/courses/h5pactivity/",
    "/admin/snippets/choose/courses/h5pactivity/results/?q=rahasia",
    "/admin/reports/site-history/",
    "/admin/reports/aging-pages/",
    "/admin/reports/workflow/",
]
# Listings that summarise (one title per page type, the home page's panels, locked pages): never the secret.
SUMMARIES = [
    "/admin/",
    "/admin/reports/page-types-usage/",
    "/admin/reports/locked/",
    "/admin/reports/workflow_tasks/",
    "/admin/choose-page/",
]


def text_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


@pytest.fixture
def client_of(institution):
    def client_of(visitor):
        client = Client()
        if visitor == "superuser":
            client.force_login(UserFactory(username="super", is_superuser=True))
        else:
            client.force_login(institution["visitors"][visitor])
        return client

    return client_of


def expand(url, secrets):
    secret = next(iter(secrets.values()))
    return url.format(catalogue=secret.asset.get_parent().pk, courses=secret.course.get_parent().pk)


@pytest.mark.parametrize("visitor", VISITORS)
def test_listings_show_only_what_the_policy_admits(secrets, client_of, visitor):
    client = client_of(visitor)
    for url in LISTINGS + SUMMARIES:
        response = client.get(expand(url, secrets))
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        html = text_of(response)
        for key, secret in secrets.items():
            if not admitted(visitor, key):
                assert secret.marker not in html, (url, key)
            elif url in LISTINGS and visitor == "superuser":
                assert secret.marker in html, (url, key)


@pytest.mark.parametrize("visitor", ["kelompok_member", "staff"])
def test_views_of_a_hidden_object_refuse_without_its_title(secrets, client_of, visitor):
    client = client_of(visitor)
    for key, secret in secrets.items():
        if admitted(visitor, key):
            continue
        for url in object_views(secret):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (url, response.status_code)
            assert secret.marker not in text_of(response), url
            if response.status_code == 302:
                assert "rahasia" not in response["Location"]
        for url in bulk_views(secret):
            assert secret.marker not in text_of(client.get(url)), url


def test_the_admitted_see_the_objects(secrets, client_of):
    """Superusers open every view; a member of the owning kelompok sees its asset's history and image."""
    admin = client_of("superuser")
    for secret in secrets.values():
        for url in object_views(secret):
            if "/edit/" in url and "/pages/" not in url and "h5pactivity" not in url:
                continue  # document and image edit forms are covered by their apps' own tests
            response = admin.get(url)
            assert response.status_code == 200, url
        for url in bulk_views(secret):
            assert secret.marker in admin.get(url).text, url
    member = client_of("kelompok_member")
    own = secrets[("internal", "kelompok")]
    assert own.marker in member.get(f"/admin/pages/{own.asset.get_parent().pk}/").text
    assert own.marker in member.get("/admin/choose-page/search/?q=rahasia").text
    assert own.marker in member.get(f"/admin/pages/{own.asset.pk}/history/").text
    assert member.get(f"/admin/gambar/{own.rendition.pk}/").status_code == 200


def test_hidden_activity_cannot_be_saved(secrets, client_of):
    """A non-ASN kelompok member could save another unit's internal activity."""
    activity = secrets[("internal", "unit")].activity
    response = client_of("kelompok_member").post(
        f"/admin/snippets/courses/h5pactivity/edit/{activity.pk}/",
        {"title": "Diambil alih", "access_level": AccessLevel.PUBLIC},
    )
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.title == "Aktivitas rahasia unit" and activity.access_level == AccessLevel.INTERNAL


def test_hidden_draft_of_a_public_page_is_hidden(institution, make_asset, client_of):
    """A public page whose latest draft is narrowed to a unit: its draft title and content stay hidden."""
    asset = make_asset("Aset terbuka")
    draft = asset.get_latest_revision_as_object()
    draft.title, draft.access_level, draft.owner_unit = "Draf tertutup", AccessLevel.INTERNAL, institution["dinas"]
    draft.save_revision()
    staff = client_of("staff")
    assert "Draf tertutup" not in staff.get(f"/admin/pages/{asset.get_parent().pk}/").text
    response = staff.get(f"/admin/pages/{asset.pk}/view_draft/")
    assert response.status_code in (302, 403) and "Draf tertutup" not in response.text
    assert "Draf tertutup" in client_of("admin").get(f"/admin/pages/{asset.get_parent().pk}/").text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_bulk_action_never_redirects_to_another_site(institution, make_asset, target):
    """A ketua may publish but assets go through review: the refusal sent them to `next`, wherever it pointed."""
    ketua = KeanggotaanFactory(kelompok=institution["kelompok"], peran=PeranKelompok.KETUA).user
    asset = make_asset("Aset draf", level=AccessLevel.ASN)
    asset.unpublish()
    client = Client()
    client.force_login(ketua)
    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={asset.pk}&next={target}")
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_hiding_costs_a_constant_number_of_queries(institution, catalogue, make_asset, client_of):
    """The explorer asks the policy in SQL: more hidden assets, no more queries (Wagtail's own per-row queries
    grow with the visible rows only)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = client_of("kelompok_member")
    url = f"/admin/pages/{catalogue.pk}/"

    def queries():
        member.get(url)  # warm caches (content types, site root)
        with CaptureQueriesContext(connection) as captured:
            assert member.get(url).status_code == 200
        return len(captured)

    make_asset("Aset terbuka")
    make_asset("Aset tertutup", level=AccessLevel.INTERNAL, owner_unit=institution["dinas"])
    few = queries()
    for n in range(4):
        make_asset(f"Aset tertutup {n}", level=AccessLevel.INTERNAL, owner_unit=institution["dinas"])
    assert queries() == few
