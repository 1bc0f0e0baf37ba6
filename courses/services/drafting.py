"""Draft courses other apps ask for (a learning programme's "Buat kursus draf"): an unpublished course page under
the catalogue, with a first revision, for the course team to finish in the Wagtail editor."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from corpu.access import AccessLevel
from corpu.choices import Competency

from ..models import CourseCatalogPage, CoursePage


def draft_course(title, summary, competency="", owner=None):
    """Create an unpublished CoursePage (ASN access, never live until published) under the course catalogue and
    save its first draft revision. Returns the page; ValidationError when there is no catalogue."""
    catalog = CourseCatalogPage.objects.first()
    if catalog is None:
        raise ValidationError(_("Katalog kursus belum ada; buat katalog kursus terlebih dahulu."))
    page = CoursePage(
        title=title[:255],
        summary=summary,
        competency=competency if competency in Competency.values else "",
        access_level=AccessLevel.ASN,
        live=False,
        owner=owner,
    )
    catalog.add_child(instance=page)
    page.save_revision(user=owner)
    return page
