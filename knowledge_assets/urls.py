from django.urls import path

from . import offline, views
from .feeds import CatalogueFeed

app_name = "knowledge_assets"
urlpatterns = [
    path("feed/", CatalogueFeed(), name="feed"),
    path("tulis/", views.write, name="write"),
    path("dasbor/<slug:slug>/", views.dashboard, name="dashboard"),
    path("aset/<int:pk>/luring/", offline.asset_offline_manifest, name="offline_manifest"),
    path("aset/<int:pk>/nilai/", views.rate, name="rate"),
    path("aset/<int:pk>/komentar/", views.comment, name="comment"),
    path("aset/<int:pk>/terapkan/", views.apply, name="apply"),
    path("aset/<int:pk>/gambar/<int:image_pk>/", views.asset_image, name="image"),
]
