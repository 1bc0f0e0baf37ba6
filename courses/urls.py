from django.urls import path

from . import certificate_views, facilitator, h5p_offline, offline_views, views
from .scorm import views as scorm

app_name = "courses"
urlpatterns = [
    path("<int:course_id>/daftar/", views.enrol, name="enrol"),
    path("<int:course_id>/luring/", offline_views.course_offline_manifest, name="offline_manifest"),
    path("pelajaran/<int:lesson_id>/selesai/", views.complete_lesson, name="complete_lesson"),
    path("pelajaran/<int:lesson_id>/kuis/<str:block_id>/", views.submit_quiz, name="submit_quiz"),
    path("pelajaran/<int:lesson_id>/tugas/<str:block_id>/", views.submit_assignment, name="submit_assignment"),
    path("<int:course_id>/survei/", views.survey, name="survey"),
    path("<int:course_id>/fasilitator/", facilitator.dashboard, name="facilitator"),
    path("<int:course_id>/fasilitator/ekspor.xlsx", facilitator.export_xlsx, name="facilitator_export"),
    path("tugas/<int:submission_id>/berkas/", facilitator.submission_file, name="submission_file"),
    path("<int:course_id>/luring/h5p/", h5p_offline.course_urls, name="h5p_offline_urls"),
    path("h5p/sw.js", h5p_offline.worker, name="h5p_worker"),
    path("h5p/luring/", h5p_offline.helper, name="h5p_offline"),
    path("h5p/<int:activity_id>/xapi/", views.h5p_xapi, name="h5p_xapi"),
    path("h5p/<int:activity_id>/status/", views.h5p_state, name="h5p_state"),
    path("h5p/<int:activity_id>/<str:token>/", views.h5p_frame, name="h5p_frame"),
    path("h5p/<int:activity_id>/<str:token>/<path:path>", views.h5p_file, name="h5p_file"),
    path("scorm/<int:package_id>/cmi/", scorm.scorm_cmi, name="scorm_cmi"),
    path("scorm/<int:package_id>/<str:token>/", scorm.scorm_frame, name="scorm_frame"),
    path("scorm/<int:package_id>/<str:token>/<path:path>", scorm.scorm_file, name="scorm_file"),
    path("sertifikat-saya/", certificate_views.my_certificates, name="my_certificates"),
    path("sertifikat/kelola/", certificate_views.manage_certificates, name="manage_certificates"),
    path("sertifikat/<str:code>.pdf", certificate_views.certificate_download, name="certificate_pdf"),
    path("sertifikat/<str:code>/cabut/", certificate_views.revoke_certificate, name="revoke_certificate"),
    path("sertifikat/<str:code>/terbitkan-ulang/", certificate_views.reissue_certificate, name="reissue_certificate"),
]
