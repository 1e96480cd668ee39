"""The catalogue's indicator in the registry of core.indicators: integration of sectoral layers (L-5)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Provider, Value
from wilayah.levels import wilayah_names

from . import services
from .models import Layer


class IntegrationProvider(Provider):
    """Integrated expected layers / expected layers (percent), kabupaten, with one
    breakdown per OPD, one period per year: from the year of the first
    publication of an expected layer's version to this year. A past year is the
    catalogue's state at its end (services.integration_indicator ``as_of``),
    read from the versions' publication times; this year is the state now. It is
    computed on each call (a few queries), so a new publication shows at once."""

    indicator = Indicator(
        kode="integrasi-layer",
        nama=_("Integration of sectoral layers into the WebSIG"),
        satuan="persen",
        produsen="DTRB",
        levels=("kabupaten",),
        program="L-5",
        deskripsi=_(
            "Expected sectoral layers (the catalogue of data/katalog_layer.csv) with a published "
            "version, divided by all expected layers, in percent, overall and per OPD. This year is "
            "the catalogue's state today; a past year is its state at the end of that year, from the "
            "dates the versions were published. Targets from programme L-5 of the peta jalan."
        ),
        url_name="layer_pages:katalog",
        order=10,
    )

    def values(self, level, kode=None, periode=None):
        names = wilayah_names(level, kode)
        if not names:
            return []
        (kab, nama), *_rest = names.items()
        years = services.integration_years()
        if periode is not None:
            years = [y for y in years if str(y) == str(periode)]
        this_year = timezone.localdate().year
        page = reverse("layer_pages:katalog")
        rows = []
        for year in years:
            as_of = None if year == this_year else services.year_end(year)
            base = {"indikator": self.indicator.kode, "level": level, "kode": kab, "nama": nama, "url": page}
            rows += self._year_rows(base, year, as_of)
        return rows

    def _year_rows(self, base, year, as_of):
        """The kabupaten's row and one per OPD for ``year``, the state at ``as_of`` (None: now)."""
        found = services.integration_indicator(as_of=as_of)
        chosen = next((t for t in found["targets"] if str(t["tahun"]) == str(year)), None)
        if as_of is None:
            sample = Layer.objects.published().filter(expected__isnull=False, is_sample=True).exists()
        else:
            sample = services.integrated_versions(as_of).filter(layer__is_sample=True).exists()
        base = {
            **base,
            "periode": str(year),
            "is_sample": sample,
            "target": chosen["persen"] if chosen else None,
            # L-5's ">80%" is exceeded, not reached (services.integration_targets: "strict").
            "pembanding": ">" if chosen and chosen["strict"] else ">=",
            "sumber": f"katalog:{year}",
        }
        rows = [Value(**base, nilai=found["percent"])]
        rows += [
            Value(**base, nilai=opd["percent"], rincian=f"opd:{opd['opd']}", rincian_nama=opd["singkatan"])
            for opd in found["per_opd"]
        ]
        return rows
