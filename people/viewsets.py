"""Wagtail admin for people: users with ASN fields, unit kerja tree, rumpun and kelompok keahlian."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.views import groups, users
from wagtail.users.views.groups import GroupViewSet as WagtailGroupViewSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from corpu.access import may_edit_account

from .forms import AsnUserCreationForm, AsnUserEditForm, UnitKerjaForm
from .mfa.decorators import RecentSecondFactorMixin
from .models import KelompokKeahlian, RumpunKeahlian, UnitKerja


class GroupViewSet(WagtailGroupViewSet):
    """Wagtail's groups, whose add / edit / delete change roles: a recent second factor first."""

    add_view_class = type("CreateView", (RecentSecondFactorMixin, groups.CreateView), {})
    edit_view_class = type("EditView", (RecentSecondFactorMixin, groups.EditView), {})
    delete_view_class = type("DeleteView", (RecentSecondFactorMixin, groups.DeleteView), {})


class EditorFormMixin:
    """The user form learns who edits (only a superuser may grant superuser or break-glass status)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editor": self.request.user}


class AccountGuardMixin:
    """Edit / delete only accounts the policy lets this editor manage (corpu.access.may_edit_account)."""

    def dispatch(self, request, *args, **kwargs):
        account = getattr(self, "object", None) or self.get_object()
        if not may_edit_account(request.user, account):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(WagtailUserViewSet):
    add_view_class = type("CreateView", (EditorFormMixin, users.CreateView), {})
    edit_view_class = type("EditView", (AccountGuardMixin, EditorFormMixin, users.EditView), {})
    delete_view_class = type("DeleteView", (AccountGuardMixin, users.DeleteView), {})

    def get_form_class(self, for_update=False):
        return AsnUserEditForm if for_update else AsnUserCreationForm


class UnitKerjaViewSet(ModelViewSet):
    model = UnitKerja
    icon = "site"
    menu_label = _("Unit kerja")
    list_display = ["path_label", "kode", "kepala"]
    ordering = ["path"]
    search_fields = ["nama", "kode"]

    def get_form_class(self, for_update=False):
        return UnitKerjaForm


class RumpunKeahlianViewSet(ModelViewSet):
    model = RumpunKeahlian
    icon = "group"
    menu_label = _("Rumpun keahlian")
    form_fields = ["nama", "koordinator"]
    list_display = ["nama", "koordinator"]


class KelompokKeahlianViewSet(ModelViewSet):
    model = KelompokKeahlian
    icon = "group"
    menu_label = _("Kelompok keahlian")
    list_display = ["nama", "rumpun", "unit_kerja"]
    list_filter = ["rumpun"]
    search_fields = ["nama", "deskripsi"]
    panels = [
        FieldPanel("nama"),
        FieldPanel("rumpun"),
        FieldPanel("unit_kerja"),
        FieldPanel("deskripsi"),
        InlinePanel("keanggotaan", heading=_("Anggota"), label=_("anggota")),
    ]


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = _("Organisasi CorpU")
    menu_icon = "group"
    menu_order = 250
    items = (UnitKerjaViewSet("unit_kerja"), RumpunKeahlianViewSet("rumpun"), KelompokKeahlianViewSet("kelompok"))
