from django.apps import AppConfig


class ProfilConfig(AppConfig):
    """Profiles and reports of the kabupaten, a kecamatan or a desa: every figure
    the other apps store for one area (indicators, layers, plan zones, LP2B,
    flood hazard, programme locations), as a page, a PDF and a standalone map."""

    name = "profil"
    verbose_name = "Profil wilayah"
