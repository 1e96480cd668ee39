from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FloodConfig(AppConfig):
    """Flood risk (issue 14): hazard rasters, per-desa statistics, exposure, flood events and river gauges."""

    name = "flood"
    verbose_name = _("Flood risk")

    def ready(self):
        from layers import rules

        from .kejadian import RULE

        rules.register(RULE)
        from core import indicators

        from . import providers

        for provider in (
            providers.SettlementExposureProvider,
            providers.Lp2bExposureProvider,
            providers.SchoolExposureProvider,
        ):
            indicators.register(provider())
