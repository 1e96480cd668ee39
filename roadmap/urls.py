"""The peta jalan JSON API under /api/peta-jalan/."""

from django.urls import path

from . import views

app_name = "roadmap"

urlpatterns = [
    path("program/", views.ProgramList.as_view(), name="program-list"),
    path("program/<str:kode>/", views.ProgramDetail.as_view(), name="program-detail"),
]
