"""HTML pages of the user's account; the token API is in akun/urls.py."""

from django.urls import path

from . import pages

app_name = "akun_pages"

urlpatterns = [
    path("akun/profil/", pages.profil, name="profil"),
]
