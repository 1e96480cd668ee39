from django.urls import path

from . import views

app_name = "dasbor"

urlpatterns = [
    path("", views.IndicatorValues.as_view(), name="indikator"),
    path("definisi/", views.IndicatorDefinitions.as_view(), name="indikator-definisi"),
]
