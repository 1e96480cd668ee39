"""The catalogue's indicator in the registry of core.indicators: integration of sectoral layers (L-5)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Provider, Value
from wilayah.levels import wilayah_names

from . import services
from .models import Layer


class IntegrationProvider(Provider):
    """Published expected layers / expected layers (percent), kabupaten, with one
    breakdown per OPD; the catalogue's state today, so one period: this year."""

    indicator = Indicator(
        kode="integrasi-layer",
        nama=_("Integration of sectoral layers into the WebSIG"),
        satuan="persen",
        produsen="DTRB",
        levels=("kabupaten",),
        program="L-5",
        deskripsi=_(
            "Expected sectoral layers (the catalogue of data/katalog_layer.csv) with a published "
            "version, divided by all expected layers, in percent, overall and per OPD; the "
            "catalogue's state today. Targets from programme L-5 of the peta jalan."
        ),
        url_name="layer_pages:katalog",
        order=10,
    )

    def values(self, level, kode=None, periode=None):
        year = str(timezone.localdate().year)
        names = wilayah_names(level, kode)
        if (periode is not None and str(periode) != year) or not names:
            return []
        (kab, nama), *_rest = names.items()
        found = services.integration_indicator()
        chosen = next((t for t in found["targets"] if str(t["tahun"]) == year), None)
        target = chosen["persen"] if chosen else None
        # L-5's ">80%" is exceeded, not reached (services.integration_targets: "strict").
        pembanding = ">" if chosen and chosen["strict"] else ">="
        page = reverse("layer_pages:katalog")
        sample = Layer.objects.published().filter(expected__isnull=False, is_sample=True).exists()
        base = {
            "indikator": self.indicator.kode,
            "level": level,
            "kode": kab,
            "nama": nama,
            "periode": year,
            "is_sample": sample,
            "pembanding": pembanding,
        }
        rows = [Value(**base, nilai=found["percent"], target=target, sumber=f"katalog:{year}", url=page)]
        rows += [
            Value(
                **base,
                nilai=opd["percent"],
                target=target,
                sumber=f"katalog:{year}",
                url=page,
                rincian=f"opd:{opd['opd']}",
                rincian_nama=opd["singkatan"],
            )
            for opd in found["per_opd"]
        ]
        return rows
