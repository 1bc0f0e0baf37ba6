from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym, UnstemmedTerm


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Sinonim pencarian")
    add_to_settings_menu = True
    list_display = ["terms"]
    search_fields = ["terms"]


register_snippet(SynonymViewSet)


class UnstemmedTermViewSet(SnippetViewSet):
    """Domain terms searched as written, never reduced to their root (ADR 0032)."""

    model = UnstemmedTerm
    icon = "search"
    menu_label = _("Istilah tanpa pemotongan imbuhan")
    add_to_settings_menu = True
    list_display = ["term"]
    search_fields = ["term"]


register_snippet(UnstemmedTermViewSet)


@hooks.register("register_admin_menu_item")
def search_analytics_menu_item():
    return MenuItem(
        _("Analitik pencarian"),
        reverse("search:analytics"),
        icon_name="search",
        order=900,
        attrs={},
    )
