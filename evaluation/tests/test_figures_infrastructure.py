"""Infrastructure figures (stock at the end of the year) against counts made by walking the rows in Python."""

import datetime

import pytest
from django.utils import timezone

from communities.models import CommunityIndexPage, CommunityPage
from corpu.access import AccessLevel
from courses.models import CourseCatalogPage, CoursePage, DeliveryModel, H5PActivity
from courses.scorm.models import ScormPackage
from evaluation.figures import compute
from people.models import KelompokKeahlian
from tests.factories import KelompokFactory

YEAR = timezone.localdate().year - 1


def at(year, month=6):
    return timezone.make_aware(datetime.datetime(year, month, 1, 9, 0))


@pytest.fixture
def world(home):
    catalog = CourseCatalogPage(title="Kursus", slug="kursus")
    home.add_child(instance=catalog)
    for title, model, published, live in (
        ("Etika ASN", DeliveryModel.MOOC, at(YEAR, 2), True),
        ("Jalan desa", DeliveryModel.BLENDED, at(YEAR, 12), True),
        ("Gizi", DeliveryModel.MOOC, at(YEAR - 2), True),
        ("Baru", DeliveryModel.FLIPPED, at(YEAR + 1, 1), True),  # published after the year
        ("Ditarik", DeliveryModel.CLASSROOM, at(YEAR, 3), False),
    ):
        course = CoursePage(title=title, delivery_model=model, access_level=AccessLevel.ASN)
        catalog.add_child(instance=course)
        course.save_revision().publish()
        CoursePage.objects.filter(pk=course.pk).update(first_published_at=published, live=live)
    index = CommunityIndexPage(title="Komunitas", slug="komunitas")
    home.add_child(instance=index)
    for title, published in (("CoP A", at(YEAR, 4)), ("CoP B", at(YEAR + 1, 2))):
        page = CommunityPage(title=title, purpose="x", access_level=AccessLevel.ASN)
        index.add_child(instance=page)
        page.save_revision().publish()
        CommunityPage.objects.filter(pk=page.pk).update(first_published_at=published)
    for created in (at(YEAR, 1), at(YEAR, 12), at(YEAR + 1, 3)):
        # rows only: the figure counts activities, it never opens their packages
        activity = H5PActivity.objects.bulk_create([H5PActivity(title="Kuis", package="h5p/packages/x.h5p")])[0]
        H5PActivity.objects.filter(pk=activity.pk).update(created_at=created)
    for created in (at(YEAR - 1, 5), at(YEAR + 1, 1)):
        package = ScormPackage.objects.bulk_create([ScormPackage(title="Modul", package="scorm/packages/x.zip")])[0]
        ScormPackage.objects.filter(pk=package.pk).update(created_at=created)
    KelompokFactory.create_batch(3)


def stock(queryset, field="first_published_at", live=True):
    end = timezone.make_aware(datetime.datetime(YEAR + 1, 1, 1))
    return [row for row in queryset if (row.live if live else True) and getattr(row, field) < end]


def test_infrastructure_figures_equal_counts_over_the_rows(world):
    courses = stock(CoursePage.objects.all())
    by_model = dict.fromkeys(DeliveryModel.values, 0)
    for course in courses:
        by_model[course.delivery_model] += 1
    want = {
        "infra_courses_published": len(courses),
        "infra_courses_by_model": by_model,
        "infra_h5p_activities": len(stock(H5PActivity.objects.all(), "created_at", live=False)),
        "infra_scorm_packages": len(stock(ScormPackage.objects.all(), "created_at", live=False)),
        "infra_kelompok_keahlian": len(list(KelompokKeahlian.objects.all())),
        "infra_communities": len(stock(CommunityPage.objects.all())),
    }
    assert (want["infra_courses_published"], want["infra_h5p_activities"], want["infra_communities"]) == (3, 2, 1)
    assert want["infra_scorm_packages"] == 1
    assert by_model == {"mooc": 2, "flipped": 0, "blended": 1, "classroom": 0}
    assert {name: compute(name, YEAR) for name in want} == want


def test_infrastructure_is_the_institutions_and_not_narrowed_by_units(world):
    from people.models import UnitKerja

    names = ["infra_courses_published", "infra_h5p_activities", "infra_communities"]
    assert [compute(name, YEAR, UnitKerja.objects.none()) for name in names] == [compute(n, YEAR) for n in names]
