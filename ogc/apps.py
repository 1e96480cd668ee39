from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OgcConfig(AppConfig):
    """OGC API - Features and Tiles over the collections apps register in core.collections."""

    name = "ogc"
    verbose_name = _("OGC API")

    def ready(self):
        from . import tilesets

        tilesets.register()
