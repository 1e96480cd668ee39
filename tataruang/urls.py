from django.urls import path

from .models import LandUse, Plan
from .views import candidates, classes, itbx, kkpr, lp2b, runs, sources, zones

app_name = "tataruang"

urlpatterns = [
    path("rencana/", sources.SourceList.as_view(model=Plan), name="plan-list"),
    path("rencana/<int:pk>/", sources.SourceDetail.as_view(model=Plan), name="plan-detail"),
    path("rencana/<int:pk>/aktifkan/", sources.SourceActivate.as_view(model=Plan), name="plan-activate"),
    path("rencana/<int:pk>/zona/", zones.PlanZones.as_view(), name="plan-zones"),
    path("rencana/<int:pk>/tumpang-tindih/", sources.SourceOverlaps.as_view(model=Plan), name="plan-overlaps"),
    path("lahan/", sources.SourceList.as_view(model=LandUse), name="landuse-list"),
    path("lahan/<int:pk>/", sources.SourceDetail.as_view(model=LandUse), name="landuse-detail"),
    path("lahan/<int:pk>/aktifkan/", sources.SourceActivate.as_view(model=LandUse), name="landuse-activate"),
    path("lahan/<int:pk>/tumpang-tindih/", sources.SourceOverlaps.as_view(model=LandUse), name="landuse-overlaps"),
    path("calon/", candidates.CandidateLayers.as_view(), name="candidate-list"),
    path("calon/<slug:slug>/kolom/", candidates.CandidateColumns.as_view(), name="candidate-columns"),
    path("calon/<slug:slug>/nilai/", candidates.CandidateValues.as_view(), name="candidate-values"),
    path("kelas/", classes.PlanClassList.as_view(), name="class-list"),
    path("kegiatan/", classes.ActivityList.as_view(), name="activity-list"),
    path("itbx/", itbx.ItbxImport.as_view(), name="itbx-import"),
    path("kkpr/", kkpr.KkprCheck.as_view(), name="kkpr"),
    path("lp2b/", lp2b.Lp2bAreas.as_view(), name="lp2b"),
    path("lp2b/alih-fungsi/", lp2b.Lp2bConversion.as_view(), name="lp2b-conversion"),
    path("lp2b/alih-fungsi/bidang/", lp2b.Lp2bConversionPieces.as_view(), name="lp2b-conversion-pieces"),
    path("sinkronisasi-rdtr/", lp2b.RdtrSync.as_view(), name="rdtr-sync"),
    path("kkpr/pdf/", kkpr.KkprPdf.as_view(), name="kkpr-pdf"),
    path("kkpr/titik/", kkpr.KkprTitik.as_view(), name="kkpr-titik"),
    path("kkpr/persil/", kkpr.KkprPersil.as_view(), name="kkpr-persil"),
    path("kesesuaian/", runs.RunList.as_view(), name="run-list"),
    path("kesesuaian/<str:pk>/", runs.RunDetail.as_view(), name="run-detail"),
    path("kesesuaian/<str:pk>/hasil/", runs.RunResults.as_view(), name="run-results"),
    path("kesesuaian/<str:pk>/tidak-sesuai/", runs.RunIssues.as_view(), name="run-issues"),
]
