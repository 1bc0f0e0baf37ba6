"""Wagtail admin for the ledger: rulebooks and their rules (edits are logged in Wagtail's history), entries."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import AuditLog, Entry, LedgerSettings, Rule, Rulebook


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Entries and the audit log change only through ledger.services (append-only, audited)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Entry, ReadOnlyPolicy(Entry), exact_class=True)
register_permission_policy(AuditLog, ReadOnlyPolicy(AuditLog), exact_class=True)


class RulebookIndexView(IndexView):
    """The rulebook list says which rulebook a site counts with and why (one query, whatever the length)."""

    def get_base_queryset(self):
        chosen = LedgerSettings.objects.filter(rulebook=OuterRef("pk")).order_by("pk")
        return (
            super()
            .get_base_queryset()
            .annotate(in_use_site=Subquery(chosen.values("site__site_name")[:1]))
            .annotate(in_use_reason=Subquery(chosen.values("rulebook_reason")[:1]))
        )


def _in_use(rulebook):
    if rulebook.in_use_site is None and rulebook.in_use_reason is None:
        return ""
    return f"{rulebook.in_use_site or '-'}: {rulebook.in_use_reason or '-'}"


class RulebookViewSet(ModelViewSet):
    model = Rulebook
    icon = "doc-full"
    menu_label = _("Peraturan konversi")
    index_view_class = RulebookIndexView
    list_display = [
        "slug",
        "title",
        "effective_from",
        "effective_until",
        "target_jp_pns",
        "target_jp_pppk",
        Column("in_use", label=_("dipakai di situs (alasan)"), accessor=_in_use),
    ]
    search_fields = ["slug", "title", "regulation"]
    inspect_view_enabled = True


class RuleViewSet(ModelViewSet):
    model = Rule
    icon = "calculator"
    menu_label = _("Aturan konversi")
    list_display = ["form", "rulebook", "unit", "jp_per_unit_nasional", "jp_per_unit_internasional", "available"]
    list_filter = ["rulebook", "bucket", "available"]
    search_fields = ["label", "interpretation", "seed_ref"]
    ordering = ["rulebook__slug", "id"]
    inspect_view_enabled = True


class EntryViewSet(ModelViewSet):
    model = Entry
    icon = "list-ul"
    menu_label = _("Entri JP")
    list_display = ["title", "employee", "form", "start_date", "status", "source"]
    list_filter = ["status", "form", "source", "scope"]
    search_fields = ["title", "certificate_no", "organiser"]
    inspect_view_enabled = True
    form_fields = ["title"]


class AuditLogViewSet(ModelViewSet):
    model = AuditLog
    icon = "history"
    menu_label = _("Log audit")
    list_display = ["at", "action", "actor", "entry"]
    list_filter = ["action"]
    inspect_view_enabled = True
    form_fields = ["action"]


class LedgerViewSetGroup(ViewSetGroup):
    menu_label = _("Buku JP")
    menu_icon = "calculator"
    menu_order = 260
    items = (
        RulebookViewSet("ledger_rulebook"),
        RuleViewSet("ledger_rule"),
        EntryViewSet("ledger_entry"),
        AuditLogViewSet("ledger_audit"),
    )
