from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TataruangConfig(AppConfig):
    name = "tataruang"
    verbose_name = _("Spatial planning")

    def ready(self):
        from core import indicators
        from core.collections import register

        from . import providers
        from .collections import PlanProvider

        register(PlanProvider())
        for provider in (
            providers.ComplianceProvider,
            providers.Lp2bAreaProvider,
            providers.Lp2bConversionProvider,
            providers.RdtrSyncProvider,
            providers.RthShareProvider,
        ):
            indicators.register(provider())
