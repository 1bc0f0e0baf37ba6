"""Mounted under /akun/2fa/: the only pages (with sign-out) a session owing a second factor may open."""

from django.urls import path

from . import views

app_name = "mfa"
urlpatterns = [
    path("verifikasi/", views.verify, name="verify"),
    path("daftar/", views.enrol, name="enrol"),
    path("kode-pemulihan/", views.recovery_codes, name="recovery_codes"),
    path("kode-pemulihan/baru/", views.regenerate, name="regenerate"),
    path("hapus/", views.remove, name="remove"),
]
