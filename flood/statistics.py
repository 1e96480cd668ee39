"""Statistics and exposure of a hazard raster version, stored per version.

Class areas come from ``flood.zonal.zonal_statistics`` over the desa polygons in
EPSG:32748 (pixel coverage fractions, so the classes of a desa add up to its
area); kecamatan and kabupaten are sums of their desa (the boundaries share one
topology: wilayah dissolves kecamatan and kabupaten from the desa). Exposure:
permukiman of the active land use and LP2B, each unioned first so every m2
counts once, then cut by desa and classed by the same function.
"""

import logging
from collections import defaultdict

import shapely
from django.conf import settings
from django.contrib.gis.db.models.functions import Transform
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.functions import M2_PER_HA
from layers.models import Feature
from wilayah.models import Desa

from . import classes as hazard_classes
from .models import HazardRaster, HazardStatistic, RasterStatisticsJob
from .zonal import zonal_statistics

logger = logging.getLogger(__name__)
CLASS_KEYS = (*hazard_classes.KODES, hazard_classes.NO_DATA)
# The land-use category of settlement (data/tataruang/klasifikasi_lahan.csv: permukiman, perumahan).
SETTLEMENT_CATEGORY = "terbangun_hunian"


def desa_zones():
    """[(kode, nama, kecamatan kode, kecamatan nama, polygon in EPSG:32748)] of every desa."""
    shapes = Desa.objects.select_related("kecamatan__kabupaten").metric_shapes()
    return [(d.kode, d.nama, d.kecamatan, geom) for d, geom in shapes]


def compute_statistics(version):
    """Class areas per desa, kecamatan and kabupaten and the exposure of
    ``version``, replacing what was stored (one transaction)."""
    zones = desa_zones()
    classes = hazard_classes.as_zonal(version)
    path = str(version.file_path)
    per_desa = zonal_statistics(path, [(kode, geom) for kode, _n, _k, geom in zones], classes)
    rows = []
    kecamatan, kabupaten = {}, {}
    for kode, nama, kec, _geom in zones:
        stats = per_desa[kode]
        row = _row(version, HazardStatistic.Level.DESA, kode, nama, stats.luas_m2, stats.rata_rata, stats.maks)
        rows.append(row)
        _add(kecamatan.setdefault(kec.kode, _total(kec.kode, kec.nama)), row)
        kab = kec.kabupaten
        _add(kabupaten.setdefault(kab.kode, _total(kab.kode, kab.nama)), row)
    for level, totals in ((HazardStatistic.Level.KECAMATAN, kecamatan), (HazardStatistic.Level.KABUPATEN, kabupaten)):
        for total in totals.values():
            mean = total["weighted"] / total["data_m2"] if total["data_m2"] else None
            rows.append(_row(version, level, total["kode"], total["nama"], total["luas"], mean, total["maks"]))
    exposure = compute_exposure(version, zones, classes)
    with transaction.atomic():
        HazardStatistic.objects.filter(version=version).delete()
        HazardStatistic.objects.bulk_create(rows)
        version.exposure = exposure
        version.statistics_at = timezone.now()
        version.save(update_fields=["exposure", "statistics_at", "updated_at"])
    return rows


def _row(version, level, kode, nama, luas, mean, maks):
    luas = {key: float(luas.get(key, 0.0)) for key in CLASS_KEYS}
    data_m2 = sum(luas[k] for k in hazard_classes.KODES)
    return HazardStatistic(
        version=version, level=level, kode=kode, nama=nama, luas_m2=luas, rata_rata=mean, maks=maks, data_m2=data_m2
    )


def _total(kode, nama):
    return {
        "kode": kode,
        "nama": nama,
        "luas": dict.fromkeys(CLASS_KEYS, 0.0),
        "weighted": 0.0,
        "data_m2": 0.0,
        "maks": None,
    }


def _add(total, row):
    for key in CLASS_KEYS:
        total["luas"][key] += row.luas_m2[key]
    if row.rata_rata is not None:
        total["weighted"] += row.rata_rata * row.data_m2
        total["data_m2"] += row.data_m2
    if row.maks is not None:
        total["maks"] = row.maks if total["maks"] is None else max(total["maks"], row.maks)


def run_statistics(job_id):
    """The statistics job (Celery worker): compute_statistics of the job's version."""
    job = RasterStatisticsJob.objects.select_related("version__raster").get(pk=job_id)
    if not job.claim():
        return job
    with translation.override(job.language), job.heartbeat():
        job.set_progress(5)
        try:
            rows = compute_statistics(job.version)
        except Exception:
            logger.exception("Statistics of raster version %s failed", job.version_id)
            job.finish(
                RasterStatisticsJob.Status.FAILED, _("The statistics could not be computed; nothing was changed.")
            )
        else:
            count = sum(1 for r in rows if r.level == HazardStatistic.Level.DESA)
            job.finish(RasterStatisticsJob.Status.SUCCEEDED, _("Statistics of %(n)d desa computed.") % {"n": count})
    return job


