"""HTML pages of the sectoral layers (L.1.5); the JSON API is in urls.py under /api/."""

from django.urls import path

from .views import pages

app_name = "layer_pages"

urlpatterns = [
    path("unggah/", pages.UploadWizardView.as_view(), name="unggah"),
    path("layers/<slug:slug>/", pages.layer_page, name="layer"),
    path("review/", pages.ReviewQueueView.as_view(), name="review"),
    path("katalog/", pages.KatalogView.as_view(), name="katalog"),
]
