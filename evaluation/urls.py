from django.urls import path  # noqa: F401

app_name = "evaluation"

urlpatterns = []

from .views import report as report_views  # noqa: E402

urlpatterns += [
    path("laporan/", report_views.laporan, name="reports"),
    path("laporan/<int:pk>/", report_views.laporan_detail, name="report"),
    path("laporan/<int:pk>/<str:fmt>/", report_views.laporan_unduh, name="report_file"),
]
