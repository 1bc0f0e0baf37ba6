"""The installed H5P libraries in the admin: read-only (libraries are installed by uploading a package).

One row per version (major.minor, at its installed patch), with the number of activities whose player loads it.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from courses.models import H5PLibrary


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only `view`: nobody adds, edits or deletes a library row by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(H5PLibrary, ReadOnlyPolicy(H5PLibrary))


class H5PLibraryIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("installed_by").annotate(activity_count=Count("activities"))


class H5PLibraryViewSet(ModelViewSet):
    model = H5PLibrary
    index_view_class = H5PLibraryIndexView
    icon = "code"
    menu_label = _("Pustaka H5P")
    add_to_admin_menu = True
    menu_order = 321
    list_display = [
        "machine_name",
        "version_label",
        "title",
        Column("activity_count", label=_("Dipakai oleh (aktivitas)"), sort_key="activity_count"),
        "installed_by",
        "installed_at",
    ]
    search_fields = ["machine_name", "title"]
    form_fields = []
    inspect_view_enabled = True
    inspect_view_fields = ["machine_name", "version_label", "title", "installed_by", "installed_at"]
