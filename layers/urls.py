from django.urls import path

from . import views
from .views import downloads, reference

app_name = "layers"

urlpatterns = [
    path("layers/", views.LayerList.as_view(), name="layer-list"),
    path("layers/<slug:slug>/", views.LayerDetail.as_view(), name="layer-detail"),
    path("layers/<slug:slug>/features/", views.LayerFeatures.as_view(), name="layer-features"),
    path("layers/<slug:slug>/download/<str:fmt>/", downloads.LayerDownload.as_view(), name="layer-download"),
    path(
        "layers/<slug:slug>/versions/<int:number>/<str:action>/",
        views.VersionAction.as_view(),
        name="version-action",
    ),
    path("uploads/", views.UploadCreate.as_view(), name="upload-create"),
    path("uploads/<uuid:pk>/", views.UploadDetail.as_view(), name="upload-detail"),
    path("opd/", reference.OpdList.as_view(), name="opd-list"),
    path("crs/", reference.CrsSearch.as_view(), name="crs-search"),
    path("indikator/integrasi/", views.IntegrationIndicator.as_view(), name="integration-indicator"),
]
