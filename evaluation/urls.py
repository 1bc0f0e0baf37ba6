from django.urls import path

from .views import behaviour
from .views import report as report_views

app_name = "evaluation"

urlpatterns = [
    path("perilaku/", behaviour.task_list, name="behaviour_list"),
    path("perilaku/saya/", behaviour.mine, name="behaviour_mine"),
    path("perilaku/terlambat/", behaviour.overdue, name="behaviour_overdue"),
    path("perilaku/<int:pk>/", behaviour.task, name="behaviour_task"),
    path("perilaku/<int:pk>/laporan-diri/", behaviour.self_report, name="behaviour_self_report"),
    path("laporan/", report_views.laporan, name="reports"),
    path("laporan/<int:pk>/", report_views.laporan_detail, name="report"),
    path("laporan/<int:pk>/<str:fmt>/", report_views.laporan_unduh, name="report_file"),
]
