"""Cek kesesuaian ruang: an indicative KKPR location check.

For a point or a parcel polygon (EPSG:4326) and an activity: the desa and
kecamatan, the zones of the active RDTR (with their WP, SWP and blok) or, where
there is none, the RTRW pola ruang classes, with the share of the parcel in
each, the ITBX verdict of the activity in each zone with its conditions and
legal source, intensity limits, and the overlap with LP2B and flood-hazard
layers when those exist. Shares and areas are computed in EPSG:32748. Not a
legal KKPR.
"""

import hashlib
import json

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Invalid, NotFound
from core.functions import M2_PER_HA, area_ha_sql, area_m2_sql
from core.sample import sample_label
from flood.parcel import hazard_overlap
from layers.models import Feature, Layer
from wilayah.assignment import desa_for
from wilayah.models import Desa, DesaPiece, KabupatenPiece

from . import kkpr_putusan, services
from .models import Activity, ItbxRule, Plan

OVERLAY_LAYERS = {"lp2b": "dpkp-lp2b", "rawan_banjir": "bpbd-rawan-banjir"}
# The attribute that classes an overlay layer's features (hazard level, LP2B
# kind), first match by name, any case.
CLASS_FIELDS = ["kelas", "kelas_bahaya", "tingkat", "tingkat_bahaya", "bahaya", "risiko", "kategori", "jenis"]
MIN_SHARE = 0.0001  # slivers under 0.01% of the parcel are edge noise
# A point is drawn with the part of its zone within this distance (m, EPSG:32748).
POINT_CONTEXT_M = 300


def check(geom, activity_code):
    """The check for ``geom`` (GEOS Point or Polygon, SRID 4326); dict for the API/PDF."""
    activity = Activity.objects.filter(kode=activity_code).first()
    if activity is None:
        raise Invalid(
            _("Unknown activity '%(code)s'; choose one from the list.") % {"code": activity_code}, parameter="kegiatan"
        )
    if not geom.valid:
        raise Invalid(_("The parcel polygon is not valid: %(reason)s.") % {"reason": geom.valid_reason})
    if (
        not KabupatenPiece.objects.filter(geom__intersects=geom).exists()
        or not DesaPiece.objects.filter(geom__intersects=geom).exists()
    ):
        raise NotFound(_("The location lies outside Kabupaten Tangerang."))
    plan, zones = _zones(geom)
    rules = {
        (r.plan_class.kode, r.plan_class.kind): r
        for r in ItbxRule.objects.filter(activity=activity).select_related("plan_class")
    }
    for zone in zones:
        rule = rules.get((zone["judged_as"], zone["kind"])) or next(
            (r for (kode, _kind), r in rules.items() if kode == zone["judged_as"]), None
        )
        zone["itbx"] = rule.verdict if rule else None
        zone["itbx_label"] = rule.get_verdict_display() if rule else _("not regulated in the ITBX matrix")
        zone["syarat"] = rule.condition if rule else ""
        zone["sumber"] = rule.source_article if rule else ""
    is_point = geom.dims == 0
    verdict = kkpr_putusan.decide(zones, is_point)
    desa_id, _kecamatan_id = desa_for(geom)
    desa = Desa.objects.select_related("kecamatan").get(pk=desa_id)
    now = timezone.localtime()
    return {
        "indikatif": True,
        "catatan": _(
            "Indicative result of the WebSIG, not a legal KKPR. The binding decision is the "
            "KKPR issued through OSS / the competent authority."
        ),
        # The same input on the same day gets the same number, in the JSON and in the PDF.
        "referensi": _reference(geom, activity, plan, now),
        "tanggal": now.date().isoformat(),
        "lokasi": _location(geom),
        "desa": {"kode": desa.kode, "nama": desa.nama},
        "kecamatan": {"kode": desa.kecamatan.kode, "nama": desa.kecamatan.nama},
        "kegiatan": {"kode": activity.kode, "nama": activity.nama, "kelompok": activity.kelompok},
        "rencana": _plan_json(plan),
        "zona": zones,
        "itbx": verdict["itbx"],
        "itbx_label": dict(ItbxRule.Verdict.choices).get(verdict["itbx"], _("not regulated"))
        if verdict["itbx"]
        else _("not regulated"),
        "putusan": {**verdict, "ambang": kkpr_putusan.threshold_text()},
        "tumpang_susun": _overlays(geom),
        # Hectares and % of the parcel per class of the published flood hazard raster (flood/parcel.py).
        "bahaya_banjir": hazard_overlap(geom),
        "is_sample": bool(plan and plan.is_sample),
    }


