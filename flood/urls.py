"""The flood JSON API under /api/flood/: rasters (urls_rasters) and river gauges (urls_gauges)."""

from django.urls import include, path

app_name = "flood"

urlpatterns = [
    path("", include("flood.urls_rasters")),
    path("", include("flood.urls_gauges")),
]
