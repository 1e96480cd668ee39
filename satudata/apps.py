from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatudataConfig(AppConfig):
    """Satu Data Indonesia (Perpres 39/2019): the indicators as open tables with
    their data dictionary, a DCAT catalogue of layers and indicators, and ISO
    19139 metadata per layer, for the kabupaten's Satu Data portal to harvest."""

    name = "satudata"
    verbose_name = _("Satu Data")
