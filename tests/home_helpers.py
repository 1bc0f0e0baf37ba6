"""Builders shared by the Beranda saya tests (people, courses, communities, knowledge assets, ledger)."""

from decimal import Decimal

from django.utils import timezone

from communities.models import CommunityIndexPage, CommunityPage
from corpu.access import AccessLevel
from courses.models import CourseCatalogPage, CoursePage, LessonPage
from knowledge_assets.models import KnowledgeAssetPage, KnowledgeCatalogPage
from ledger import services as ledger
from ledger.models import Source, Status
from tests.factories import UserFactory


def add_course(home, title, lessons=2, level=AccessLevel.ASN):
    catalog = CourseCatalogPage.objects.first() or home.add_child(
        instance=CourseCatalogPage(title="Kursus", slug="kursus")
    )
    course = catalog.add_child(instance=CoursePage(title=title, access_level=level, jp_value=Decimal(2)))
    made = [
        course.add_child(instance=LessonPage(title=f"{title} — pelajaran {n + 1}", body=[("text", "<p>x</p>")]))
        for n in range(lessons)
    ]
    return course, made


def add_community(home, title, level=AccessLevel.ASN, kelompok=None):
    index = CommunityIndexPage.objects.first() or home.add_child(
        instance=CommunityIndexPage(title="Komunitas", slug="komunitas")
    )
    return index.add_child(
        instance=CommunityPage(title=title, purpose="Berbagi", access_level=level, owner_kelompok=kelompok)
    )


def add_asset(home, title, level=AccessLevel.PUBLIC, kelompok=None):
    catalog = KnowledgeCatalogPage.objects.first() or home.add_child(
        instance=KnowledgeCatalogPage(title="Katalog", slug="katalog")
    )
    return catalog.add_child(
        instance=KnowledgeAssetPage(
            title=title, abstract="Ringkas", asset_type="praktik_baik", access_level=level, owner_kelompok=kelompok
        )
    )


def submission(user, title, status=Status.SUBMITTED, day=None):
    day = day or timezone.localdate().replace(month=1, day=10)
    entry, _created = ledger.record_activity(
        user,
        "seminar",
        title,
        day,
        day,
        1,
        "hari",
        source=Source.EXTERNAL,
        status=Status.SUBMITTED,
        source_ref=f"test:{title}",
    )
    if status == Status.REJECTED:
        ledger.reject(entry, UserFactory(), "Bukti kurang")
    return entry
