"""The same SearchDocument rows, searched the way a team would with stock Wagtail search (no custom analysis)."""

from django.db import models
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from search.models import SearchDocument


class StockQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class StockDocument(index.Indexed, SearchDocument):
    """Title boosted, plain text, tags and owner searchable; every access and facet column filterable."""

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("text"),
        index.SearchField("tags"),
        index.SearchField("owner_label"),
        index.FilterField("kind"),
        index.FilterField("access_level"),
        index.FilterField("owner_unit"),
        index.FilterField("owner_kelompok"),
        index.FilterField("year"),
        index.FilterField("asset_type"),
        index.FilterField("competency"),
        index.FilterField("delivery_model"),
        index.FilterField("tags"),
        index.FilterField("people"),
    ]

    objects = StockQuerySet.as_manager()

    class Meta:
        proxy = True