def _plan_json(plan):
    if plan is None:
        return None
    return {
        "id": plan.pk,
        "jenis": plan.jenis,
        "nama": plan.nama,
        "dasar_hukum": plan.legal_basis,
        "tahun": plan.year,
        "wilayah_perencanaan": plan.wilayah_perencanaan,
        "is_sample": plan.is_sample,
        "label": sample_label(plan.is_sample),
    }


def _zones(geom):
    """Zones of the active RDTR covering ``geom``, else of the active RTRW, per zone class
    and, in an RDTR, per WP/SWP/blok: the share of the parcel and the hectares it covers
    (both measured in EPSG:32748), and the zone's part to draw as GeoJSON (lon/lat): the
    part inside the parcel, or for a point the part within POINT_CONTEXT_M of it."""
    for jenis in (Plan.Jenis.RDTR, Plan.Jenis.RTRW):
        plans = Plan.objects.filter(jenis=jenis, status=Plan.Status.ACTIVE)
        # Raw SQL: shares need the intersection area in the metric CRS, grouped per class.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT z.plan_id, c.kode, c.nama, c.kind, COALESCE(j.kode, c.kode), c.warna, z.wp, z.swp, z.blok,
                       CASE WHEN ST_Dimension(g.g) = 0 THEN 1.0
                            ELSE sum({area_m2_sql("ST_Intersection(z.geom, g.g)")})
                                 / NULLIF({area_m2_sql("g.g")}, 0) END AS share,
                       CASE WHEN ST_Dimension(g.g) = 0 THEN NULL
                            ELSE sum({area_m2_sql("ST_Intersection(z.geom, g.g)")}) / {M2_PER_HA} END AS ha,
                       (array_agg(z.attrs ORDER BY ST_Area(ST_Intersection(z.geom, g.g)) DESC))[1],
                       ST_AsGeoJSON(ST_CollectionExtract(ST_Union(ST_Intersection(z.geom, g.clip)), 3), 7)
                FROM tataruang_planzone z
                JOIN tataruang_planclass c ON c.id = z.plan_class_id
                LEFT JOIN tataruang_planclass j ON j.id = c.padanan_id,
                     (SELECT g, CASE WHEN ST_Dimension(g) = 0
                                     THEN ST_Transform(ST_Buffer(ST_Transform(g, %(metric)s), %(context)s), 4326)
                                     ELSE g END AS clip
                      FROM (SELECT ST_GeomFromEWKB(%(g)s) AS g) p) g
                WHERE z.plan_id = ANY(%(plans)s) AND ST_Intersects(z.geom, g.g)
                GROUP BY z.plan_id, c.kode, c.nama, c.kind, j.kode, c.warna, z.wp, z.swp, z.blok, g.g, g.clip
                ORDER BY share DESC, c.kode, z.wp, z.swp, z.blok
                """,
                {
                    "g": bytes(geom.ewkb),
                    "plans": list(plans.values_list("pk", flat=True)),
                    "metric": settings.METRIC_SRID,
                    "context": POINT_CONTEXT_M,
                },
            )
            rows = [r for r in cursor.fetchall() if r[9] is None or r[9] >= MIN_SHARE]
        if rows:
            plan = Plan.objects.get(pk=rows[0][0])
            return plan, [_zone_json(row) for row in rows]
    return None, []


def _zone_json(row):
    _plan, kode, nama, kind, judged, warna, wp, swp, blok, share, hectares, attrs, shape = row
    return {
        "kode": kode,
        "nama": nama,
        "kind": kind,
        "judged_as": judged,
        "warna": warna,
        # Where the plan is an RDTR with a hierarchy: the zone's WP, SWP and blok.
        "wp": wp or None,
        "swp": swp or None,
        "blok": blok or None,
        "porsi": round(share, 4) if share is not None else None,
        # Rounded once here: the page, the PDF and the verdict text show these figures.
        "persen": round(share * 100, 2) if share is not None else None,
        "luas_ha": round(hectares, 2) if hectares is not None else None,
        "intensitas": _intensity(attrs),
        "geometri": json.loads(shape) if shape else None,
    }


def _intensity(attrs):
    """The zone's intensity limits as a dict; Django's psycopg setup hands jsonb over as text."""
    if isinstance(attrs, str):
        attrs = json.loads(attrs)
    return attrs if isinstance(attrs, dict) else {}


def parcel_area_ha(geom):
    """The parcel's area in hectares, measured in EPSG:32748 and rounded to 0.01 ha: the
    one figure the location box, the result and the PDF show."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {area_ha_sql('ST_GeomFromEWKB(%s)')}", [bytes(geom.ewkb)])
        return round(cursor.fetchone()[0], 2)


