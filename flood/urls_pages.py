"""HTML pages of the flood module under /banjir/."""

from django.urls import path

from .pages_rasters import HazardStatisticsView, RasterUploadWizardView

app_name = "flood_pages"

urlpatterns = [
    path("", HazardStatisticsView.as_view(), name="statistik"),
    path("unggah/", RasterUploadWizardView.as_view(), name="raster-unggah"),
]
