"""Deterministic demo struktur ruang of the demo RTRW: DATA CONTOH (sintetis).

Two shapefiles in UTM 48S (EPSG:32748) with RBI/ATR-style attribute names,
built from the real desa and kecamatan of the database:

- ``dtrb_rtrw_struktur_pusat_contoh.zip`` (points): the sistem pusat
  permukiman. Every kecamatan centre is a PPK, five urban centres are PKL
  (Tigaraksa, the regency capital, among them) and outlying desa more than
  PPL_MIN_KM from their kecamatan centre are PPL.
- ``dtrb_rtrw_struktur_jaringan_contoh.zip`` (lines): the rencana jaringan
  transportasi. Toll roads along the Kelapa Dua-Curug-Cikupa-Balaraja corridor
  (existing) and Serpong-Balaraja (planned), arterial roads linking the main
  centres, collector roads joining the other kecamatan centres (a minimum
  spanning tree) and the Serpong-Maja railway through Cisauk and Tigaraksa.
  Every line is clipped to the kabupaten shrunk by EDGE_M metres.

A kecamatan centre is the desa bearing the kecamatan's name (or the first whose
name starts with it), else the kecamatan's own point on surface.
"""

import numpy as np
import shapely
from django.db import connection

from core.sample import SAMPLE_LABEL
from layers.samples import SAMPLE_DIR

from .common import write_zip

FILES = {
    "pusat": "dtrb_rtrw_struktur_pusat_contoh.zip",
    "jaringan": "dtrb_rtrw_struktur_jaringan_contoh.zip",
}
TITLES = {
    "pusat": f"RTRW Struktur Ruang - Sistem Pusat Permukiman ({SAMPLE_LABEL})",
    "jaringan": f"RTRW Struktur Ruang - Jaringan Transportasi ({SAMPLE_LABEL})",
}
# Catalogue entries the layers fill (data/katalog_layer.csv); the centres have none.
EXPECTED = {"jaringan": "dtrb-rtrw-struktur-ruang"}

CAPITAL = "Tigaraksa"
PKL = ("Tigaraksa", "Balaraja", "Cikupa", "Teluknaga", "Kelapa Dua")
PPL_MIN_KM = 5.0
PUSAT_NAMES = {
    "PKL": "Pusat Kegiatan Lokal",
    "PPK": "Pusat Pelayanan Kawasan",
    "PPL": "Pusat Pelayanan Lingkungan",
}
EDGE_M = 100.0
# (name, jenis jaringan, fungsi, status, kecamatan centres in order, extensions in metres (dx, dy) from the
# first and the last centre, so that a road leaving the kabupaten runs to its edge).
NETWORKS = [
    (
        "Jalan Tol Jakarta-Tangerang-Merak",
        "Jalan Tol",
        "Jalan Bebas Hambatan",
        "Eksisting",
        ("Kelapa Dua", "Curug", "Cikupa", "Balaraja"),
        ((6000, 1000), (-15000, 2500)),
    ),
    (
        "Jalan Tol Serpong-Balaraja",
        "Jalan Tol",
        "Jalan Bebas Hambatan",
        "Rencana",
        ("Cisauk", "Legok", "Panongan", "Tigaraksa", "Balaraja"),
        ((4000, -1000), None),
    ),
    (
        "Jalan Arteri Tigaraksa-Cikupa-Teluknaga",
        "Jalan Arteri",
        "Arteri Primer",
        "Eksisting",
        ("Tigaraksa", "Cikupa", "Pasar Kemis", "Sepatan", "Teluknaga"),
        None,
    ),
    (
        "Jalan Arteri Balaraja-Kresek-Kronjo",
        "Jalan Arteri",
        "Arteri Primer",
        "Eksisting",
        ("Balaraja", "Sukamulya", "Kresek", "Kronjo"),
        None,
    ),
    (
        "Jalan Arteri Pantai Utara",
        "Jalan Arteri",
        "Arteri Primer",
        "Rencana",
        ("Kronjo", "Kemiri", "Mauk", "Pakuhaji", "Teluknaga", "Kosambi"),
        None,
    ),
    (
        "Jalan Arteri Tigaraksa-Legok-Kelapa Dua",
        "Jalan Arteri",
        "Arteri Primer",
        "Eksisting",
        ("Tigaraksa", "Legok", "Kelapa Dua"),
        None,
    ),
    (
        "Jalur KA Serpong-Maja (Tanah Abang-Rangkasbitung)",
        "Jalur Kereta Api",
        "Jaringan Jalur Kereta Api Umum",
        "Eksisting",
        ("Cisauk", "Jambe", "Tigaraksa", "Solear"),
        ((3000, 2000), (-9000, -4000)),
    ),
]


