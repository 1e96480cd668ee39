"""Cek kesesuaian ruang: an indicative KKPR location check.

For a point or a parcel polygon (EPSG:4326) and an activity: the desa and
kecamatan, the zones of the active RDTR (with their WP, SWP and blok) or, where
there is none, the RTRW pola ruang classes, with the share of the parcel in
each, the ITBX verdict of the activity in each zone with its conditions and
legal source, intensity limits, and the overlap with LP2B and flood-hazard
layers when those exist. Shares and areas are computed in EPSG:32748. Not a
legal KKPR.
"""

import json

from django.db import connection
from django.utils.translation import gettext as _

from core.errors import Invalid, NotFound
from core.functions import M2_PER_HA, area_ha_sql, area_m2_sql
from core.sample import sample_label
from layers.models import Feature, Layer
from wilayah.assignment import desa_for
from wilayah.models import Desa, DesaPiece, KabupatenPiece

from . import services
from .models import Activity, ItbxRule, Plan

# Worst verdict first: the parcel's overall verdict is the worst of its zones.
SEVERITY = {"X": 3, "B": 2, "T": 1, "I": 0}
OVERLAY_LAYERS = {"lp2b": "dpkp-lp2b", "rawan_banjir": "bpbd-rawan-banjir"}
# The attribute that classes an overlay layer's features (hazard level, LP2B
# kind), first match by name, any case.
CLASS_FIELDS = ["kelas", "kelas_bahaya", "tingkat", "tingkat_bahaya", "bahaya", "risiko", "kategori", "jenis"]
MIN_SHARE = 0.0001  # slivers under 0.01% of the parcel are edge noise


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
    verdicts = [z["itbx"] for z in zones if z["itbx"]]
    overall = max(verdicts, key=SEVERITY.get) if verdicts else None
    desa_id, _kecamatan_id = desa_for(geom)
    desa = Desa.objects.select_related("kecamatan").get(pk=desa_id)
    return {
        "indikatif": True,
        "catatan": _(
            "Indicative result of the WebSIG, not a legal KKPR. The binding decision is the "
            "KKPR issued through OSS / the competent authority."
        ),
        "lokasi": {
            "type": geom.geom_type,
            "luas_ha": _area_ha(geom) if geom.dims == 2 else None,
            "centroid": [round(geom.centroid.x, 6), round(geom.centroid.y, 6)],
        },
        "desa": {"kode": desa.kode, "nama": desa.nama},
        "kecamatan": {"kode": desa.kecamatan.kode, "nama": desa.kecamatan.nama},
        "kegiatan": {"kode": activity.kode, "nama": activity.nama, "kelompok": activity.kelompok},
        "rencana": _plan_json(plan),
        "zona": zones,
        "itbx": overall,
        "itbx_label": dict(ItbxRule.Verdict.choices).get(overall, _("not regulated"))
        if overall
        else _("not regulated"),
        "tumpang_susun": _overlays(geom),
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
    """Zones of the active RDTR covering ``geom``, else of the active RTRW; with shares
    (of the parcel's area in EPSG:32748) per zone class and, in an RDTR, per WP/SWP/blok."""
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
                       (array_agg(z.attrs ORDER BY ST_Area(ST_Intersection(z.geom, g.g)) DESC))[1]
                FROM tataruang_planzone z
                JOIN tataruang_planclass c ON c.id = z.plan_class_id
                LEFT JOIN tataruang_planclass j ON j.id = c.padanan_id,
                     (SELECT ST_GeomFromEWKB(%(g)s) AS g) g
                WHERE z.plan_id = ANY(%(plans)s) AND ST_Intersects(z.geom, g.g)
                GROUP BY z.plan_id, c.kode, c.nama, c.kind, j.kode, c.warna, z.wp, z.swp, z.blok, g.g
                ORDER BY share DESC, c.kode, z.wp, z.swp, z.blok
                """,
                {"g": bytes(geom.ewkb), "plans": list(plans.values_list("pk", flat=True))},
            )
            rows = [r for r in cursor.fetchall() if r[9] is None or r[9] >= MIN_SHARE]
        if rows:
            plan = Plan.objects.get(pk=rows[0][0])
            return plan, [
                {
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
                    "intensitas": _intensity(attrs),
                }
                for _plan, kode, nama, kind, judged, warna, wp, swp, blok, share, attrs in rows
            ]
    return None, []


def _intensity(attrs):
    """The zone's intensity limits as a dict; Django's psycopg setup hands jsonb over as text."""
    if isinstance(attrs, str):
        attrs = json.loads(attrs)
    return attrs if isinstance(attrs, dict) else {}


def _area_ha(geom):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {area_ha_sql('ST_GeomFromEWKB(%s)')}", [bytes(geom.ewkb)])
        return round(cursor.fetchone()[0], 4)


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
