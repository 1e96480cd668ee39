from django.urls import path

from . import views
from .models import LandUse, Plan
from .rdtr import PlanZones

app_name = "tataruang"

urlpatterns = [
    path("rencana/", views.SourceList.as_view(model=Plan), name="plan-list"),
    path("rencana/<int:pk>/", views.SourceDetail.as_view(model=Plan), name="plan-detail"),
    path("rencana/<int:pk>/aktifkan/", views.SourceActivate.as_view(model=Plan), name="plan-activate"),
    path("rencana/<int:pk>/zona/", PlanZones.as_view(), name="plan-zones"),
    path("lahan/", views.SourceList.as_view(model=LandUse), name="landuse-list"),
    path("lahan/<int:pk>/", views.SourceDetail.as_view(model=LandUse), name="landuse-detail"),
    path("lahan/<int:pk>/aktifkan/", views.SourceActivate.as_view(model=LandUse), name="landuse-activate"),
    path("kelas/", views.PlanClassList.as_view(), name="class-list"),
    path("kegiatan/", views.ActivityList.as_view(), name="activity-list"),
    path("itbx/", views.ItbxImport.as_view(), name="itbx-import"),
    path("kkpr/", views.KkprCheck.as_view(), name="kkpr"),
    path("lp2b/", views.Lp2bAreas.as_view(), name="lp2b"),
    path("lp2b/alih-fungsi/", views.Lp2bConversion.as_view(), name="lp2b-conversion"),
    path("lp2b/alih-fungsi/bidang/", views.Lp2bConversionPieces.as_view(), name="lp2b-conversion-pieces"),
    path("sinkronisasi-rdtr/", views.RdtrSync.as_view(), name="rdtr-sync"),
    path("kkpr/pdf/", views.KkprPdf.as_view(), name="kkpr-pdf"),
    path("kesesuaian/", views.RunList.as_view(), name="run-list"),
    path("kesesuaian/<str:pk>/", views.RunDetail.as_view(), name="run-detail"),
    path("kesesuaian/<str:pk>/hasil/", views.RunResults.as_view(), name="run-results"),
    path("kesesuaian/<str:pk>/tidak-sesuai/", views.RunIssues.as_view(), name="run-issues"),
]
