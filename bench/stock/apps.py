from django.apps import AppConfig


class StockSearchConfig(AppConfig):
    name = "bench.stock"
    label = "bench_stock"
    verbose_name = "Stock Wagtail search (benchmark)"
