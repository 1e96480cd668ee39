"""The peta jalan JSON API under /api/peta-jalan/."""

from django.urls import path

from . import views, views_lokasi

app_name = "roadmap"

urlpatterns = [
    path("program/", views.ProgramList.as_view(), name="program-list"),
    path("program/<str:kode>/", views.ProgramDetail.as_view(), name="program-detail"),
    path("lokasi/", views_lokasi.LokasiCreate.as_view(), name="lokasi-create"),
    path("lokasi/unggah/", views_lokasi.LokasiUpload.as_view(), name="lokasi-upload"),
    path("lokasi/rawan-banjir/", views_lokasi.RawanBanjir.as_view(), name="lokasi-rawan-banjir"),
    path("lokasi/lp2b/", views_lokasi.DiLp2b.as_view(), name="lokasi-lp2b"),
    path("lokasi/tidak-sesuai/", views_lokasi.TidakSesuai.as_view(), name="lokasi-tidak-sesuai"),
    path("lokasi/<str:id>/", views_lokasi.LokasiDetail.as_view(), name="lokasi-detail"),
    path("lokasi/<str:id>/riwayat/", views_lokasi.LokasiRiwayatList.as_view(), name="lokasi-riwayat"),
    path("lokasi/<str:id>/overlay/", views_lokasi.LokasiOverlay.as_view(), name="lokasi-overlay"),
    path("lokasi/<str:id>/dokumen/", views_lokasi.DokumenCreate.as_view(), name="dokumen-create"),
    path("lokasi/<str:id>/dokumen/<str:dokumen_id>/", views_lokasi.DokumenDownload.as_view(), name="dokumen"),
    path("progres/", views_lokasi.Progres.as_view(), name="progres"),
]
