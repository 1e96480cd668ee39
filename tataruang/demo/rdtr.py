"""A deterministic demo RDTR for one Wilayah Perencanaan: DATA CONTOH (sintetis).

WP-05 "WP Tigaraksa" of data/tataruang/wilayah_perencanaan.csv (kecamatan
Tigaraksa and Solear) in three SWP: the government centre of the kabupaten
around kelurahan Tigaraksa (SWP-A), an industrial north towards the
Balaraja-Cikupa corridor (SWP-B) and farmland with housing in Solear (SWP-C).
Each desa is one blok; a 500 m grid cuts the blok into zones whose post-2021
sub-zone (R-2, K-1, KPI, SPU-1, RTH-2, P-1 ...) depends on the SWP and on the
distance to the centre, with KDB/KLB/KDH/KTB/TINGGI intensity limits.

Written as a zipped shapefile (UTM 48S, ATR/BPN basis-data attribute names
KODEWP/KODSWP/KODBLK/KODSZN) into data/shapefiles/ and loaded through the same
upload pipeline as a user's file, then mapped and activated as a sample RDTR.
"""

import csv
from pathlib import Path

import numpy as np
import shapely
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

from akun.models import Opd
from core.sample import SAMPLE_LABEL
from layers.models import ExpectedLayer
from layers.samples import SAMPLE_DIR, import_sample

from .. import services
from ..models import Plan
from .common import desa_utm, write_zip

FILE = "dtrb_rdtr_wp_tigaraksa_contoh.zip"
LEGAL_BASIS = "Perkada contoh (bukan dasar hukum resmi)"
WP_KODE = "WP-05"
CENTRE_DESA = "36.03.03.1001"  # kelurahan Tigaraksa, seat of the kabupaten government
CELL_M = 500.0
MIN_PART_M2 = 100.0  # grid slivers along desa edges
# SWP code -> (name, desa codes in blok order); every desa of the WP is in one SWP.
SWP = {
    "SWP-A": (
        "Pusat Pemerintahan Tigaraksa",
        # Tigaraksa, Kadu Agung, Matagara, Margasari, Sodong, Tapos
        ["36.03.03.1001", "36.03.03.1007", "36.03.03.2003", "36.03.03.2010", "36.03.03.2012", "36.03.03.2013"],
    ),
    "SWP-B": (
        "Tigaraksa Utara",
        # Pasir Bolang, Pasir Nangka, Pete, Tegalsari, Pematang, Cisereh
        ["36.03.03.2002", "36.03.03.2004", "36.03.03.2005", "36.03.03.2006", "36.03.03.2008", "36.03.03.2009"],
    ),
    "SWP-C": (
        "Solear",
        # Cileles, Bantar Panjang, then the seven desa of kecamatan Solear
        ["36.03.03.2011", "36.03.03.2014", *(f"36.03.31.200{n}" for n in range(1, 8))],
    ),
}
# Sub-zone weights per SWP (and, in the centre, per distance band in metres).
CENTRE_BANDS = [
    (1000, {"SPU-1": 0.35, "KT": 0.35, "K-1": 0.3}),
    (2500, {"K-2": 0.3, "R-2": 0.4, "C-1": 0.15, "SPU-2": 0.15}),
    (None, {"R-2": 0.35, "R-3": 0.4, "RTH-2": 0.1, "RTH-7": 0.05, "SPU-3": 0.1}),
]
SWP_WEIGHTS = {
    "SWP-B": {"KPI": 0.55, "R-3": 0.25, "K-3": 0.1, "RTH-8": 0.1},
    "SWP-C": {"P-1": 0.4, "R-3": 0.25, "R-4": 0.2, "K-3": 0.07, "RTH-7": 0.04, "SPU-3": 0.04},
}
ZONE_FAMILIES = {
    "R": "Perumahan",
    "K": "Perdagangan dan Jasa",
    "KT": "Perkantoran",
    "C": "Campuran",
    "SPU": "Sarana Pelayanan Umum",
    "RTH": "Ruang Terbuka Hijau",
    "KPI": "Kawasan Peruntukan Industri",
    "P": "Pertanian",
}
# KDB (%), KLB, KDH (%), KTB (% basement; 0 = none), TINGGI (m): contoh values.
INTENSITY = {
    "SPU-1": (60, 2.4, 20, 50, 20),
    "KT": (60, 3.0, 20, 60, 24),
    "K-1": (70, 3.5, 10, 60, 28),
    "K-2": (70, 2.8, 10, 50, 20),
    "K-3": (70, 2.1, 10, 0, 12),
    "C-1": (70, 3.0, 15, 50, 24),
    "SPU-2": (60, 1.8, 20, 0, 12),
    "SPU-3": (60, 1.2, 20, 0, 8),
    "R-2": (70, 2.1, 10, 0, 12),
    "R-3": (60, 1.2, 20, 0, 8),
    "R-4": (50, 1.0, 30, 0, 8),
    "KPI": (60, 1.8, 20, 0, 20),
    "RTH-2": (10, 0.1, 80, 0, 4),
    "RTH-7": (5, 0.05, 90, 0, 4),
    "RTH-8": (0, 0.0, 100, 0, 0),
    "P-1": (5, 0.05, 90, 0, 4),
}