def _fetch(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def places():
    """(desa, kecamatan points, kabupaten) in EPSG:32748 (metres).

    desa: [(kode, nama, kecamatan nama, point on surface)] ordered by code;
    kecamatan: {nama: point on surface}; kabupaten: its polygon."""
    desa = [
        (kode, nama, kec, shapely.from_wkb(bytes(wkb)))
        for kode, nama, kec, wkb in _fetch(
            "SELECT d.kode, d.nama, k.nama, ST_AsBinary(ST_Transform(ST_PointOnSurface(d.geom), 32748)) "
            "FROM wilayah_desa d JOIN wilayah_kecamatan k ON k.id = d.kecamatan_id ORDER BY d.kode"
        )
    ]
    kecamatan = {
        nama: shapely.from_wkb(bytes(wkb))
        for nama, wkb in _fetch(
            "SELECT nama, ST_AsBinary(ST_Transform(ST_PointOnSurface(geom), 32748)) "
            "FROM wilayah_kecamatan ORDER BY kode"
        )
    }
    ((wkb,),) = _fetch("SELECT ST_AsBinary(ST_Transform(geom, 32748)) FROM wilayah_kabupaten")
    return desa, kecamatan, shapely.from_wkb(bytes(wkb))


def kecamatan_centres(desa, kecamatan):
    """{kecamatan: (desa kode or None, point)}: the desa named like the kecamatan, else its point on surface."""
    centres = {}
    for name, fallback in kecamatan.items():
        members = [(kode, nama.lower(), point) for kode, nama, kec, point in desa if kec == name]
        exact = [(kode, point) for kode, nama, point in members if nama == name.lower()]
        prefixed = [(kode, point) for kode, nama, point in members if nama.startswith(name.lower())]
        centres[name] = (exact or prefixed or [(None, fallback)])[0]
    return centres


def pusat(desa, centres):
    """Centres as (point, NAMOBJ, JNSPUSAT, REMARK, kecamatan)."""
    rows = []
    for name, (_kode, point) in centres.items():
        level = "PKL" if name in PKL else "PPK"
        remark = PUSAT_NAMES[level] + (" (ibu kota kabupaten)" if name == CAPITAL else "")
        rows.append((point, f"{level} {name}", level, remark, name))
    centre_desa = {kode for kode, _point in centres.values()}
    farthest = {}
    for kode, nama, kec, point in desa:
        distance = point.distance(centres[kec][1])
        if kode not in centre_desa and distance > farthest.get(kec, (0, None, None))[0]:
            farthest[kec] = (distance, nama, point)
    for kec in sorted(farthest):
        distance, nama, point = farthest[kec]
        if distance >= PPL_MIN_KM * 1000:
            rows.append((point, f"PPL {nama}", "PPL", PUSAT_NAMES["PPL"], kec))
    return rows


def _chain(centres, names, extensions):
    points = [np.array(centres[name][1].coords[0]) for name in names]
    if extensions and extensions[0]:
        points.insert(0, points[0] + extensions[0])
    if extensions and extensions[1]:
        points.append(points[-1] + extensions[1])
    return shapely.LineString(points)


def _collector_edges(centres, taken):
    """Minimum spanning tree of the kecamatan centres (Prim), without the pairs another network already joins."""
    names = sorted(centres)
    xy = np.array([centres[name][1].coords[0] for name in names])
    connected, edges = {0}, []
    while len(connected) < len(names):
        a, b = min(
            ((a, b) for a in connected for b in range(len(names)) if b not in connected),
            key=lambda ab: float(np.hypot(*(xy[ab[0]] - xy[ab[1]]))),
        )
        connected.add(b)
        if frozenset((names[a], names[b])) not in taken:
            edges.append((names[a], names[b]))
    return edges


def jaringan(centres, kabupaten):
    """Network lines as (multilinestring, NAMOBJ, JNSJRN, FUNGSI, STATUS), clipped inside the kabupaten."""
    inside = kabupaten.buffer(-EDGE_M)
    rows, taken = [], set()
    for name, jenis, fungsi, status, names, extensions in NETWORKS:
        rows.append((_chain(centres, names, extensions), name, jenis, fungsi, status))
        # A collector road would hide under (or over) a toll road, arterial road or railway.
        taken.update(frozenset(pair) for pair in zip(names, names[1:], strict=False))
    for a, b in _collector_edges(centres, taken):
        rows.append(
            (_chain(centres, (a, b), None), f"Jalan Kolektor {a}-{b}", "Jalan Kolektor", "Kolektor Primer", "Eksisting")
        )
    clipped = []
    for line, *attrs in rows:
        parts = [p for p in shapely.get_parts(shapely.intersection(line, inside)) if p.geom_type == "LineString"]
        if parts:
            clipped.append((shapely.MultiLineString(parts), *attrs))
    return clipped


def write_files():
    """Write both shapefiles (zipped) into data/shapefiles/; returns their paths."""
    desa, kecamatan, kabupaten = places()
    centres = kecamatan_centres(desa, kecamatan)
    points = pusat(desa, centres)
    lines = jaringan(centres, kabupaten)
    pusat_file = write_zip(
        FILES["pusat"],
        [row[0] for row in points],
        {
            "NAMOBJ": [row[1] for row in points],
            "JNSPUSAT": [row[2] for row in points],
            "REMARK": [row[3] for row in points],
            "WADMKC": [row[4] for row in points],
            "KETERANGAN": [SAMPLE_LABEL] * len(points),
        },
        geometry_type="Point",
    )
    jaringan_file = write_zip(
        FILES["jaringan"],
        [row[0] for row in lines],
        {
            "NAMOBJ": [row[1] for row in lines],
            "JNSJRN": [row[2] for row in lines],
            "FUNGSI": [row[3] for row in lines],
            "STATUS": [row[4] for row in lines],
            "KETERANGAN": [SAMPLE_LABEL] * len(lines),
        },
        geometry_type="MultiLineString",
    )
    return pusat_file, jaringan_file


def files_exist():
    return all((SAMPLE_DIR / name).exists() for name in FILES.values())


# Layer styles of the public map (categorised by the class attribute); the tata ruang maps draw the same classes.
STYLES = {
    "pusat": {
        "type": "categorized",
        "attribute": "JNSPUSAT",
        "default_color": "#999999",
        "categories": [
            {"value": "PKL", "label": "PKL - Pusat Kegiatan Lokal", "color": "#111111"},
            {"value": "PPK", "label": "PPK - Pusat Pelayanan Kawasan", "color": "#5f5f5f"},
            {"value": "PPL", "label": "PPL - Pusat Pelayanan Lingkungan", "color": "#9a9a9a"},
        ],
    },
    "jaringan": {
        "type": "categorized",
        "attribute": "JNSJRN",
        "default_color": "#7a7a7a",
        "categories": [
            {"value": "Jalan Tol", "label": "Jalan Tol", "color": "#6b2c91"},
            {"value": "Jalan Arteri", "label": "Jalan Arteri", "color": "#1f4e9c"},
            {"value": "Jalan Kolektor", "label": "Jalan Kolektor", "color": "#4f95d6"},
            {"value": "Jalur Kereta Api", "label": "Jalur Kereta Api", "color": "#222222"},
        ],
    },
}


def _sample_version(kind):
    """The published (else latest) version of the sample layer imported from the kind's file, if any."""
    from layers.models import Layer

    layer = Layer.objects.filter(is_sample=True, versions__source_filename=FILES[kind]).order_by("pk").first()
    if layer is None:
        return None
    return layer.published_version or layer.versions.order_by("-number").first()


def _import(kind, user, opd):
    from layers.models import ExpectedLayer, Layer
    from layers.samples import import_sample

    expected = ExpectedLayer.objects.filter(kode=EXPECTED.get(kind, "")).first()
    version = import_sample(
        SAMPLE_DIR / FILES[kind], title=TITLES[kind], opd=opd, theme="tata_ruang", user=user, expected=expected
    )
    layer = Layer.objects.get(pk=version.layer_id)  # published since; reload before saving
    layer.style = STYLES[kind]
    layer.description = (
        f"{SAMPLE_LABEL}: rencana struktur ruang RTRW ({'pusat permukiman' if kind == 'pusat' else 'jaringan'})"
    )
    layer.abstract = (
        f"{SAMPLE_LABEL}. Dibuat di atas desa dan kecamatan yang sebenarnya untuk memperagakan struktur ruang."
    )
    layer.lineage = f"Dibuat dengan generate_demo_tataruang; berkas data/shapefiles/{FILES[kind]}."
    layer.keywords = ["contoh", "tata_ruang", "struktur ruang"]
    layer.save()
    return version


def link_to_demo_plan(user, opd):
    """Load the struktur files (once) and link them to the demo RTRW when it has no struktur yet.

    Returns the plan linked now, or None when there is no demo RTRW or it already has struktur."""
    from ..models import Plan

    plan = Plan.objects.filter(is_sample=True, jenis=Plan.Jenis.RTRW).order_by("pk").first()
    if plan is None or plan.struktur.exists():
        return None
    versions = [_sample_version(kind) or _import(kind, user, opd) for kind in FILES]
    plan.struktur.set(versions)
    return plan
