from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from corpu.admin_access import AccessControlledSnippetViewSet, PolicyModelPermissions

from .h5p.admin_forms import H5PActivityForm
from .h5p.admin_library import H5PLibraryViewSet
from .models import Enrolment, H5PActivity, ScormPackage

# An activity the access policy hides from a user is neither listed, found, chosen, edited nor deleted by them.
register_permission_policy(H5PActivity, PolicyModelPermissions(ModelPermissionPolicy(H5PActivity)))
register_permission_policy(ScormPackage, PolicyModelPermissions(ModelPermissionPolicy(ScormPackage)))


class H5PActivityViewSet(AccessControlledSnippetViewSet):
    model = H5PActivity
    icon = "media"
    menu_label = _("Aktivitas H5P")
    add_to_admin_menu = True
    menu_order = 320
    list_display = ["title", "main_library", "access_level", "created_at"]
    search_fields = ["title"]
    edit_handler = ObjectList(H5PActivity.panels, base_form_class=H5PActivityForm)


class ScormPackageViewSet(AccessControlledSnippetViewSet):
    model = ScormPackage
    icon = "media"
    menu_label = _("Paket SCORM")
    add_to_admin_menu = True
    menu_order = 325
    list_display = ["title", "version", "access_level", "created_at"]
    search_fields = ["title"]
    edit_handler = ObjectList(ScormPackage.panels, base_form_class=H5PActivityForm)  # records the uploader


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    icon = "group"
    menu_label = _("Peserta kursus")
    add_to_admin_menu = True
    menu_order = 330
    list_display = ["user", "course", "status", "enrolled_at", "completed_at"]
    list_filter = ["status", "course"]
    form_fields = ["course", "user", "status"]
    list_export = ["user", "course", "status", "enrolled_at", "completed_at"]


register_snippet(H5PActivityViewSet)
register_snippet(ScormPackageViewSet)


@hooks.register("register_admin_viewset")
def register_enrolments():
    return EnrolmentViewSet("peserta_kursus")


@hooks.register("register_admin_viewset")
def register_h5p_libraries():
    return H5PLibraryViewSet("pustaka_h5p")


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def warn_about_upload(request, instance):
    """Name the files a new H5P package was saved without."""
    for warning in getattr(instance, "upload_warnings", ()):
        messages.warning(request, warning)
