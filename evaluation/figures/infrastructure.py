"""The learning infrastructure of the CorpU at the end of a year (Banjarbaru Perwali 23/2025 art. 30(1)a): courses
in the LMS, H5P and SCORM content, kelompok keahlian and communities. Infrastructure belongs to the institution,
so `units` does not narrow these figures."""

from django.utils.translation import gettext_lazy as _

from . import figure
from .scoping import year_bounds


def _published_by_end(queryset, year):
    """Live pages first published before the end of the year."""
    return queryset.live().filter(first_published_at__lt=year_bounds(year)[1])


@figure("infra_courses_published", _("Kursus terbit di LMS CorpU"), "infrastructure")
def infra_courses_published(year, units):
    from courses.models import CoursePage

    return _published_by_end(CoursePage.objects, year).count()


@figure("infra_courses_by_model", _("Kursus terbit menurut model pembelajaran"), "infrastructure")
def infra_courses_by_model(year, units):
    from courses.models import CoursePage, DeliveryModel

    found = dict.fromkeys(DeliveryModel.values, 0)
    for model in _published_by_end(CoursePage.objects, year).values_list("delivery_model", flat=True):
        found[model] = found.get(model, 0) + 1
    return found


def _delivery_labels():
    from courses.models import DeliveryModel

    return dict(DeliveryModel.choices)


infra_courses_by_model.parts = _delivery_labels


@figure("infra_h5p_activities", _("Aktivitas interaktif H5P"), "infrastructure")
def infra_h5p_activities(year, units):
    from courses.models import H5PActivity

    return H5PActivity.objects.filter(created_at__lt=year_bounds(year)[1]).count()


@figure("infra_scorm_packages", _("Paket SCORM"), "infrastructure")
def infra_scorm_packages(year, units):
    from courses.scorm.models import ScormPackage

    return ScormPackage.objects.filter(created_at__lt=year_bounds(year)[1]).count()


@figure("infra_kelompok_keahlian", _("Kelompok keahlian (saat laporan dibuat)"), "infrastructure")
def infra_kelompok_keahlian(year, units):
    """Kelompok keahlian carry no founding date: those existing when the report is made."""
    from people.models import KelompokKeahlian

    return KelompokKeahlian.objects.count()


@figure("infra_communities", _("Komunitas belajar (CoP) terbit"), "infrastructure")
def infra_communities(year, units):
    from communities.models import CommunityPage

    return _published_by_end(CommunityPage.objects, year).count()
