from django.urls import path

from .views import behaviour, home, impact, learning, maturity, monev, reaction
from .views import report as report_views

app_name = "evaluation"

urlpatterns = [
    path("", home.home, name="home"),
    path("perilaku/", behaviour.task_list, name="behaviour_list"),
    path("perilaku/saya/", behaviour.mine, name="behaviour_mine"),
    path("perilaku/terlambat/", behaviour.overdue, name="behaviour_overdue"),
    path("perilaku/<int:pk>/", behaviour.task, name="behaviour_task"),
    path("perilaku/<int:pk>/laporan-diri/", behaviour.self_report, name="behaviour_self_report"),
    path("dampak/", impact.programme_list, name="impact_list"),
    path("dampak/program/<int:pk>/", impact.sheet, name="impact_sheet"),
    path("dampak/program/<int:pk>/xlsx/", impact.sheet_xlsx, name="impact_sheet_xlsx"),
    path("dampak/bukti/<int:pk>/", impact.evidence, name="impact_evidence"),
    path("kematangan/", maturity.overview, name="maturity"),
    path("kematangan/mulai/", maturity.start, name="maturity_start"),
    path("kematangan/<int:year>/", maturity.assessment, name="maturity_year"),
    path("kematangan/bukti/<int:pk>/", maturity.evidence, name="maturity_evidence"),
    path("monev/", monev.year_list, name="monev"),
    path("monev/<int:unit_pk>/<int:year>/", monev.record, name="monev_record"),
    path("reaksi/saya/", reaction.mine, name="reaction_mine"),
    path("reaksi/<str:kind>/<int:pk>/", reaction.results, name="reaction_results"),
    path("reaksi/<str:kind>/<int:pk>/isi/", reaction.answer, name="reaction_answer"),
    path("pembelajaran/kursus/<int:course_id>/", learning.course, name="learning_course"),
    path("laporan/", report_views.laporan, name="reports"),
    path("laporan/<int:pk>/", report_views.laporan_detail, name="report"),
    path("laporan/<int:pk>/<str:fmt>/", report_views.laporan_unduh, name="report_file"),
]
