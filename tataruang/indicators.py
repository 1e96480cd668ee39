"""LP2B areas and conversion, and the RDTR synchronisation indicator."""

import json

from django.db import connection

from core import geojson
from core.functions import M2_PER_HA, area_ha_sql, area_m2_sql
from core.geojson import Page
from layers.models import Feature, Layer

from .models import LandUse, Plan, SinkronisasiRdtr, WilayahPerencanaan

NON_AGRICULTURAL = ("terbangun_hunian", "terbangun_industri", "terbangun_komersial", "terbangun_umum")
AGRICULTURAL_CLASSES = ("P-1", "P-2", "P-3", "IK", "LB", "LK", "PRK")
# "Persentase Pelaksanaan Sinkronisasi RDTR di Kabupaten Tangerang" (peta jalan, Buku II):
# the targets come from the roadmap (programme L-3); these are the fallback
# while the roadmap is not loaded.
RDTR_SYNC_TARGETS = [
    {"tahun": 2024, "target": 0.2143},
    {"tahun": 2025, "target": 0.2857},
    {"tahun": 2026, "target": 0.4286},
]


def lp2b_layer():
    return Layer.objects.published().filter(expected__kode="dpkp-lp2b").select_related("published_version").first()


def lp2b_areas(level="kecamatan"):
    """LP2B/LCP2B/KP2B area (ha, UTM 48S) per kecamatan or desa, by the JENIS attribute."""
    layer = lp2b_layer()
    if layer is None:
        return None
    group = "k.kode, k.nama" if level == "kecamatan" else "d.kode, d.nama"
    piece = "CASE WHEN ST_Covers(p.geom, f.geom) THEN f.geom ELSE ST_Intersection(f.geom, p.geom) END"
    # Raw SQL: the overlay with desa pieces, areas in the metric CRS.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT {group}, COALESCE(upper(f.attrs->>'JENIS'), 'LP2B') AS jenis, sum({area_m2_sql(piece)}) / {M2_PER_HA}
            FROM wilayah_desapiece p
            JOIN {_features(layer)} f ON f.geom && p.geom AND ST_Intersects(p.geom, f.geom)
            JOIN wilayah_desa d ON d.id = p.desa_id
            JOIN wilayah_kecamatan k ON k.id = p.kecamatan_id
            GROUP BY {group}, 3 ORDER BY 1, 3
            """
        )
        rows = cursor.fetchall()
    areas = {}
    for kode, nama, jenis, ha in rows:
        entry = areas.setdefault(kode, {"kode": kode, "nama": nama, "total_ha": 0.0})
        entry[f"{jenis.lower()}_ha"] = round(ha, 4)
        entry["total_ha"] = round(entry["total_ha"] + ha, 4)
    return {"layer": layer.slug, "is_sample": layer.is_sample, "level": level, "results": list(areas.values())}


def lp2b_conversion():
    """LP2B under non-agricultural existing use (per land-use year) and under
    non-agricultural zoning of the active RTRW/RDTR; areas in ha."""
    layer = lp2b_layer()
    if layer is None:
        return None
    years = []
    with connection.cursor() as cursor:
        for land_use in LandUse.objects.exclude(status=LandUse.Status.DRAFT).order_by("year"):
            cursor.execute(
                f"""
                SELECT count(*), COALESCE(sum({area_m2_sql("ST_Intersection(f.geom, p.geom)")}), 0)
                FROM {_features(layer)} f
                JOIN tataruang_landuseparcel p ON p.land_use_id = %(land_use)s AND p.geom && f.geom
                     AND ST_Intersects(f.geom, p.geom)
                JOIN tataruang_landuseclass c ON c.id = p.land_use_class_id AND c.kategori = ANY(%(kinds)s)
                """,
                {"land_use": land_use.pk, "kinds": list(NON_AGRICULTURAL)},
            )
            count, m2 = cursor.fetchone()
            years.append(
                {"tahun": land_use.year, "lahan": land_use.nama, "bidang": count, "luas_ha": round(m2 / 1e4, 4)}
            )
        zoning = None
        plan = Plan.objects.for_indicator().first()
        if plan is not None:
            cursor.execute(
                f"""
                SELECT COALESCE(sum({area_m2_sql("ST_Intersection(f.geom, z.geom)")}), 0)
                FROM {_features(layer)} f
                JOIN tataruang_planzone z ON z.plan_id = %(plan)s AND z.geom && f.geom AND ST_Intersects(f.geom, z.geom)
                JOIN tataruang_planclass c ON c.id = z.plan_class_id AND NOT (c.kode = ANY(%(agri)s))
                """,
                {"plan": plan.pk, "agri": list(AGRICULTURAL_CLASSES)},
            )
            zoning = {"rencana": plan.nama, "luas_ha": round(cursor.fetchone()[0] / 1e4, 4)}
    return {"layer": layer.slug, "is_sample": layer.is_sample, "per_tahun": years, "zonasi_non_pertanian": zoning}


def rdtr_sync_targets():
    """``(targets, source)``: L-3's targets (fractions) from the peta jalan, or the fallback and why."""
    from roadmap.services import SINKRONISASI_RDTR, RoadmapNotLoaded, fraction_targets

    try:
        targets, source = fraction_targets(SINKRONISASI_RDTR)
    except RoadmapNotLoaded as exc:
        return RDTR_SYNC_TARGETS, str(exc)
    return [{"tahun": t["tahun"], "target": t["target"]} for t in targets], source


