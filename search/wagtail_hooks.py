from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Sinonim pencarian")
    add_to_settings_menu = True
    list_display = ["terms"]
    search_fields = ["terms"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_menu_item")
def search_analytics_menu_item():
    return MenuItem(
        _("Analitik pencarian"),
        reverse("search:analytics"),
        icon_name="search",
        order=900,
        attrs={},
    )
