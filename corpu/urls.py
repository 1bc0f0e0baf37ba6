from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from courses import views as course_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumen/", include(wagtaildocs_urls)),
    path("akun/", include("django.contrib.auth.urls")),
    path("profil/", include("people.urls")),
    path("jp/", include("ledger.urls")),
    path("pengetahuan/", include("knowledge_assets.urls")),
    path("kursus/", include("courses.urls")),
    path("cari/", include("search.urls")),
    path("komunitas/", include("communities.urls")),
    path("sertifikat/<str:code>/", course_views.verify_certificate, name="verify_certificate"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only image renditions are public files; documents always go through the access-checked /dokumen/ view.
    urlpatterns += static(settings.MEDIA_URL + "images/", document_root=settings.MEDIA_ROOT / "images")

urlpatterns += [path("", include(wagtail_urls))]
