from django.urls import path

from . import views
from .views import downloads, editing, reference, styles, table

app_name = "layers"

urlpatterns = [
    path("layers/", views.LayerList.as_view(), name="layer-list"),
    path("layers/<slug:slug>/", views.LayerDetail.as_view(), name="layer-detail"),
    path("layers/<slug:slug>/features/", editing.FeatureCollection.as_view(), name="layer-features"),
    path("layers/<slug:slug>/features/bulk/", editing.FeatureBulk.as_view(), name="feature-bulk"),
    path("layers/<slug:slug>/features/<int:pk>/", editing.FeatureDetail.as_view(), name="feature-detail"),
    path("layers/<slug:slug>/features/<int:pk>/history/", editing.FeatureHistory.as_view(), name="feature-history"),
    path("layers/<slug:slug>/features/<int:pk>/revert/", editing.FeatureRevert.as_view(), name="feature-revert"),
    path("layers/<slug:slug>/tabel/", table.AttributeTable.as_view(), name="layer-table"),
    path("layers/<slug:slug>/gaya/", styles.LayerStyle.as_view(), name="layer-style"),
    path("layers/<slug:slug>/gaya/kelas/", styles.LayerStyleClasses.as_view(), name="layer-style-classes"),
    path("layers/<slug:slug>/changes/", editing.LayerChanges.as_view(), name="layer-changes"),
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
