"""/dasbor/: every registered indicator (core.indicators) beside its target and
year, its trend over the stored periods, and a choropleth per kecamatan or desa;
filtered by kecamatan (``?kecamatan=36.03.28``) and year (``?tahun=2025``).

The figures are rendered by the server from the stored values, so the page reads
without JavaScript; the script formats the numbers, draws the trends (uPlot) and
the map from /api/indikator/ (the same values).
"""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core import indicators
from core.params import whole_number
from wilayah.models import Kabupaten, Kecamatan

UNIT_SYMBOL = {"persen": "%", "ha": "ha", "jumlah": ""}
DIGITS = {"persen": 2, "ha": 2, "jumlah": 0}
YEARS = (1900, 2100)


def period_sort(values):
    return sorted(values, key=lambda v: v.periode)


def card(item, level, kode, tahun):
    """The figures of one indicator for the area (kode at level) and year (None: the latest)."""
    provider = indicators.provider(item.kode)
    shown_level = level if level in item.levels else "kabupaten"
    shown_kode = kode if shown_level == level else Kabupaten.objects.values_list("kode", flat=True).first()
    rows = provider.values(shown_level, kode=shown_kode) if shown_kode else []
    main = period_sort([v for v in rows if not v.rincian])
    periods = [v.periode for v in main]
    if tahun is None:
        chosen = main[-1] if main else None
    else:
        chosen = next((v for v in main if v.periode == tahun), None)
    rincian = [v for v in rows if v.rincian and chosen is not None and v.periode == chosen.periode]
    reason = ""
    if chosen is None:
        reason = provider.unavailable_reason() or (
            _("No value stored for %(tahun)s.") % {"tahun": tahun} if tahun and main else _("No value stored yet.")
        )
    return {
        "item": item,
        "href": item.href(),
        "level": shown_level,
        "only_kabupaten": shown_level != level,
        "value": chosen,
        "rincian": rincian,
        "reason": reason,
        "satuan": UNIT_SYMBOL.get(item.satuan, item.satuan),
        "digits": DIGITS.get(item.satuan, 2),
        "fmt": f"{DIGITS.get(item.satuan, 2)}g",
        "trend": {
            "kode": item.kode,
            "periode": periods,
            "nilai": [v.nilai for v in main],
            "target": [v.target for v in main],
        },
        "map_levels": [lv for lv in ("kecamatan", "desa") if lv in item.levels],
    }


class DashboardView(TemplateView):
    template_name = "dasbor/dasbor.html"

    def filters(self):
        kecamatan = self.request.GET.get("kecamatan") or None
        if kecamatan is not None and not Kecamatan.objects.filter(kode=kecamatan).exists():
            raise Http404(_("No kecamatan with the code %(kode)s.") % {"kode": kecamatan})
        tahun = self.request.GET.get("tahun") or None
        if tahun is not None:
            year = whole_number(tahun, *YEARS)
            if year is None:
                raise Http404(_("No such year."))
            tahun = str(year)
        return kecamatan, tahun

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kecamatan, tahun = self.filters()
        level, kode = ("kecamatan", kecamatan) if kecamatan else ("kabupaten", None)
        if kode is None:
            kode = Kabupaten.objects.values_list("kode", flat=True).first()
        cards = [card(item, level, kode, tahun) for item in indicators.indicators()] if kode else []
        years = sorted({p for c in cards for p in c["trend"]["periode"]}, reverse=True)
        area = Kecamatan.objects.filter(kode=kecamatan).first() if kecamatan else Kabupaten.objects.first()
        api = reverse("dasbor:indikator")
        export_query = f"?level={'desa' if kecamatan else 'kecamatan'}" + (f"&kode={kecamatan}" if kecamatan else "")
        export_query += f"&periode={tahun}" if tahun else ""
        mappable = [c for c in cards if c["map_levels"]]
        context.update(
            cards=cards,
            kecamatan_list=Kecamatan.objects.order_by("nama").values("kode", "nama"),
            years=years,
            kecamatan=kecamatan,
            tahun=tahun,
            area=area,
            any_sample=any(c["value"] and c["value"].is_sample for c in cards),
            mappable=mappable,
            export_csv=api + export_query + "&format=csv",
            export_xlsx=api + export_query + "&format=xlsx",
            page_data={
                "api": api,
                "kecamatan": kecamatan,
                "tahun": tahun,
                "level": "desa" if kecamatan else "kecamatan",
                "trends": [c["trend"] for c in cards],
                "units": {c["item"].kode: [c["satuan"], c["digits"]] for c in cards},
            },
        )
        return context
