from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from corpu import images
from corpu import offline as corpu_offline
from corpu.admin_access import page_types_usage_urls
from corpu.views import favicon
from courses import certificate_views
from people import home as people_home
from people import sso
from people import views as people_views
from people.forms import RecipientLanguagePasswordResetForm

urlpatterns = [
    path("favicon.ico", favicon),
    path("manifest.webmanifest", corpu_offline.web_manifest, name="web_manifest"),
    path("sw.js", corpu_offline.service_worker, name="service_worker"),
    path("luring/", corpu_offline.offline_page, name="offline_page"),
    path("django-admin/", admin.site.urls),
    path("admin/gambar/<int:pk>/", images.admin_rendition, name="admin_image_rendition"),
    *page_types_usage_urls(),  # before Wagtail's own: counts and titles of visible pages only
    path("admin/", include(wagtailadmin_urls)),
    path("dokumen/", include(wagtaildocs_urls)),
    path("akun/login/", people_views.sign_in, name="login"),
    path(
        "akun/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=RecipientLanguagePasswordResetForm),
        name="password_reset",
    ),
    path("akun/2fa/", include("people.mfa.urls")),
    path("akun/logout/", sso.SignOutView.as_view(), name="logout"),
    path(
        "akun/password_change/",
        people_views.EndingOtherSessionsPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "akun/reset/<uidb64>/<token>/",
        people_views.EndingSessionsPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("akun/", include("django.contrib.auth.urls")),
    path("sso/masuk/", sso.SsoStartView.as_view(), name="sso_start"),
    path("sso/callback/", sso.SsoCallbackView.as_view(), name="sso_callback"),
    path("beranda/", people_home.beranda, name="beranda"),
    path("profil/", include("people.urls")),
    path("jp/", include("ledger.urls")),
    path("idp/", include("planning.urls")),
    path("evaluasi/", include("evaluation.urls")),
    path("pengetahuan/", include("knowledge_assets.urls")),
    path("kursus/", include("courses.urls")),
    path("cari/", include("search.urls")),
    path("komunitas/", include("communities.urls")),
    path("sertifikat/<str:code>/", certificate_views.verify_certificate, name="verify_certificate"),
    path("halaman/<int:pk>/gambar/<int:image_pk>/", images.info_page_image, name="info_page_image"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap),
]

urlpatterns += [path("", include(wagtail_urls))]
