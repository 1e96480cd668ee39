from django.urls import path

from . import views

app_name = "akun"

urlpatterns = [
    path("tokens/", views.TokenList.as_view(), name="token-list"),
    path("tokens/<int:pk>/", views.TokenDetail.as_view(), name="token-detail"),
]
