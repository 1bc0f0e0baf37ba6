from django.urls import path

from .views import calendar, clo, downloads, employee, forums, kelompok, programmes, rpl, supervisor

app_name = "planning"
urlpatterns = [
    path("", employee.home, name="home"),
    path("rpl/", rpl.mine, name="rpl"),
    path("rpl/penilaian/", rpl.assessment_queue, name="rpl_assess"),
    path("rpl/keputusan/", rpl.decision_queue, name="rpl_decide"),
    path("rpl/<int:pk>/", rpl.detail, name="rpl_detail"),
    path("rpl/<int:pk>/bukti/<int:file_pk>/", rpl.evidence, name="rpl_evidence"),
    path("penilaian/", employee.self_assessment, name="assessment"),
    path("susun/", employee.open_plan, name="open"),
    path("forum/", forums.forum_list, name="forums"),
    path("forum/<int:pk>/", forums.forum_detail, name="forum"),
    path("program/", programmes.programme_list, name="programmes"),
    path("program/<int:pk>/", programmes.programme_detail, name="programme"),
    path("program/<int:pk>/kursus-draf/", programmes.draft_course, name="programme_draft_course"),
    path("program/<int:pk>/undangan/", programmes.respond, name="programme_respond"),
    path("kalender/", calendar.calendar_page, name="calendar"),
    path("kalender/<str:token>.ics", calendar.feed, name="feed"),
    path("<int:pk>/", employee.plan, name="plan"),
    path("<int:pk>/b/<str:code>/", employee.basis, name="basis"),
    path("<int:pk>/c/baru/", employee.row_form, name="row_add"),
    path("<int:pk>/c/<int:row_pk>/", employee.row_form, name="row_edit"),
    path("<int:pk>/c/<int:row_pk>/hapus/", employee.row_delete, name="row_delete"),
    path("<int:pk>/jp/<int:row_pk>/tautkan/", employee.row_link, name="row_link"),
    path("<int:pk>/jp/<int:row_pk>/lepas/", employee.row_unlink, name="row_unlink"),
    path("<int:pk>/triwulan/", supervisor.follow_up, name="follow_up"),
    path("<int:pk>/<str:action>/", employee.step, name="step"),
    path("<int:pk>/formulir1.<str:fmt>", downloads.formulir1, name="formulir1"),
    path("dialog/", supervisor.staff_plans, name="staff"),
    path("verifikasi/", kelompok.verify, name="verify"),
    path("verifikasi/formulir2.xlsx", downloads.formulir2_kelompok, name="formulir2_kelompok"),
    path("rekap/", clo.recap_page, name="recap"),
    path("rekap/formulir2.xlsx", downloads.formulir2_clo, name="formulir2_clo"),
]
