"""Flood events (kejadian banjir) kept by BPBD: a sectoral layer filling the
catalogue entry ``bpbd-kejadian-banjir`` (data/katalog_layer.csv), entered in
the editor or uploaded like any layer, with its history. This module gives the
layer its attribute rule (layers.rules) and answers "events per desa per year".

Attributes (one point per event):
- ``tanggal``: the date the flood began (a date column, or text YYYY-MM-DD);
  not in the future (WIB), not before 1900;
- ``kedalaman_cm``: the highest water depth in centimetres, 0 to 1,000;
- ``durasi_jam``: how long the water stood, in hours (0 to 2,160, 90 days):
  hours, because most floods here last hours to a few days and an hour is the
  unit BPBD's reports give; optional;
- ``kk_terdampak``: affected households (kepala keluarga), a whole number >= 0; optional;
- ``sumber``: where the record comes from (a BPBD report, a village report...).
"""

import datetime
import re

from django.db.models import Count, Max, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from layers.models import Feature, Layer
from layers.rules import AttributeRule, Field

from .functions import JsonbNumber, JsonbYear

EXPECTED = "bpbd-kejadian-banjir"
NUMBER = ("integer", "number")
DATE = re.compile(r"^(\d{4})[-/](\d{2})[-/](\d{2})(?:$|[ T])")
MAX_DEPTH_CM = 1000
MAX_DURATION_H = 90 * 24
EARLIEST_YEAR = 1900


def parse_date(value):
    """A stored ``tanggal`` (YYYY-MM-DD or GDAL's YYYY/MM/DD, maybe with a time) as a date, or None."""
    match = DATE.match(str(value)) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def check(attrs):
    """{attribute: message} for the values of one event that cannot be right."""
    problems = {}
    tanggal = attrs.get("tanggal")
    if tanggal not in (None, ""):
        date = parse_date(tanggal)
        if date is None:
            problems["tanggal"] = _("must be a date YYYY-MM-DD, not '%(value)s'") % {"value": str(tanggal)[:30]}
        elif date > timezone.localdate():
            problems["tanggal"] = _("lies in the future (%(date)s)") % {"date": date.isoformat()}
        elif date.year < EARLIEST_YEAR:
            problems["tanggal"] = _("lies before %(year)d") % {"year": EARLIEST_YEAR}
    for name, high, unit in (("kedalaman_cm", MAX_DEPTH_CM, "cm"), ("durasi_jam", MAX_DURATION_H, _("hours"))):
        value = attrs.get(name)
        if value is None:
            continue
        if not _number(value):
            problems[name] = _("must be a number")
        elif not 0 <= value <= high:
            problems[name] = _("must lie between 0 and %(high)d %(unit)s") % {"high": high, "unit": unit}
    households = attrs.get("kk_terdampak")
    if households is not None and (not _number(households) or households < 0 or households != int(households)):
        problems["kk_terdampak"] = _("must be a whole number of households, 0 or more")
    return problems


RULE = AttributeRule(
    expected=EXPECTED,
    fields=(
        Field("tanggal", ("datetime", "string")),
        Field("kedalaman_cm", NUMBER),
        Field("durasi_jam", NUMBER, required=False),
        Field("kk_terdampak", NUMBER, required=False),
        Field("sumber", ("string",)),
    ),
    check=check,
)


def events_per_desa(tahun=None, kecamatan=None, desa=None):
    """Flood events of the published BPBD event layers per desa and year: a list
    of {"tahun", "desa", "kecamatan", "jumlah_kejadian", "kk_terdampak" (sum),
    "kedalaman_maks_cm", "durasi_total_jam"}, by year then desa code. Each event
    counts in the desa the shared assignment gave it at import or edit
    (wilayah.assignment: the desa containing the point); events outside every
    desa or without a date are left out. Computed in PostgreSQL."""
    versions = Layer.objects.published().filter(expected__kode=EXPECTED).values("published_version")
    events = Feature.objects.filter(version__in=versions, desa__isnull=False).annotate(
        tahun=JsonbYear("attrs", Value("tanggal"))
    )
    events = events.filter(tahun__isnull=False)
    if tahun is not None:
        events = events.filter(tahun=tahun)
    if kecamatan:
        events = events.in_kecamatan(kecamatan)
    if desa:
        events = events.in_desa(desa)
    rows = (
        events.values("tahun", "desa__kode", "desa__nama", "desa__kecamatan__kode", "desa__kecamatan__nama")
        .annotate(
            jumlah_kejadian=Count("id"),
            kk_terdampak=Sum(JsonbNumber("attrs", Value("kk_terdampak"))),
            kedalaman_maks_cm=Max(JsonbNumber("attrs", Value("kedalaman_cm"))),
            durasi_total_jam=Sum(JsonbNumber("attrs", Value("durasi_jam"))),
        )
        .order_by("tahun", "desa__kode")
    )
    return [
        {
            "tahun": row["tahun"],
            "desa": {"kode": row["desa__kode"], "nama": row["desa__nama"]},
            "kecamatan": {"kode": row["desa__kecamatan__kode"], "nama": row["desa__kecamatan__nama"]},
            "jumlah_kejadian": row["jumlah_kejadian"],
            "kk_terdampak": None if row["kk_terdampak"] is None else int(row["kk_terdampak"]),
            "kedalaman_maks_cm": row["kedalaman_maks_cm"],
            "durasi_total_jam": row["durasi_total_jam"],
        }
        for row in rows
    ]