def statistics_table(version, level, kode=None):
    """The stored statistics of ``version`` at ``level`` (of the one area ``kode``
    when given): [{kode, nama, luas_ha, persen, rata_rata, maks}]."""
    items = []
    stats = HazardStatistic.objects.filter(version=version, level=level)
    if kode is not None:
        stats = stats.filter(kode=kode)
    for stat in stats.order_by("kode"):
        items.append(
            {
                "kode": stat.kode,
                "nama": stat.nama,
                "luas_ha": {k: round(stat.luas_m2[k] / M2_PER_HA, 4) for k in CLASS_KEYS},
                "persen": {k: _percent(stat, k) for k in CLASS_KEYS},
                "rata_rata": None if stat.rata_rata is None else round(stat.rata_rata, 4),
                "maks": None if stat.maks is None else round(stat.maks, 4),
            }
        )
    return items


def published_flood_raster():
    """The flood hazard raster whose published version the KKPR check uses (the
    most recently published one); None when none is published."""
    return (
        HazardRaster.objects.filter(hazard="banjir", published_version__isnull=False)
        .select_related("published_version")
        .order_by("-published_version__reviewed_at", "-pk")
        .first()
    )


def class_shares(version, level, kode="tinggi"):
    """{area code: % of the area in class ``kode``} of the stored statistics of
    ``version`` at ``level`` (desa or kecamatan), from areas in EPSG:32748; the
    whole area (tanpa_data included) is the denominator."""
    return {stat.kode: _percent(stat, kode) for stat in HazardStatistic.objects.filter(version=version, level=level)}


def _percent(stat, kode):
    """% of the area of ``stat`` (its classes and tanpa_data) in class ``kode``, 2 decimals."""
    total = sum(stat.luas_m2.values())
    return round(100 * stat.luas_m2.get(kode, 0.0) / total, 2) if total else 0.0


# --- exposure ----------------------------------------------------------------


def compute_exposure(version, zones, classes):
    """{"permukiman": {...}, "lp2b": {...}}: hectares per class per desa and in
    total, of the active land use's settlement and of the published LP2B layer."""
    from tataruang.indicators import lp2b_layer
    from tataruang.models import LandUse, LandUseParcel

    exposure = {}
    land_use = LandUse.objects.filter(status=LandUse.Status.ACTIVE).order_by("-year", "-activated_at").first()
    if land_use is not None:
        parcels = LandUseParcel.objects.filter(land_use=land_use, land_use_class__kategori=SETTLEMENT_CATEGORY)
        source = {"sumber": str(land_use), "tahun": land_use.year, "is_sample": land_use.is_sample}
        exposure["permukiman"] = {**source, **_overlay(version, zones, classes, parcels)}
    layer = lp2b_layer()
    if layer is not None:
        features = Feature.objects.filter(version=layer.published_version_id)
        source = {"sumber": layer.title, "layer": layer.slug, "is_sample": layer.is_sample}
        exposure["lp2b"] = {**source, **_overlay(version, zones, classes, features)}
    return exposure


def _overlay(version, zones, classes, queryset):
    """The union of ``queryset``'s polygons (each m2 once), cut by each desa, classed."""
    geoms = [
        shapely.from_wkb(bytes(g.wkb))
        for g in queryset.annotate(utm=Transform("geom", settings.METRIC_SRID)).values_list("utm", flat=True)
    ]
    polygons = [g for g in geoms if g.geom_type in ("Polygon", "MultiPolygon")]
    if not polygons:
        return {"total_ha": dict.fromkeys(CLASS_KEYS, 0.0), "desa": []}
    union = shapely.union_all(shapely.make_valid(shapely.GeometryCollection(polygons)))
    pieces = []
    for kode, _n, _k, desa in zones:
        if not shapely.intersects(desa, union):
            continue
        piece = shapely.intersection(desa, union)
        piece = shapely.union_all([g for g in shapely.get_parts(piece) if g.geom_type in ("Polygon", "MultiPolygon")])
        if piece.area > 0:
            pieces.append((kode, piece))
    stats = zonal_statistics(str(version.file_path), pieces, classes)
    names = {kode: nama for kode, nama, _k, _g in zones}
    total = defaultdict(float)
    rows = []
    for kode, _piece in pieces:
        luas = {k: stats[kode].luas_m2.get(k, 0.0) for k in CLASS_KEYS}
        for key, value in luas.items():
            total[key] += value
        rows.append(
            {"kode": kode, "nama": names[kode], "luas_ha": {k: round(v / M2_PER_HA, 4) for k, v in luas.items()}}
        )
    return {"total_ha": {k: round(total[k] / M2_PER_HA, 4) for k in CLASS_KEYS}, "desa": rows}
