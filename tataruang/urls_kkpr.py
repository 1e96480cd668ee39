"""The page of the indicative KKPR check, at the site's top level (/kkpr/,
un-namespaced name "kkpr"): the public reaches it from the main menu, not
under /tata-ruang/. Included at "" by webgis/urls.py."""

from django.urls import path

from .views.pages.kkpr import KkprPage

urlpatterns = [
    path("kkpr/", KkprPage.as_view(), name="kkpr"),
]
