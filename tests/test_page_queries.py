"""Every main page runs the same number of queries with 2 and with 10 of what it lists (issue 18).

Each scenario builds the page and a `grow(n)` that adds n items of what the page lists; the page is rendered once to
warm the per-process caches, counted with 2 items (with the audience's cached fragments computed, then
served from the cache), grown to 10 and counted again, signed in as the role it needs.
"""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities import services as communities
from communities.tests.conftest import community_index, make_community  # noqa: F401  (fixtures)
from corpu import page_cache
from corpu.access import AccessLevel
from corpu.models import InfoPage
from courses.models import CourseCatalogPage, CoursePage, LessonPage
from courses.services.enrolment import enrol
from evaluation.services import behaviour
from knowledge_assets.models import AssetComment
from knowledge_assets.tests.conftest import catalogue, make_asset, make_document  # noqa: F401  (fixtures)
from ledger.models import Status
from ledger.services import record_activity
from people.models import UnitKerja
from planning.models import Plan, Task
from planning.models.workflow import TaskKind
from planning.tests.conftest import world  # noqa: F401  (fixture)
from planning.tests.programme_helpers import make_programme
from tests.factories import KeanggotaanFactory, KelompokFactory, UserFactory

pytestmark = pytest.mark.django_db
SMALL, LARGE = 2, 10
_serial = itertools.count()
LEVELS = [AccessLevel.PUBLIC, AccessLevel.ASN, AccessLevel.INTERNAL]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def cold_and_cached(client, url):
    """Queries with the audience's page fragments computed (corpu/page_cache.py), then served from the cache."""
    page_cache.invalidate()
    return queries(client, url), queries(client, url)


def entry(user, verifier=None, status=Status.VERIFIED, **extra):
    n = next(_serial)
    day = datetime.date(timezone_year(), 1 + n % 11, 1 + n % 27)
    actor = user if status == Status.SUBMITTED else None
    return record_activity(
        user,
        "seminar",
        f"Seminar {n}",
        day,
        day,
        1,
        "hari",
        status=status,
        verifier=verifier,
        actor=actor,
        organiser=f"Penyelenggara {n}",
        certificate_no=f"C-{n}",
        **extra,
    )[0]


def timezone_year():
    from django.utils import timezone

    return timezone.localdate().year


# --- scenarios: request -> (user or None, url, grow) -----------------------------------------------------------