def rdtr_sync():
    """Share of the Wilayah Perencanaan with a synchronised RDTR, per year, beside the targets."""
    total = WilayahPerencanaan.objects.count()
    rows = []
    targets, source = rdtr_sync_targets()
    for target in targets:
        done = (
            SinkronisasiRdtr.objects.filter(tahun__lte=target["tahun"], status="selesai")
            .values("wilayah")
            .distinct()
            .count()
        )
        value = round(done / total, 4) if total else None
        rows.append(
            {
                **target,
                "selesai": done,
                "jumlah_wp": total,
                "realisasi": value,
                "tercapai": value is not None and value >= target["target"],
            }
        )
    wilayah = [
        {
            "kode": wp.kode,
            "nama": wp.nama,
            "is_sample": wp.is_sample,
            "kecamatan": [k.nama for k in wp.kecamatan.all()],
            "status": {s.tahun: s.status for s in wp.sinkronisasi.all()},
        }
        for wp in WilayahPerencanaan.objects.prefetch_related("kecamatan", "sinkronisasi")
    ]
    return {"per_tahun": rows, "targets_sumber": source, "wilayah_perencanaan": wilayah}


def lp2b_conversion_pieces(year=None, limit=1000):
    """The alih-fungsi worklist as a dict for pages: the FeatureCollection's
    members and its features parsed (see conversion_pieces_page); None as there."""
    found = conversion_pieces_page(year, limit)
    if found is None:
        return None
    members, page = found
    return {"type": "FeatureCollection", **members, "features": [json.loads(text) for _key, text in page.features]}


def conversion_pieces_page(year=None, limit=1000):
    """The LP2B pieces under non-agricultural existing use (the alih-fungsi worklist),
    largest first: (collection members {tahun, layer, is_sample}, core.geojson.Page
    of their Features, lon/lat, areas in ha measured in EPSG:32748); ``year``
    picks the land-use year (default: latest). None without an LP2B layer or land use."""
    layer = lp2b_layer()
    land_uses = LandUse.objects.exclude(status=LandUse.Status.DRAFT).order_by("-year")
    land_use = land_uses.filter(year=year).first() if year else land_uses.first()
    if layer is None or land_use is None:
        return None
    feature, feature_params = geojson.feature_sql("s.g", PIECE_PROPERTIES, precision=PIECE_PRECISION)
    pieces = CONVERSION_PIECES_SQL.format(features=_features(layer))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {feature} FROM {pieces} AND {area_ha_sql('s.g')} >= %s ORDER BY ST_Area(s.g) DESC LIMIT %s",
            [*feature_params, land_use.pk, list(NON_AGRICULTURAL), WORKLIST_MIN_HA, limit],
        )
        rows = cursor.fetchall()
        cursor.execute(
            f"SELECT count(*), COALESCE(sum({area_m2_sql('s.g')}), 0) FROM {pieces} AND {area_ha_sql('s.g')} < %s",
            [land_use.pk, list(NON_AGRICULTURAL), WORKLIST_MIN_HA],
        )
        sliver_count, sliver_m2 = cursor.fetchone()
    members = {
        "tahun": land_use.year,
        "layer": layer.slug,
        "is_sample": layer.is_sample,
        # Left out of the list (and the map), counted here so that nothing is hidden.
        "serpihan": {"jumlah": sliver_count, "luas_m2": round(sliver_m2, 1), "di_bawah_ha": WORKLIST_MIN_HA},
    }
    return members, Page([(None, text) for (text,) in rows])


def _features(layer):
    """The published version's features, for raw SQL (``FROM ... f``)."""
    return Feature.objects.sql_source(layer.published_version_id)


PIECE_PRECISION = 7  # decimals of a coordinate, about 1 cm
PIECE_PROPERTIES = [
    ("lp2b_feature", "s.fid"),
    ("jenis", "s.jenis"),
    ("penggunaan_lahan", "s.lahan"),
    # Rounded as numeric, written as a float (0.5, not 0.5000).
    ("luas_ha", f"round({area_ha_sql('s.g')}::numeric, 4)::float8"),
    ("desa", "d.kode"),
    ("desa_nama", "d.nama"),
    ("kecamatan", "k.kode"),
    ("kecamatan_nama", "k.nama"),
]
# Pieces smaller than this (50 m²) would read 0,00 ha in the worklist: slivers
# where the LP2B and land-use boundaries do not quite meet, nothing a planner can
# act on in the field. The worklist (page, map, GeoJSON) leaves them out and
# says how many there are and their area in m²; the conversion totals
# (lp2b_conversion) still count them.
WORKLIST_MIN_HA = 0.005
# Raw SQL: the LP2B pieces are intersections computed on the fly, each placed in
# the desa holding a point on its surface. The callers add the area condition,
# the order and the limit.
CONVERSION_PIECES_SQL = """
    (
        SELECT f.id AS fid, COALESCE(upper(f.attrs->>'JENIS'), 'LP2B') AS jenis, c.nama AS lahan,
               ST_CollectionExtract(ST_Intersection(f.geom, p.geom), 3) AS g
        FROM {features} f
        JOIN tataruang_landuseparcel p ON p.land_use_id = %s AND p.geom && f.geom AND ST_Intersects(f.geom, p.geom)
        JOIN tataruang_landuseclass c ON c.id = p.land_use_class_id AND c.kategori = ANY(%s)
    ) s
    LEFT JOIN wilayah_desapiece dp ON ST_Intersects(dp.geom, ST_PointOnSurface(s.g))
    LEFT JOIN wilayah_desa d ON d.id = dp.desa_id
    LEFT JOIN wilayah_kecamatan k ON k.id = dp.kecamatan_id
    WHERE NOT ST_IsEmpty(s.g)
"""
