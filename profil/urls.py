"""Profiles and reports of the kabupaten, a kecamatan and a desa under /wilayah/."""

from django.urls import path

from . import views

app_name = "profil"

urlpatterns = [
    path("kabupaten/", views.profile_page, {"level": "kabupaten"}, name="kabupaten"),
    path("kabupaten/laporan.pdf", views.report_pdf, {"level": "kabupaten"}, name="kabupaten-laporan"),
    path("kabupaten/peta.html", views.map_html, {"level": "kabupaten"}, name="kabupaten-peta"),
]
for level in ("kecamatan", "desa"):
    urlpatterns += [
        path(f"{level}/<str:kode>/", views.profile_page, {"level": level}, name=level),
        path(f"{level}/<str:kode>/laporan.pdf", views.report_pdf, {"level": level}, name=f"{level}-laporan"),
        path(f"{level}/<str:kode>/peta.html", views.map_html, {"level": level}, name=f"{level}-peta"),
    ]
