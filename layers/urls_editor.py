"""HTML pages of the feature editor and the edit history (writes go through /api/)."""

from django.urls import path

from .views import editor_pages

app_name = "editor"

urlpatterns = [
    path("editor/", editor_pages.editor_index, name="index"),
    path("editor/<slug:slug>/", editor_pages.editor_layer, name="layer"),
    path("editor/<slug:slug>/riwayat/", editor_pages.layer_changes, name="layer-changes"),
    path("editor/<slug:slug>/fitur/<int:pk>/riwayat/", editor_pages.feature_history, name="feature-history"),
]
