"""Hazard classes as data: thresholds of an index, a value mapping for class rasters, colours.

BNPB (Perka BNPB 2/2012, inaRISK) mandates three classes, rendah / sedang / tinggi.
The cut-offs <= 0.333, 0.333-0.666, > 0.666 are those of BNPB's server-side renderer
([3P] in ../shared/reference/domain-tataruang.md section 6, not found in an official
document), hence editable per raster version. The colours follow the green / yellow /
red of inaRISK hazard legends; the exact hex values are [UNCONFIRMED], also editable.
"""

import math

import numpy as np
from django.utils.translation import gettext as _

from core.errors import Invalid

from .zonal import Classes

KODES = ("rendah", "sedang", "tinggi")
NO_DATA = "tanpa_data"
DEFAULT_THRESHOLDS = [["rendah", 0.333], ["sedang", 0.666], ["tinggi", 1.0]]
# [UNCONFIRMED] hex values of BNPB's legend (green, yellow, red).
DEFAULT_COLORS = {"rendah": "#38a800", "sedang": "#ffff00", "tinggi": "#ff0000"}
LABELS = {"rendah": "Rendah", "sedang": "Sedang", "tinggi": "Tinggi", NO_DATA: "Tanpa data"}


def default_classes(kind):
    """The classes a new version starts with: BNPB's thresholds, or values 1/2/3 -> rendah/sedang/tinggi."""
    if kind == "indeks":
        return {"thresholds": [list(t) for t in DEFAULT_THRESHOLDS]}
    return {"values": [[1, "rendah"], [2, "sedang"], [3, "tinggi"]]}


def validate_classes(kind, classes):
    """The classes of a version, checked: thresholds ascending with known codes,
    or values mapped to known codes. Raises core.errors.Invalid."""
    message = _("Classes must map to rendah, sedang or tinggi.")
    if not isinstance(classes, dict):
        raise Invalid(message)
    if kind == "indeks":
        rows = classes.get("thresholds")
        if not isinstance(rows, list) or not rows:
            raise Invalid(_("An index raster needs thresholds: [[kode, upper bound], ...]."))
        bounds = [_row(row, message, value_first=False) for row in rows]
        if any(b[1] >= a[1] for a, b in zip(bounds[1:], bounds, strict=False)):
            raise Invalid(_("Thresholds must ascend."))
        return {"thresholds": [[kode, bound] for kode, bound in bounds]}
    rows = classes.get("values")
    if not isinstance(rows, list) or not rows:
        raise Invalid(_("A class raster needs a value mapping: [[raster value, kode], ...]."))
    values = [_row(row, message, value_first=True) for row in rows]
    return {"values": [[value, kode] for value, kode in values]}


def _row(row, message, value_first):
    if not isinstance(row, list | tuple) or len(row) != 2:
        raise Invalid(message)
    number, kode = (row[0], row[1]) if value_first else (row[1], row[0])
    if (
        kode not in KODES
        or isinstance(number, bool)
        or not isinstance(number, int | float)
        or not math.isfinite(number)
    ):
        raise Invalid(message)
    return (float(number), kode) if value_first else (kode, float(number))


def as_zonal(version):
    """The version's classes as flood.zonal.Classes."""
    if version.kind == "indeks":
        rows = tuple((kode, float(bound)) for kode, bound in version.classes["thresholds"])
        return Classes(kind="indeks", thresholds=rows)
    return Classes(kind="kelas", values=tuple((float(value), kode) for value, kode in version.classes["values"]))


def classify(version, values):
    """Class index (1-based position in KODES; 0 = no class) of each value of the array ``values``."""
    out = np.zeros(values.shape, dtype="uint8")
    if version.kind == "indeks":
        done = np.zeros(values.shape, dtype=bool)
        rows = version.classes["thresholds"]
        for position, (kode, bound) in enumerate(rows):
            hit = ~done & ((values <= bound) if position < len(rows) - 1 else np.ones(values.shape, bool))
            out[hit] = KODES.index(kode) + 1
            done |= hit
        return out
    for value, kode in version.classes["values"]:
        out[values == value] = KODES.index(kode) + 1
    return out


def class_of(version, value):
    """The class code of one value (None when it maps to no class)."""
    index = int(classify(version, np.array([value], dtype="float64"))[0])
    return KODES[index - 1] if index else None


def legend(version):
    """[{kode, label, color, range}] in class order, for the map and the API."""
    colors = {**DEFAULT_COLORS, **(version.colors or {})}
    items = []
    if version.kind == "indeks":
        low = None
        for kode, bound in version.classes["thresholds"]:
            items.append({"kode": kode, "label": LABELS[kode], "color": colors[kode], "dari": low, "sampai": bound})
            low = bound
        items[-1]["sampai"] = None
        return items
    for value, kode in version.classes["values"]:
        items.append({"kode": kode, "label": LABELS[kode], "color": colors[kode], "nilai": value})
    return items


def rgba(color):
    color = color.lstrip("#")
    return (int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16), 255)


def validate_colors(colors):
    """{kode: "#rrggbb"} for known codes; raises core.errors.Invalid."""
    if not isinstance(colors, dict) or any(
        kode not in KODES or not isinstance(c, str) or len(c) != 7 or c[0] != "#" for kode, c in colors.items()
    ):
        raise Invalid(_('Colours must be {kode: "#rrggbb"} for rendah, sedang, tinggi.'))
    try:
        [rgba(c) for c in colors.values()]
    except ValueError:
        raise Invalid(_('Colours must be {kode: "#rrggbb"} for rendah, sedang, tinggi.')) from None
    return {**DEFAULT_COLORS, **colors}