def _menu_pages(home, n):
    for _ in range(n):
        page = InfoPage(title=f"Info {next(_serial)}", access_level=LEVELS[_ % 3], show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()


def home_page(request):
    home = request.getfixturevalue("home")
    return request.getfixturevalue("institution")["visitors"]["staff"], "/", lambda n: _menu_pages(home, n)


def info_page(request):
    home, make = request.getfixturevalue("home"), request.getfixturevalue("make_info_page")
    page = make("Panduan JP", show_in_menus=True)
    return None, page.url, lambda n: _menu_pages(home, n)


def _assets(request, n, **extra):
    make, kelompok = request.getfixturevalue("make_asset"), request.getfixturevalue("institution")["kelompok"]
    for i in range(n):
        make(f"Aset jembatan {next(_serial)}", level=LEVELS[i % 3], owner_kelompok=kelompok, attach=True, **extra)


def knowledge_catalogue(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    return staff, request.getfixturevalue("catalogue").url, lambda n: _assets(request, n)


def asset_page(request):
    institution = request.getfixturevalue("institution")
    asset = request.getfixturevalue("make_asset")("Aset utama", attach=True)

    def grow(n):
        for _ in range(n):
            AssetComment.objects.create(page=asset, user=UserFactory(), text="Sangat berguna")

    return institution["visitors"]["staff"], asset.url, grow


def _course_catalog(home):
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-daring"))
    catalog.save_revision().publish()
    return catalog


def _course(catalog, level=AccessLevel.PUBLIC):
    course = catalog.add_child(
        instance=CoursePage(title=f"Kursus {next(_serial)}", access_level=level, jp_value=2, ledger_form="e_learning")
    )
    course.save_revision().publish()
    return course


def _lessons(course, n):
    for _ in range(n):
        lesson = LessonPage(title=f"Pelajaran {next(_serial)}", body=[("text", "<p>Isi</p>")])
        course.add_child(instance=lesson)
        lesson.save_revision().publish()


def course_catalogue(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    catalog = _course_catalog(request.getfixturevalue("home"))

    def grow(n):
        for i in range(n):
            _lessons(_course(catalog, LEVELS[i % 3]), 1)

    return staff, catalog.url, grow


def course_page(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    course = _course(_course_catalog(request.getfixturevalue("home")))
    enrol(staff, course)
    return staff, course.url, lambda n: _lessons(course, n)


def lesson_page(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    course = _course(_course_catalog(request.getfixturevalue("home")))
    _lessons(course, 1)
    enrol(staff, course)
    return staff, course.get_children().first().url, lambda n: _lessons(course, n)


def community_list(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    make = request.getfixturevalue("make_community")
    index = request.getfixturevalue("community_index")

    def grow(n):
        for i in range(n):
            page = make(f"Komunitas {next(_serial)}", level=LEVELS[i % 2], moderators=[UserFactory()])
            communities.join(staff, page)

    return staff, index.url, grow


def _community(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    community = request.getfixturevalue("make_community")("Komunitas Jalan", moderators=[UserFactory()])
    communities.join(staff, community)
    return staff, community


def community_page(request):
    staff, community = _community(request)

    def grow(n):
        for _ in range(n):
            author = UserFactory()
            communities.join(author, community)
            communities.create_thread(author, community, f"Utas {next(_serial)}", "Isi utas")

    return staff, community.url, grow


def thread_page(request):
    staff, community = _community(request)
    thread = communities.create_thread(staff, community, "Utas utama", "Isi utas")

    def grow(n):
        for _ in range(n):
            author = UserFactory()
            communities.join(author, community)
            communities.add_reply(author, thread, "Balasan")

    return staff, reverse("communities:thread", args=[thread.pk]), grow


def search_results(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    settings = request.getfixturevalue("settings")
    settings.SEARCH_CACHE_SECONDS = 0
    return staff, reverse("search:search") + "?q=jembatan", lambda n: _assets(request, n)


def jp_saya(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    verifier = UserFactory()

    def grow(n):
        for _ in range(n):
            entry(staff, verifier)

    return staff, reverse("ledger:saya"), grow


def _clo_with_staff(request):
    institution = request.getfixturevalue("institution")
    clo = institution["visitors"]["admin"]
    units = [institution["bidang"], UnitKerja.ensure_path("Dinas Kesehatan/Bidang P2P")]
    return clo, units


def verifikasi(request):
    clo, units = _clo_with_staff(request)

    def grow(n):
        for i in range(n):
            entry(UserFactory(unit_kerja=units[i % 2]), status=Status.SUBMITTED)

    return clo, reverse("ledger:verifikasi"), grow


def dasbor_jp(request):
    clo, units = _clo_with_staff(request)

    def grow(n):
        for i in range(n):
            entry(UserFactory(unit_kerja=units[i % 2]), clo)

    return clo, reverse("ledger:dasbor"), grow


def profil_saya(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    verifier = UserFactory()

    def grow(n):
        for _ in range(n):
            entry(staff, verifier)
            KeanggotaanFactory(user=staff, kelompok=KelompokFactory())

    return staff, reverse("people:profil"), grow


def idp_home(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    year = timezone_year()

    def grow(n):
        for _ in range(n):
            plan = Plan.objects.create(employee=UserFactory(unit_kerja=staff.unit_kerja), year=year, supervisor=staff)
            Task.objects.create(user=staff, kind=TaskKind.values[0], plan=plan, year=year, due_on=datetime.date.today())

    return staff, reverse("planning:home"), grow


def evaluasi_home(request):
    staff = request.getfixturevalue("institution")["visitors"]["staff"]
    verifier = UserFactory()

    def grow(n):
        for _ in range(n):
            behaviour.open_task(entry(staff, verifier), due_on=datetime.date.today())

    return staff, reverse("evaluation:home"), grow


def programme_list(request):
    people = request.getfixturevalue("world")

    def grow(n):
        for _ in range(n):
            make_programme(people, title=f"Program {next(_serial)}", units=[people["bidang"], people["other"]])

    return people["clo"], reverse("planning:programmes"), grow


SCENARIOS = [
    home_page,
    info_page,
    knowledge_catalogue,
    asset_page,
    course_catalogue,
    course_page,
    lesson_page,
    community_list,
    community_page,
    thread_page,
    search_results,
    jp_saya,
    verifikasi,
    dasbor_jp,
    profil_saya,
    idp_home,
    evaluasi_home,
    programme_list,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_page_queries_do_not_grow_with_what_it_lists(request, client, scenario):
    user, url, grow = scenario(request)
    if user is not None:
        client.force_login(user)
    grow(SMALL)
    queries(client, url)  # warm: site root paths, content types, the session, per-user caches
    small = cold_and_cached(client, url)
    grow(LARGE - SMALL)
    large = cold_and_cached(client, url)
    assert large == small, f"{url}: {small} queries (computed, cached) with {SMALL} items, {large} with {LARGE}"
