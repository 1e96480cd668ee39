"""The JSON form of the area profiles under /api/profil/."""

from django.urls import path

from . import api

app_name = "profil_api"

urlpatterns = [
    path("kabupaten/", api.KabupatenProfile.as_view(), name="kabupaten"),
    path("kecamatan/<str:kode>/", api.KecamatanProfile.as_view(), name="kecamatan"),
    path("desa/<str:kode>/", api.DesaProfile.as_view(), name="desa"),
]
