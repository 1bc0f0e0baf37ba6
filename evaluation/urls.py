from django.urls import path  # noqa: F401

from .views import behaviour

app_name = "evaluation"

urlpatterns = []

urlpatterns += [
    path("perilaku/", behaviour.task_list, name="behaviour_list"),
    path("perilaku/saya/", behaviour.mine, name="behaviour_mine"),
    path("perilaku/terlambat/", behaviour.overdue, name="behaviour_overdue"),
    path("perilaku/<int:pk>/", behaviour.task, name="behaviour_task"),
    path("perilaku/<int:pk>/laporan-diri/", behaviour.self_report, name="behaviour_self_report"),
]
