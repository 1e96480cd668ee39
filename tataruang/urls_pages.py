"""HTML pages of tata ruang; the JSON API is in urls.py under /api/tataruang/,
the KKPR check page (/kkpr/) in urls_kkpr.py."""

from django.urls import path
from django.views.generic import RedirectView

from .views.pages import kesesuaian, lp2b, sumber

app_name = "tataruang_pages"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="tataruang_pages:kesesuaian"), name="index"),
    path("kesesuaian/", kesesuaian.kesesuaian, name="kesesuaian"),
    path("lp2b/", lp2b.lp2b, name="lp2b"),
    path("rencana/", sumber.RencanaList.as_view(), name="rencana"),
    path("rencana/baru/", sumber.SumberBaru.as_view(), name="rencana-baru"),
    path("rencana/<int:pk>/", sumber.SumberDetail.as_view(kind="rencana"), name="rencana-detail"),
    path("lahan/<int:pk>/", sumber.SumberDetail.as_view(kind="lahan"), name="lahan-detail"),
]
