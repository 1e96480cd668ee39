from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView

from akun.pages import ThrottledPasswordResetView

from . import views

urlpatterns = [
    path("", views.PetaView.as_view(), name="peta"),
    path("tentang/", views.TentangView.as_view(), name="tentang"),
    path("", include("tataruang.urls_kkpr")),
    path("masuk/", auth_views.LoginView.as_view(template_name="akun/masuk.html"), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("akun/reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("akun/reset/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "akun/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("akun/reset/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("websig-config.js", views.websig_config_script, name="websig-config"),
    path("admin/", admin.site.urls),
    path("", include("layers.urls_pages")),
    path("", include("layers.urls_editor")),
    path("", include("akun.urls_pages")),
    path("tata-ruang/", include("tataruang.urls_pages")),
    path("api/wilayah/", include("wilayah.urls")),
    path("api/indikator/", include("dasbor.urls")),
    path("api/", include("layers.urls")),
    path("api/akun/", include("akun.urls")),
    path("api/tataruang/", include("tataruang.urls")),
    path("api/flood/", include("flood.urls")),
    path("banjir/", include("flood.urls_pages")),
    path("api/peta-jalan/", include("roadmap.urls")),
    path("peta-jalan/", include("roadmap.urls_pages")),
    path("dasbor/", include("dasbor.urls_pages")),
    path("ogc/", include("ogc.urls")),
    path("", include("satudata.urls")),
    path("wilayah/", include("profil.urls")),
    path("api/profil/", include("profil.urls_api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script, so CSP holds.
    path("api/docs/", views.ApiDocsView.as_view(url_name="schema"), name="api-docs"),
]

handler400 = "webgis.views.bad_request"
handler403 = "webgis.views.permission_denied"
handler404 = "webgis.views.not_found"
handler500 = "webgis.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
