from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("api/", views.search_api, name="api"),
    path("klik/<int:query_id>/<int:document_id>/", views.click, name="click"),
    path("analitik/", views.analytics, name="analytics"),
    path("analitik/tanpa-hasil.csv", views.zero_results_csv, name="zero_results_csv"),
]
