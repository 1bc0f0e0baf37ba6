"""Knowledge-management figures against counts made by walking the created rows in Python."""

import datetime

import pytest
from django.utils import timezone

from communities.models import Attendance, CommunityIndexPage, CommunityPage, CopSession, Thread
from corpu.access import AccessLevel
from evaluation.figures import compute
from knowledge_assets.models import AssetApplication, AssetCounter, KnowledgeAssetPage
from knowledge_assets.setup import ensure_knowledge_setup
from people.models import UnitKerja
from tests.factories import UserFactory, unit

YEAR = timezone.localdate().year


def at(year, month=6, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


@pytest.fixture
def world(home):
    pupr, bina_marga, dinkes = unit("Dinas PUPR"), unit("Dinas PUPR/Bidang Bina Marga"), unit("Dinas Kesehatan")
    ani, budi, citra = (UserFactory(unit_kerja=u) for u in (bina_marga, pupr, dinkes))
    catalogue = ensure_knowledge_setup(home)

    def asset(title, published, owner_unit=None, authors=(), live=True, views=0, downloads=0):
        page = KnowledgeAssetPage(title=title, abstract="x", asset_type="praktik_baik", owner_unit=owner_unit)
        catalogue.add_child(instance=page)
        page.authors.set(list(authors))
        page.save_revision().publish()
        KnowledgeAssetPage.objects.filter(pk=page.pk).update(first_published_at=published, live=live)
        AssetCounter.objects.create(page=page, views=views, downloads=downloads)
        return page

    sop = asset("SOP jalan", at(YEAR, 2), authors=[ani], views=7, downloads=2)
    asset("Tata kelola air", at(YEAR, 11), owner_unit=pupr, views=3)
    asset("Gizi balita", at(YEAR, 4), authors=[citra], views=5, downloads=1)
    asset("Lama", at(YEAR - 1, 12, 30), authors=[budi], views=11)
    asset("Ditarik", at(YEAR, 3), authors=[ani], live=False, views=100)
    for user, page, when in ((ani, sop, at(YEAR)), (citra, sop, at(YEAR)), (budi, sop, at(YEAR - 1))):
        application = AssetApplication.objects.create(page=page, user=user, outcome="dipakai")
        AssetApplication.objects.filter(pk=application.pk).update(updated_at=when)

    index = CommunityIndexPage(title="Komunitas", slug="komunitas")
    home.add_child(instance=index)
    community = CommunityPage(title="CoP Jalan", purpose="berbagi", access_level=AccessLevel.ASN)
    index.add_child(instance=community)
    community.save_revision().publish()
    for author, when, solved, hidden in (
        (ani, at(YEAR, 1), True, False),
        (budi, at(YEAR, 5), False, False),
        (citra, at(YEAR, 7), True, False),
        (ani, at(YEAR, 8), False, True),
        (budi, at(YEAR - 1, 9), True, False),
    ):
        thread = Thread.objects.create(community=community, title="Tanya", author=author, solved=solved, hidden=hidden)
        Thread.objects.filter(pk=thread.pk).update(created_at=when)
    for when, attendees in ((at(YEAR, 3), [ani, citra]), (at(YEAR, 9), [citra]), (at(YEAR - 1, 5), [ani])):
        session = CopSession.objects.create(community=community, title="Sesi", starts_at=when, duration_hours=2)
        for user in attendees:
            Attendance.objects.create(session=session, user=user, hours=2)
    return {"pupr": UnitKerja.objects.filter(pk=pupr.pk), "all_units": UnitKerja.objects.all()}


def in_scope(user_unit, units):
    if units is None:
        return True
    return user_unit is not None and any(user_unit.path.startswith(u.path) for u in units)


def expected(units):
    assets = []
    for page in KnowledgeAssetPage.objects.all():
        authors = list(page.authors.all())
        mine = in_scope(page.owner_unit, units) or any(in_scope(a.unit_kerja, units) for a in authors)
        if page.live and (units is None or mine):
            assets.append(page)
    published = [p for p in assets if timezone.localtime(p.first_published_at).year == YEAR]
    counters = {c.page_id: c for c in AssetCounter.objects.all()}
    threads = [
        t
        for t in Thread.objects.all()
        if not t.hidden and timezone.localtime(t.created_at).year == YEAR and in_scope(t.author.unit_kerja, units)
    ]
    sessions = [s for s in CopSession.objects.all() if timezone.localtime(s.starts_at).year == YEAR]
    attendances = [a for s in sessions for a in s.attendances.all() if in_scope(a.user.unit_kerja, units)]
    if units is not None:
        sessions = [s for s in sessions if any(in_scope(a.user.unit_kerja, units) for a in s.attendances.all())]
    return {
        "km_assets_published": len(published),
        "km_asset_reads": sum(counters[p.pk].views for p in assets if p.pk in counters),
        "km_asset_downloads": sum(counters[p.pk].downloads for p in assets if p.pk in counters),
        "km_applications": sum(
            1
            for a in AssetApplication.objects.all()
            if a.page.live and timezone.localtime(a.updated_at).year == YEAR and in_scope(a.user.unit_kerja, units)
        ),
        "km_threads": len(threads),
        "km_threads_solved": sum(1 for t in threads if t.solved),
        "km_cop_sessions": len(sessions),
        "km_cop_attendances": len(attendances),
    }


def test_knowledge_figures_equal_counts_over_the_rows(world):
    want = expected(None)
    assert want == {
        "km_assets_published": 3,
        "km_asset_reads": 26,
        "km_asset_downloads": 3,
        "km_applications": 2,
        "km_threads": 3,
        "km_threads_solved": 2,
        "km_cop_sessions": 2,
        "km_cop_attendances": 3,
    }
    assert {name: compute(name, YEAR) for name in want} == want


def test_knowledge_figures_narrowed_to_a_unit(world):
    want = expected(world["pupr"])
    assert want["km_assets_published"] == 2 and want["km_threads"] == 2 and want["km_cop_attendances"] == 1
    assert {name: compute(name, YEAR, world["pupr"]) for name in want} == want
    assert {name: compute(name, YEAR, world["all_units"]) for name in want} == expected(None)
