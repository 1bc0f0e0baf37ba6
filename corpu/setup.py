"""Make sure a database has the CorpU home page as the default site's root (after migrate and after flush)."""

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site


def ensure_home_page(**kwargs):
    """Create the page tree root, the HomePage and the default site when missing (idempotent)."""
    from .models import HomePage

    if HomePage.objects.exists():
        return
    Locale.objects.get_or_create(language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(title="CorpU", slug="home", intro=_("Manajemen pengetahuan dan pembelajaran untuk ASN"))
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "CorpU"}
    )
