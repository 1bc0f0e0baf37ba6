"""Draft courses other apps ask for (a learning programme's "Buat kursus draf"): an unpublished course page under
the catalogue, with a first revision, for the course team to finish in the Wagtail editor."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from corpu.access import AccessLevel
from corpu.choices import Competency
from people.roles import CLO, role_group_name

from ..models import CourseCatalogPage, CoursePage

# "the CLO runs every course" (courses/roles.py): page permissions on the catalogue, so on every course below it
CLO_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def ensure_clo_page_permissions(catalog):
    """The CLO's group may add, edit and publish courses under the catalogue (idempotent)."""
    group, _created = Group.objects.get_or_create(name=role_group_name(CLO))
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=CLO_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=catalog, permission=permission)


def draft_course(title, summary, competency="", owner=None):
    """Create an unpublished CoursePage (ASN access, never live until published) under the course catalogue and
    save its first draft revision; the CLO's group may edit it in Wagtail. Returns the page; ValidationError when
    there is no catalogue."""
    catalog = CourseCatalogPage.objects.first()
    if catalog is None:
        raise ValidationError(_("Katalog kursus belum ada; buat katalog kursus terlebih dahulu."))
    ensure_clo_page_permissions(catalog)
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
