from django.urls import path

from . import views

app_name = "wilayah"

urlpatterns = [
    path("kecamatan/", views.KecamatanList.as_view(), name="kecamatan-list"),
    path("kecamatan/<str:kode>/", views.KecamatanDetail.as_view(), name="kecamatan-detail"),
    path("desa/", views.DesaList.as_view(), name="desa-list"),
    path("desa/<str:kode>/", views.DesaDetail.as_view(), name="desa-detail"),
    path("lookup/", views.Lookup.as_view(), name="lookup"),
]