def wilayah_perencanaan():
    """(kode, nama, [kecamatan codes]) of WP_KODE from data/tataruang/wilayah_perencanaan.csv."""
    path = Path(settings.BASE_DIR) / "data" / "tataruang" / "wilayah_perencanaan.csv"
    with open(path, encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        row = next(r for r in rows if r["kode"] == WP_KODE)
    return row["kode"], row["nama"], row["kecamatan"].split(";")


def _sub_zone_names():
    path = Path(settings.BASE_DIR) / "data" / "tataruang" / "klasifikasi_rencana.csv"
    with open(path, encoding="utf-8") as fh:
        return {r["kode"]: r["nama"] for r in csv.DictReader(fh) if r["skema"] == "2021" and r["jenis"] == "zona"}


def _pick(weights, rng):
    codes = list(weights)
    return codes[int(rng.choice(len(codes), p=np.array([weights[c] for c in codes])))]


class _SubZones:
    """Sub-zones in patches: a 3 x 3-cell patch draws one sub-zone, which each of
    its cells keeps with probability PATCH_SHARE; otherwise the cell draws its own."""

    PATCH_SHARE = 0.7

    def __init__(self, rng):
        self.rng = rng
        self.patches = {}

    def __call__(self, swp, cell, distance):
        if swp in SWP_WEIGHTS:
            band, weights = None, SWP_WEIGHTS[swp]
        else:
            band, weights = next((limit, w) for limit, w in CENTRE_BANDS if limit is None or distance < limit)
        key = (swp, band, cell[0] // 3, cell[1] // 3)
        if key not in self.patches:
            self.patches[key] = _pick(weights, self.rng)
        return self.patches[key] if self.rng.random() < self.PATCH_SHARE else _pick(weights, self.rng)


def rdtr_zones(rng):
    """[(polygon UTM 48S, attributes)] of every zone, SWP by SWP, blok by blok."""
    wp_kode, _wp_nama, kecamatan = wilayah_perencanaan()
    desa = {kode: (nama, kec, polygon) for kode, nama, kec, polygon, _y in desa_utm(kecamatan)}
    names = _sub_zone_names()
    centre = desa[CENTRE_DESA][2].point_on_surface()
    minx, miny, _maxx, _maxy = shapely.union_all([polygon for _n, _k, polygon in desa.values()]).bounds
    sub_zone = _SubZones(rng)
    zones = []
    for swp, (swp_nama, desa_codes) in SWP.items():
        for number, kode in enumerate(desa_codes, start=1):
            desa_nama, kecamatan_nama, polygon = desa[kode]
            blok = f"{swp[-1]}.{number:02d}"
            x0, y0, x1, y1 = polygon.bounds
            # Cells on one grid anchored at the WP's corner, so neighbouring blok line up.
            for gx in np.arange(minx + CELL_M * np.floor((x0 - minx) / CELL_M), x1, CELL_M):
                for gy in np.arange(miny + CELL_M * np.floor((y0 - miny) / CELL_M), y1, CELL_M):
                    piece = shapely.intersection(polygon, shapely.box(gx, gy, gx + CELL_M, gy + CELL_M))
                    for part in shapely.get_parts(piece):
                        if part.geom_type != "Polygon" or part.area < MIN_PART_M2:
                            continue
                        cell = (int(round((gx - minx) / CELL_M)), int(round((gy - miny) / CELL_M)))
                        code = sub_zone(swp, cell, part.centroid.distance(centre))
                        family = code.split("-")[0]
                        kdb, klb, kdh, ktb, tinggi = INTENSITY[code]
                        attrs = {
                            "NAMOBJ": names[code],
                            "KODZON": family,
                            "NAMZON": ZONE_FAMILIES[family],
                            "KODSZN": code,
                            "NAMSZN": names[code],
                            "KODEWP": wp_kode,
                            "KODSWP": swp,
                            "NAMSWP": swp_nama,
                            "KODBLK": blok,
                            "WADMKC": kecamatan_nama,
                            "WADMKD": desa_nama,
                            "KDB": kdb,
                            "KLB": klb,
                            "KDH": kdh,
                            "KTB": ktb,
                            "TINGGI": tinggi,
                            "LUASHA": round(part.area / 10_000, 4),
                            "KETERANGAN": SAMPLE_LABEL,
                        }
                        zones.append((part, attrs))
    return zones


def write_rdtr_file(directory=SAMPLE_DIR):
    """Write the demo RDTR as a zipped shapefile (EPSG:32748) into ``directory``; its path."""
    zones = rdtr_zones(np.random.default_rng(2026))
    columns = {name: [attrs[name] for _g, attrs in zones] for name in zones[0][1]}
    return write_zip(FILE, [g for g, _a in zones], columns, directory=directory)


@transaction.atomic
def load_demo_rdtr(user, path=None):
    """Import the demo RDTR file as ``user`` through the upload pipeline, register
    it as a sample RDTR plan, map KODSZN and the WP/SWP/blok columns, activate it."""
    wp_kode, wp_nama, _kecamatan = wilayah_perencanaan()
    version = import_sample(
        path or SAMPLE_DIR / FILE,
        title=f"RDTR {wp_nama} ({SAMPLE_LABEL})",
        opd=Opd.objects.get(kode="dtrb"),
        theme="tata_ruang",
        user=user,
        expected=ExpectedLayer.objects.filter(kode="dtrb-rdtr-zonasi").first(),
    )
    plan = Plan(
        nama=f"RDTR {wp_nama} ({SAMPLE_LABEL})",
        jenis=Plan.Jenis.RDTR,
        legal_basis=LEGAL_BASIS,
        year=2026,
        wilayah_perencanaan=wp_kode,
        layer_version=version,
        class_column="KODSZN",
        is_sample=True,
    )
    for field, column in services.suggest_hierarchy(plan).items():
        setattr(plan, field, column)
    plan.save()
    services.set_mapping(plan, services.suggest_mapping(plan))
    return services.activate(plan)


def ensure_demo_rdtr(stdout, rewrite=False):
    """The demo RDTR, written (when missing or ``rewrite``) and loaded unless a
    sample RDTR of the WP exists already; safe to re-run."""
    path = SAMPLE_DIR / FILE
    if rewrite or not path.exists():
        write_rdtr_file()
        stdout.write(f"Wrote {path.name}")
    if Plan.objects.filter(is_sample=True, jenis=Plan.Jenis.RDTR, wilayah_perencanaan=WP_KODE).exists():
        stdout.write("Demo RDTR already loaded.")
        return None
    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        raise CommandError("Run create_demo_users first.")
    plan = load_demo_rdtr(user, path)
    swp = {row["swp"] for row in plan.zones.values("swp")}
    stdout.write(f"Demo RDTR {WP_KODE}: {plan.zones.count()} zones in {len(swp)} SWP.")
    return plan