def _location(geom):
    """Kind, area (ha, EPSG:32748), centroid in lon/lat and in UTM 48S (E, N metres)."""
    centroid = geom.centroid
    utm = centroid.transform(settings.METRIC_SRID, clone=True)
    area = parcel_area_ha(geom) if geom.dims == 2 else None
    return {
        "type": geom.geom_type,
        "luas_ha": area,
        "luas_m2": round(area * M2_PER_HA) if area is not None else None,
        "titik_sudut": geom.num_points - len(geom) if geom.geom_type == "Polygon" else None,
        "centroid": [round(centroid.x, 6), round(centroid.y, 6)],
        "utm": [round(utm.x, 1), round(utm.y, 1)],
    }


def _reference(geom, activity, plan, now):
    """'KKPR-IND-20261203-3F9A2C': the date and a digest of the location, activity and plan."""
    digest = hashlib.sha1(bytes(geom.ewkb) + activity.kode.encode() + str(plan and plan.pk).encode())
    return f"KKPR-IND-{now:%Y%m%d}-{digest.hexdigest()[:6].upper()}"


def _overlays(geom):
    """Overlap with published LP2B and flood-hazard layers, where they exist."""
    found = {}
    for key, expected in OVERLAY_LAYERS.items():
        layer = Layer.objects.published().filter(expected__kode=expected).select_related("published_version").first()
        if layer is None:
            found[key] = None
            continue
        field = services.column_named(layer.published_version.schema, CLASS_FIELDS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT f.attrs ->> %(field)s, count(*), sum({area_m2_sql("ST_Intersection(f.geom, g.g)")}) / {M2_PER_HA}
                FROM {Feature.objects.sql_source(layer.published_version_id)} f, (SELECT ST_GeomFromEWKB(%(g)s) AS g) g
                WHERE ST_Intersects(f.geom, g.g)
                GROUP BY 1 ORDER BY 3 DESC, 1
                """,
                {"g": bytes(geom.ewkb), "field": field or ""},
            )
            rows = cursor.fetchall()
        found[key] = {
            "layer": layer.slug,
            "judul": layer.title,
            "kena": bool(rows),
            "luas_ha": round(sum(area for _v, _n, area in rows), 4),
            "kolom_kelas": field,
            # Per class of the layer (e.g. flood hazard level), largest overlap first.
            "rincian": [{"kelas": value, "fitur": n, "luas_ha": round(area, 4)} for value, n, area in rows]
            if field
            else [],
            "is_sample": layer.is_sample,
        }
    return found
