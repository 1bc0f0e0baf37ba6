"""RSS feed of the catalogue: only the assets the requester may see (anonymous visitors: public only)."""

from django.contrib.syndication.views import Feed
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from .catalogue import visible_assets


class CatalogueFeed(Feed):
    title = _("Aset pengetahuan CorpU")
    description = _("Aset pengetahuan terbaru yang dapat Anda akses.")

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response

    def get_object(self, request, *args, **kwargs):
        return request  # the feed instance is shared between requests: keep no state on it

    def link(self, request):
        from .models import KnowledgeCatalogPage

        catalogue = KnowledgeCatalogPage.objects.live().first()
        return catalogue.url if catalogue else "/"

    def items(self, request):
        return visible_assets(request.user).order_by("-first_published_at", "-pk")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.abstract

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_guid(self, item):
        return item.catalogue_number or str(item.pk)

    item_guid_is_permalink = False
