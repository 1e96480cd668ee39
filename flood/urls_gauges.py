"""/api/flood/pos/...: river gauges (pos duga air) and their readings; /api/flood/kejadian/: flood events per desa."""

from django.urls import path

from . import views_gauges, views_kejadian

urlpatterns = [
    path("kejadian/", views_kejadian.KejadianPerDesa.as_view(), name="kejadian-per-desa"),
    path("pos/", views_gauges.PosList.as_view(), name="pos-list"),
    path("pos/siaga/", views_gauges.PosInAlert.as_view(), name="pos-siaga"),
    path("pos/<slug:kode>/", views_gauges.PosDetail.as_view(), name="pos-detail"),
    path("pos/<slug:kode>/bacaan/", views_gauges.PosReadings.as_view(), name="pos-bacaan"),
]
