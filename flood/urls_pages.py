"""HTML pages of the flood module under /banjir/."""

from django.urls import path

from .pages_rasters import RasterUploadWizardView

app_name = "flood_pages"

urlpatterns = [
    path("unggah/", RasterUploadWizardView.as_view(), name="raster-unggah"),
]
