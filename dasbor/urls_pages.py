from django.urls import path

from . import pages

app_name = "dasbor_pages"

urlpatterns = [
    path("", pages.DashboardView.as_view(), name="index"),
]
