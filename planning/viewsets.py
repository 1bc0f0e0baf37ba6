"""Wagtail admin for the planning app: the institution direction (Dewan Pengarah, CLO) and the competency
dictionary with the position standards (CLO; the Dewan Pengarah reads them). Who may open each is the model
permission its role grants (planning/roles.py); edits are logged in Wagtail's history."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import CompetencyDefinition, InstitutionDirection, PositionRequirement


class InstitutionDirectionViewSet(ModelViewSet):
    model = InstitutionDirection
    icon = "site"
    menu_label = _("Arah instansi")
    list_display = ["year", "updated_at", "updated_by"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)

        class DirectionForm(form_class):
            def save(self, commit=True):
                self.instance.updated_by = self.for_user
                return super().save(commit)

        return DirectionForm


class CompetencyDefinitionViewSet(ModelViewSet):
    model = CompetencyDefinition
    icon = "list-ul"
    menu_label = _("Kamus kompetensi")
    list_display = ["name", "competency_type", "kelompok", "national_standard", "active"]
    list_filter = ["competency_type", "national_standard", "active", "kelompok"]
    search_fields = ["name", "definition"]
    inspect_view_enabled = True


class PositionRequirementViewSet(ModelViewSet):
    model = PositionRequirement
    icon = "tasks"
    menu_label = _("Standar kompetensi jabatan")
    list_display = ["position", "competency", "required_level"]
    list_filter = ["competency__competency_type"]
    search_fields = ["position"]


class PlanningViewSetGroup(ViewSetGroup):
    menu_label = _("Rencana pengembangan (IDP)")
    menu_icon = "tasks"
    menu_order = 270
    items = (
        InstitutionDirectionViewSet("planning_direction"),
        CompetencyDefinitionViewSet("planning_competency"),
        PositionRequirementViewSet("planning_requirement"),
    )
