"""The three levels of the indicators (core.indicators.LEVELS) as wilayah tables."""

from core.indicators import Value

from .models import Desa, Kabupaten, Kecamatan

WILAYAH_OF_LEVEL = {"kabupaten": Kabupaten, "kecamatan": Kecamatan, "desa": Desa}
# Kemendagri codes nest by prefix: 36.03 > 36.03.28 > 36.03.28.1001.
KODE_LENGTH = {"kabupaten": 5, "kecamatan": 8, "desa": 13}


def wilayah_names(level, kode=None):
    """{kode: nama} of the areas at ``level`` (one area when ``kode`` is given)."""
    rows = WILAYAH_OF_LEVEL[level].objects.all()
    if kode is not None:
        rows = rows.filter(kode=kode)
    return dict(rows.values_list("kode", "nama"))


def rollup(per_desa, level):
    """{kode at ``level``: sum} of a {desa kode: number} mapping (a kecamatan's
    figure is the sum of its desa, the kabupaten's the sum of all)."""
    out = {}
    for kode, value in per_desa.items():
        key = kode[: KODE_LENGTH[level]]
        out[key] = out.get(key, 0.0) + value
    return out


def area_values(indikator, level, kode, per_desa, **fields):
    """[core.indicators.Value] of indicator ``indikator`` for every area at
    ``level`` (or the one area ``kode``): each the sum of its desa in ``per_desa``
    ({desa kode: number}, 0 for a desa absent), rounded to 4 decimals; ``fields``
    (periode, sumber, is_sample, url) are the same for every value."""
    totals = rollup(per_desa, level)
    return [
        Value(indikator=indikator, level=level, kode=area, nama=nama, nilai=round(totals.get(area, 0.0), 4), **fields)
        for area, nama in sorted(wilayah_names(level, kode).items())
    ]
