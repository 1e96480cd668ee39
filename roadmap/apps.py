from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Smart city roadmap")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.collections import register

        from .collections import RoadmapProvider

        register(RoadmapProvider())
        from core import indicators

        from .providers import RoadmapProgressProvider

        indicators.register(RoadmapProgressProvider())

        from . import flood_overlay, overlays

        overlays.register("bahaya_banjir", flood_overlay.bahaya_banjir)
