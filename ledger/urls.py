from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.saya, name="saya"),
    path("ajukan/", views.ajukan, name="ajukan"),
    path("ajukan/perkiraan/", views.perkiraan, name="perkiraan"),
    path("bukti/<int:pk>/", views.bukti, name="bukti"),
    path("entri/<int:pk>/", views.entri, name="entri"),
    path("verifikasi/", views.verifikasi, name="verifikasi"),
    path("unduh/<str:name>", views.unduh, name="unduh"),
    path("dasbor/", views.dasbor, name="dasbor"),
    path("dasbor/ekspor.<str:fmt>", views.dasbor_ekspor, name="dasbor_ekspor"),
    path("myasn/", views.myasn_ekspor, name="myasn_ekspor"),
    path("myasn/tandai/", views.myasn_tandai, name="myasn_tandai"),
]
