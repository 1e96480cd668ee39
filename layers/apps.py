from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = _("Sectoral layers")

    def ready(self):
        from core.collections import register

        from .collections import LayerProvider

        register(LayerProvider())
        from core import indicators

        from .providers import IntegrationProvider

        indicators.register(IntegrationProvider())
        from . import exports, partitions  # noqa: F401  (signal receivers)
