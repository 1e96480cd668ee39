from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TataruangConfig(AppConfig):
    name = "tataruang"
    verbose_name = _("Spatial planning")

    def ready(self):
        from core import indicators
        from core.collections import register

        from .collections import PlanProvider
        from .providers import ComplianceProvider

        register(PlanProvider())
        indicators.register(ComplianceProvider())
