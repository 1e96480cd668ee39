"""Deterministic demo plan, land use and LP2B over the real desa: DATA CONTOH (sintetis).

Written as shapefiles (UTM 48S, RBI/ATR-style attribute names) into
data/shapefiles/ and loaded through the same upload pipeline as a user's file.
Regional pattern (issue #5): industry along the Balaraja-Cikupa toll corridor,
coastal protection and mangrove in the north, farmland and LP2B in the
north-west, dense housing in the south-east; about 15% of the land use departs
from the plan.
"""

import numpy as np
import shapely

from core.sample import SAMPLE_LABEL

from .common import desa_utm, write_zip

COAST = {"Kronjo", "Mauk", "Pakuhaji", "Teluknaga", "Kosambi", "Kemiri"}
FARMLAND = {"Kresek", "Kronjo", "Gunung Kaler", "Mekar Baru", "Sukadiri", "Kemiri", "Sukamulya", "Jayanti"}
TOLL_CORRIDOR = {"Balaraja", "Cikupa", "Pasar Kemis", "Jayanti", "Tigaraksa"}
DENSE_HOUSING = {"Kelapa Dua", "Pagedangan", "Curug", "Cikupa", "Cisauk", "Legok"}
ZONE_NAMES = {
    "EM": "Kawasan Ekosistem Mangrove",
    "PS": "Kawasan Perlindungan Setempat",
    "P-1": "Kawasan Tanaman Pangan",
    "IK": "Kawasan Perikanan Budi Daya",
    "KPI": "Kawasan Peruntukan Industri",
    "PK": "Kawasan Permukiman Perkotaan",
    "PD": "Kawasan Permukiman Perdesaan",
    "RTH": "Ruang Terbuka Hijau",
}
PLANNED_USE = {
    "EM": "Hutan Mangrove",
    "PS": "Semak Belukar",
    "P-1": "Sawah",
    "IK": "Tambak",
    "KPI": "Industri dan Pergudangan",
    "PK": "Perumahan",
    "PD": "Permukiman dan Tempat Kegiatan",
    "RTH": "Taman dan Ruang Terbuka Hijau",
}
OTHER_USES = [
    "Perumahan",
    "Industri dan Pergudangan",
    "Sawah",
    "Tegalan/Ladang",
    "Tanah Kosong/Gundul",
    "Perdagangan dan Jasa",
    "Tambak",
]
FILES = {
    "plan": "dtrb_rtrw_pola_ruang_contoh.zip",
    "land_use": "dtrb_penggunaan_lahan_2025_contoh.zip",
    "lp2b": "dpkp_lp2b_contoh.zip",
}


def _zone_classes(kecamatan, north_part, coastal, rng):
    if coastal and north_part:
        return "EM" if rng.random() < 0.5 else "PS"
    if kecamatan in COAST:
        return "IK" if rng.random() < 0.4 else "P-1"
    if kecamatan in FARMLAND:
        return "P-1" if rng.random() < 0.75 else "PD"
    if kecamatan in TOLL_CORRIDOR and not north_part:
        return "KPI"
    if kecamatan in DENSE_HOUSING:
        return "PK" if rng.random() < 0.9 else "RTH"
    return ["PD", "PK", "P-1"][int(rng.integers(0, 3))]


def plan_zones(rng):
    """Each desa split east-west of its centre line into a north and a south zone."""
    zones, classes = [], []
    for _kode, _nama, kecamatan, polygon, ymax in desa_utm():
        cy = polygon.centroid.y
        minx, miny, maxx, maxy = polygon.bounds
        coastal = kecamatan in COAST and ymax > -6.08
        for north_part, box in ((True, shapely.box(minx, cy, maxx, maxy)), (False, shapely.box(minx, miny, maxx, cy))):
            part = shapely.intersection(polygon, box)
            if part.is_empty or part.area < 1:
                continue
            zones.append(part)
            classes.append(_zone_classes(kecamatan, north_part, coastal, rng))
    return zones, classes


def land_use(zones, classes, rng, side=400.0):
    """A grid of parcels over the zones; 85% follow the plan, the rest differ."""
    area = shapely.union_all(zones)
    minx, miny, maxx, maxy = area.bounds
    gx, gy = np.meshgrid(np.arange(minx, maxx, side), np.arange(miny, maxy, side))
    cells = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + side, gy.ravel() + side)
    tree = shapely.STRtree(zones)
    parcels, uses = [], []
    for cell in cells:
        for index in tree.query(cell, predicate="intersects"):
            piece = shapely.intersection(cell, zones[index])
            if piece.is_empty or piece.area < 100:
                continue
            for part in shapely.get_parts(piece):
                if part.geom_type != "Polygon" or part.area < 100:
                    continue
                planned = PLANNED_USE[classes[index]]
                use = planned if rng.random() < 0.85 else OTHER_USES[int(rng.integers(0, len(OTHER_USES)))]
                parcels.append(part)
                uses.append(use)
    return parcels, uses


def write_demo_files():
    """Write the plan, land-use and LP2B shapefiles (zipped) into data/shapefiles/."""
    rng = np.random.default_rng(2025)
    zones, classes = plan_zones(rng)
    label = SAMPLE_LABEL
    plan = write_zip(
        FILES["plan"],
        zones,
        {"NAMOBJ": [ZONE_NAMES[c] for c in classes], "KODE": classes, "KETERANGAN": [label] * len(zones)},
    )
    parcels, uses = land_use(zones, classes, rng)
    land = write_zip(FILES["land_use"], parcels, {"REMARK": uses, "TAHUN": [2025] * len(parcels)})
    lp2b = [
        shapely.buffer(shapely.point_on_surface(zone), 250.0, quad_segs=4)
        for zone, cls in zip(zones, classes, strict=True)
        if cls == "P-1"
    ]
    lp2b_file = write_zip(
        FILES["lp2b"],
        lp2b,
        {"JENIS": ["LP2B" if i % 3 else "LCP2B" for i in range(len(lp2b))], "KETERANGAN": [label] * len(lp2b)},
    )
    return plan, land, lp2b_file
