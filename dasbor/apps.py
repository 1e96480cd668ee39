from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DasborConfig(AppConfig):
    """The indicator dashboard (/dasbor/) and the indicator API (/api/indikator/),
    both reading the registry of core.indicators."""

    name = "dasbor"
    verbose_name = _("Indicator dashboard")
