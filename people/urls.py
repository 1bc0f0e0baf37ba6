from django.urls import path

from . import audit_views, views

app_name = "people"
urlpatterns = [
    path("", views.profil, name="profil"),
    path("sesi/keluar-lain/", views.end_other_sessions_view, name="end_other_sessions"),
    path("sesi/<int:pk>/keluar/", views.end_session_view, name="end_session"),
    path("audit-masuk/", audit_views.sign_in_audit, name="audit_masuk"),
]
