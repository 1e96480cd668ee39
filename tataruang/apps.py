from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TataruangConfig(AppConfig):
    name = "tataruang"
    verbose_name = _("Spatial planning")

    def ready(self):
        from core.collections import register

        from .collections import PlanProvider

        register(PlanProvider())
