from django.urls import path

from .views import impact, maturity, monev

app_name = "evaluation"

urlpatterns = []

urlpatterns += [
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
]
