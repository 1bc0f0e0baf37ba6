"""Make sure a fresh database has the CorpU home page as the default site's root."""

from django.utils.translation import gettext as _
from wagtail.models import Page, Site


def ensure_home_page(**kwargs):
    """Replace Wagtail's welcome page with a HomePage (idempotent; runs after migrate and flush)."""
    from .models import HomePage

    if HomePage.objects.exists():
        return
    root = Page.get_first_root_node()
    if root is None:
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(title="CorpU", slug="home", intro=_("Manajemen pengetahuan dan pembelajaran untuk ASN"))
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "CorpU"}
    )
