"""Satu Data: /satu-data/ (indicator tables and their dictionary) and the
catalogue documents under /katalog/ (beside the catalogue page)."""

from django.urls import path

from . import views

app_name = "satudata"

urlpatterns = [
    path("satu-data/indikator.csv", views.IndicatorCsv.as_view(), name="indikator-csv"),
    path("satu-data/indikator.json", views.IndicatorJson.as_view(), name="indikator-json"),
    path("satu-data/kamus-data.json", views.DataDictionary.as_view(), name="kamus-data"),
    path("katalog/dcat.json", views.DcatCatalogue.as_view(), name="dcat"),
    path("katalog/<slug:slug>/iso19139.xml", views.LayerIso19139.as_view(), name="iso19139"),
]
