"""HTML pages of the peta jalan under /peta-jalan/."""

from django.urls import path

from . import pages

app_name = "roadmap_pages"

urlpatterns = [
    path("", pages.PetaJalanView.as_view(), name="index"),
    path("program/<str:kode>/", pages.ProgramView.as_view(), name="program"),
]
