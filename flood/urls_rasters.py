"""/api/flood/rasters/..."""

from django.urls import path

from . import views_rasters as views

urlpatterns = [
    path("rasters/", views.RasterList.as_view(), name="raster-list"),
    path("rasters/uploads/<uuid:pk>/", views.RasterUploadDetail.as_view(), name="raster-upload-detail"),
    path("rasters/<int:pk>/", views.RasterDetail.as_view(), name="raster-detail"),
    path("rasters/<int:pk>/versions/<int:number>/", views.RasterVersionDetail.as_view(), name="raster-version"),
    path(
        "rasters/<int:pk>/versions/<int:number>/<str:action>/",
        views.RasterVersionAction.as_view(),
        name="raster-version-action",
    ),
    path("rasters/<int:pk>/tiles/<int:z>/<int:x>/<int:y>.png", views.RasterTile.as_view(), name="raster-tile"),
    path("rasters/<int:pk>/nilai/", views.RasterValue.as_view(), name="raster-nilai"),
    path("rasters/<int:pk>/statistik/", views.RasterStatistics.as_view(), name="raster-statistik"),
    path("rasters/<int:pk>/paparan/", views.RasterExposure.as_view(), name="raster-paparan"),
]
