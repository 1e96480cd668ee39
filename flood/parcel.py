"""Flood hazard under one parcel: the share of a KKPR parcel (or the class at
a point) in each hazard class of the published flood hazard raster.

Areas come from ``flood.zonal.zonal_statistics`` over the parcel in
settings.METRIC_SRID (EPSG:32748), with exact pixel coverage fractions, so the
classes and ``tanpa_data`` (nodata pixels, and the part of the parcel outside
the raster) add up to the parcel's area.
"""

import shapely
from django.conf import settings

from core.functions import M2_PER_HA
from core.sample import sample_label

from . import classes as hazard_classes
from .reader import value_at
from .statistics import published_flood_raster
from .zonal import zonal_statistics

CLASS_KEYS = (*hazard_classes.KODES, hazard_classes.NO_DATA)


def hazard_overlap(geom):
    """The hazard under ``geom`` (GEOS Polygon/MultiPolygon or Point, any SRID):
    {raster, judul, versi, is_sample, label, and for a polygon luas_ha and persen
    per class (rendah, sedang, tinggi, tanpa_data; hectares, % of the parcel),
    for a point nilai and kelas}; None when no flood raster is published."""
    raster = published_flood_raster()
    if raster is None:
        return None
    version = raster.published_version
    found = {
        "raster": raster.pk,
        "judul": raster.title,
        "versi": version.number,
        "is_sample": raster.is_sample,
        "label": sample_label(raster.is_sample),
    }
    if geom.dims == 0:
        lonlat = geom.transform(4326, clone=True)
        value = value_at(version, lonlat.x, lonlat.y)
        kelas = hazard_classes.class_of(version, value) if value is not None else None
        return {**found, "nilai": value, "kelas": kelas}
    metric = shapely.from_wkb(bytes(geom.transform(settings.METRIC_SRID, clone=True).wkb))
    stats = zonal_statistics(
        str(version.file_path), [("persil", metric)], hazard_classes.as_zonal(version), cache_dir=False
    )["persil"]
    total = sum(stats.luas_m2.values())
    luas = {key: stats.luas_m2.get(key, 0.0) for key in CLASS_KEYS}
    return {
        **found,
        "luas_ha": {key: round(m2 / M2_PER_HA, 4) for key, m2 in luas.items()},
        "persen": {key: round(100 * m2 / total, 2) if total else 0.0 for key, m2 in luas.items()},
    }
