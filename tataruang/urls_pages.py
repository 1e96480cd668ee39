"""HTML pages of tata ruang; the JSON API is in urls.py under /api/tataruang/."""

from django.urls import path
from django.views.generic import RedirectView

from . import pages

app_name = "tataruang_pages"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="tataruang_pages:kesesuaian"), name="index"),
    path("kesesuaian/", pages.kesesuaian, name="kesesuaian"),
    path("lp2b/", pages.lp2b, name="lp2b"),
    path("rencana/", pages.RencanaList.as_view(), name="rencana"),
    path("rencana/<int:pk>/", pages.SumberDetail.as_view(kind="rencana"), name="rencana-detail"),
    path("lahan/<int:pk>/", pages.SumberDetail.as_view(kind="lahan"), name="lahan-detail"),
]
