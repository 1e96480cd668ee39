"""The profile of an area, assembled once for the page, the PDF report and the
standalone map (profil.sections reads each part), and the geometry they draw."""

import hashlib
import json

from django.conf import settings
from django.contrib.gis.db.models.functions import AsGeoJSON, Intersection, Transform
from django.utils import timezone

from tataruang.models import Plan, PlanZone

from . import sections
from .functions import PolygonsOf

# Degrees of simplification of the outlines sent to the page's map (about 5 m):
# the map shows the area, it does not measure it.
PAGE_SIMPLIFY_DEG = 0.00005


def profile(area):
    """Every part of the area's profile as plain data (see profil.sections)."""
    wilayah = area.wilayah
    data = {
        "level": area.level,
        "kode": area.kode,
        "nama": area.nama,
        "judul": area.title(),
        "jenis": getattr(wilayah, "jenis", ""),
        "kecamatan": (
            {"kode": wilayah.kecamatan.kode, "nama": wilayah.kecamatan.nama} if area.level == "desa" else None
        ),
        "luas_ukur_ha": wilayah.luas_ukur_ha,
        "luas_resmi_km2": getattr(wilayah, "luas_resmi_km2", None),
        "indikator": sections.indicator_rows(area),
        "layer": sections.layer_counts(area),
        "zona": sections.plan_zones(area),
        "lp2b": sections.lp2b(area),
        "bahaya": sections.hazard(area),
        "lokasi_program": sections.programme_locations(area),
        "tetangga": sections.neighbours(area),
        "desa": sections.desa_list(area),
    }
    data["is_sample"] = is_sample(data)
    return data


def is_sample(data):
    """Whether any figure of the profile comes from sample data."""
    flags = [v["is_sample"] for row in data["indikator"] for v in row["nilai"]]
    flags += [row["is_sample"] for row in data["layer"] + data["bahaya"] + data["lokasi_program"]]
    flags += [row["plan"]["is_sample"] for row in data["zona"]]
    flags.append(bool(data["lp2b"] and data["lp2b"]["is_sample"]))
    return any(flags)


def reference(area, now=None):
    """'PROFIL-DESA-36.03.01.2001-20261204-3F9A2C': level, code, date and a digest of
    the moment, so that two printed reports can be told apart."""
    now = now or timezone.now()
    digest = hashlib.sha1(f"{area.level}:{area.kode}:{now.isoformat()}".encode()).hexdigest()[:6].upper()
    return f"PROFIL-{area.level.upper()}-{area.kode}-{now:%Y%m%d}-{digest}"


def outline_geojson(area, simplify=PAGE_SIMPLIFY_DEG):
    """The area's polygon as a GeoJSON geometry (dict, EPSG:4326), simplified."""
    geom = area.wilayah.geom.simplify(simplify, preserve_topology=True) if simplify else area.wilayah.geom
    return json.loads(geom.geojson)


def desa_geojson(area, simplify=PAGE_SIMPLIFY_DEG):
    """A FeatureCollection (EPSG:4326) of the area's desa: kode, nama, luas_ha."""
    rows = area.desa().defer(None)
    features = []
    for desa in rows:
        geom = desa.geom.simplify(simplify, preserve_topology=True) if simplify else desa.geom
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(geom.geojson),
                "properties": {"kode": desa.kode, "nama": desa.nama, "luas_ha": round(desa.luas_ukur_ha, 2)},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def zone_parts(area, plan, srid=None):
    """[(PlanClass, GEOS geometry)] of the zones of ``plan`` cut to the area, in ``srid``
    (settings.STORAGE_SRID by default; settings.METRIC_SRID for the PDF's map)."""
    zones = PlanZone.objects.filter(plan=plan, geom__intersects=area.wilayah.geom).select_related("plan_class")
    if area.level == "kabupaten":
        part = Transform("geom", srid or settings.STORAGE_SRID)
    else:
        part = Transform(PolygonsOf(Intersection("geom", area.wilayah.geom)), srid or settings.STORAGE_SRID)
    rows = zones.annotate(part=part).only("plan_class", "id")
    return [(row.plan_class, row.part) for row in rows if row.part and not row.part.empty]


def zone_geojson(area, plan, precision=6):
    """A FeatureCollection (EPSG:4326) of the zones of ``plan`` cut to the area:
    kode, nama, warna of their class."""
    zones = PlanZone.objects.filter(plan=plan, geom__intersects=area.wilayah.geom).select_related("plan_class")
    shape = "geom" if area.level == "kabupaten" else PolygonsOf(Intersection("geom", area.wilayah.geom))
    rows = zones.annotate(part=AsGeoJSON(shape, precision=precision)).only("plan_class", "id")
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(row.part),
            "properties": {"kode": row.plan_class.kode, "nama": row.plan_class.nama, "warna": row.plan_class.warna},
        }
        for row in rows
        if row.part and json.loads(row.part)["coordinates"]
    ]
    return {"type": "FeatureCollection", "features": features}


def main_plan(data):
    """The Plan whose zones a map of the profile shows: the first active plan with
    zones in the area (an RTRW before an RDTR), or None."""
    if not data["zona"]:
        return None
    return Plan.objects.filter(pk=data["zona"][0]["plan"]["id"]).first()
