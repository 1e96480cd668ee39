"""Sample sectoral layers (DATA CONTOH, synthetic) over the real desa boundaries.

The files are deterministic, kept in data/shapefiles/ so a new user can try the
upload wizard with them, and loaded by ``load_sample_layers`` through the same
import path a user's upload takes. Each format the wizard accepts is present.
"""

import csv
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from django.conf import settings
from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import Point
from django.db import connection

from core.sample import SAMPLE_LABEL

SAMPLE_DIR = Path(settings.BASE_DIR) / "data" / "shapefiles"
NORTH = {"Kronjo", "Mauk", "Pakuhaji", "Teluknaga", "Kosambi", "Kemiri", "Sukadiri", "Mekar Baru", "Rajeg", "Sepatan"}


@dataclass
class Sample:
    filename: str
    expected: str  # ExpectedLayer.kode
    title: str
    style: dict
    options: dict = field(default_factory=dict)


SAMPLES = [
    Sample(
        "dinkes_faskes_utm48s.zip",
        "dinkes-faskes",
        "Fasilitas Kesehatan",
        {
            "type": "categorized",
            "attribute": "jenis",
            "default_color": "#999999",
            "categories": [
                {"value": "Puskesmas", "label": "Puskesmas", "color": "#e31a1c", "icon": "hospital"},
                {"value": "Rumah Sakit", "label": "Rumah Sakit", "color": "#b10026", "icon": "hospital"},
                {"value": "Klinik", "label": "Klinik", "color": "#fb6a4a", "icon": "hospital"},
            ],
        },
    ),
    Sample(
        "disdik_sekolah.geojson",
        "disdik-sekolah",
        "Sekolah",
        {
            "type": "categorized",
            "attribute": "jenjang",
            "default_color": "#999999",
            "categories": [
                {"value": "SD", "label": "SD", "color": "#1f78b4", "icon": "school"},
                {"value": "SMP", "label": "SMP", "color": "#6a3d9a", "icon": "school"},
            ],
        },
    ),
    Sample(
        "bpbd_kejadian_banjir.geojson",
        "bpbd-kejadian-banjir",
        "Kejadian Banjir",
        {"type": "single", "color": "#0868ac", "icon": "water"},
    ),
    Sample(
        "dlhk_tps.csv",
        "dlhk-tps",
        "Tempat Penampungan Sementara (TPS)",
        {"type": "single", "color": "#33a02c", "icon": "trash"},
    ),
    Sample(
        "dbmsda_jalan_kabupaten.gpkg",
        "dbmsda-jalan-kabupaten",
        "Jaringan Jalan Kabupaten",
        {
            "type": "categorized",
            "attribute": "kondisi",
            "default_color": "#777777",
            "categories": [
                {"value": "baik", "label": "Baik", "color": "#1a9641"},
                {"value": "sedang", "label": "Sedang", "color": "#fdae61"},
                {"value": "rusak", "label": "Rusak", "color": "#d7191c"},
            ],
        },
    ),
]


def _desa():
    """(kode, nama, kecamatan nama, polygon) of every desa, ordered by code."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.kode, d.nama, k.nama, ST_AsBinary(d.geom) FROM wilayah_desa d "
            "JOIN wilayah_kecamatan k ON k.id = d.kecamatan_id ORDER BY d.kode"
        )
        return [(kode, nama, kec, shapely.from_wkb(bytes(wkb))) for kode, nama, kec, wkb in cursor.fetchall()]


def _random_point_in(polygon, rng):
    minx, miny, maxx, maxy = polygon.bounds
    for _ in range(1000):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(shapely.Point(x, y)):
            return x, y
    point = polygon.representative_point()
    return point.x, point.y


def write_sample_files(directory=SAMPLE_DIR):
    """Write every sample file into ``directory``; returns their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    desa = _desa()
    rng = np.random.default_rng(3603)
    paths = [
        _faskes(directory, desa, rng),
        _sekolah(directory, desa, rng),
        _banjir(directory, desa, rng),
        _tps(directory, desa, rng),
        _jalan(directory, desa),
    ]
    return paths


def _utm(points):
    """WGS 84 lon/lat to UTM 48S (x, y), through GDAL."""
    transform = CoordTransform(SpatialReference(4326), SpatialReference(32748))
    out = []
    for lon, lat in points:
        point = Point(lon, lat, srid=4326)
        point.transform(transform)
        out.append((point.x, point.y))
    return out


def _faskes(directory, desa, rng):
    # One puskesmas per kecamatan, a few hospitals and clinics; UTM 48S, cp1252 DBF, no .cpg.
    by_kecamatan = {}
    for kode, nama, kec, polygon in desa:
        by_kecamatan.setdefault(kec, (kode, nama, kec, polygon))
    rows = []
    for kec, (_kode, nama, _k, polygon) in sorted(by_kecamatan.items()):
        rows.append(("Puskesmas", f"Puskesmas {kec}", f"Jl. Raya {nama}", _random_point_in(polygon, rng)))
    for index in range(0, len(desa), 23):
        kode, nama, kec, polygon = desa[index]
        kind = "Rumah Sakit" if index % 2 == 0 else "Klinik"
        rows.append(
            (kind, f"{kind} Sehat Sentosa – {nama}", f"Desa {nama}, Kec. {kec}", _random_point_in(polygon, rng))
        )
    stem = directory / "dinkes_faskes_utm48s"
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        stem.with_suffix(suffix).unlink(missing_ok=True)
    pyogrio.raw.write(
        str(stem.with_suffix(".shp")),
        shapely.to_wkb(shapely.points(_utm([r[3] for r in rows]))),
        [
            np.array([r[0] for r in rows], dtype=object),
            np.array([r[1] for r in rows], dtype=object),
            np.array([r[2] for r in rows], dtype=object),
            np.array([int(rng.integers(5, 60)) for _ in rows], dtype=np.int64),
        ],
        ["jenis", "nama", "alamat", "tmp_tidur"],
        driver="ESRI Shapefile",
        geometry_type="Point",
        crs="EPSG:32748",
        encoding="cp1252",
    )
    stem.with_suffix(".cpg").unlink(missing_ok=True)
    archive = directory / "dinkes_faskes_utm48s.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for suffix in (".shp", ".shx", ".dbf", ".prj"):
            zf.write(stem.with_suffix(suffix), f"faskes/{stem.name}{suffix}")
            stem.with_suffix(suffix).unlink()
    return archive


def _sekolah(directory, desa, rng):
    features = []
    for kode, nama, _kec, polygon in desa:
        for jenjang in ("SD", "SMP") if rng.random() < 0.35 else ("SD",):
            lon, lat = _random_point_in(polygon, rng)
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "nama": f"{jenjang} Negeri {nama}",
                        "jenjang": jenjang,
                        "kode_desa": kode,
                        "siswa": int(rng.integers(120, 900)),
                        "keterangan": SAMPLE_LABEL,
                    },
                    "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                }
            )
    path = directory / "disdik_sekolah.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "name": "sekolah", "features": features}, ensure_ascii=False, indent=0)
    )
    return path


# Rainy-season months (Nov-Mar), when the floods of the northern plain come.
FLOOD_MONTHS = (1, 2, 3, 11, 12)


def _banjir(directory, desa, rng):
    # Flood events (the attribute rule of flood.kejadian) in the northern low
    # kecamatan; the random draws are those of the former KML sample, so the
    # files written after this one stay the same.
    north = [d for d in desa if d[2] in NORTH]
    features = []
    for index in range(40):
        kode, nama, kec, polygon = north[int(rng.integers(0, len(north)))]
        lon, lat = _random_point_in(polygon, rng)
        year = 2020 + index % 5
        depth = int(rng.integers(20, 150))
        month, day = FLOOD_MONTHS[(index * 3) % 5], 1 + (index * 11) % 28
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "nama": f"Banjir {nama} {year}",
                    "tanggal": f"{year}-{month:02d}-{day:02d}",
                    "kedalaman_cm": depth,
                    "durasi_jam": 6 + (depth * 7 + index * 13) % 90,
                    "kk_terdampak": depth * (1 + index % 4),
                    "sumber": "Laporan kaji cepat BPBD (contoh)",
                    "keterangan": f"Kec. {kec} ({SAMPLE_LABEL})",
                },
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            }
        )
    path = directory / "bpbd_kejadian_banjir.geojson"
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "name": "kejadian_banjir", "features": features}, ensure_ascii=False, indent=0
        )
    )
    return path


def _tps(directory, desa, rng):
    path = directory / "dlhk_tps.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["nama", "jenis", "kapasitas_m3", "lon", "lat"])
        for index in range(0, len(desa), 3):
            kode, nama, kec, polygon = desa[index]
            lon, lat = _random_point_in(polygon, rng)
            kind = "TPS3R" if index % 4 == 0 else "TPS"
            writer.writerow([f"{kind} {nama}", kind, int(rng.integers(6, 30)), f"{lon:.6f}", f"{lat:.6f}"])
    return path


def _jalan(directory, desa):
    # Roads joining neighbouring kecamatan centres (a minimum spanning tree).
    centres = {}
    for _kode, _nama, kec, polygon in desa:
        centres.setdefault(kec, []).append(polygon)
    names = sorted(centres)
    points = [shapely.union_all(centres[name]).representative_point() for name in names]
    xy = np.array([(p.x, p.y) for p in points])
    connected, edges = {0}, []
    while len(connected) < len(names):
        best = min(
            ((a, b) for a in connected for b in range(len(names)) if b not in connected),
            key=lambda ab: np.hypot(*(xy[ab[0]] - xy[ab[1]])),
        )
        edges.append(best)
        connected.add(best[1])
    kondisi = ["baik", "sedang", "rusak"]
    lines = [shapely.LineString([xy[a], (xy[a] + xy[b]) / 2 + [0.002, -0.002], xy[b]]) for a, b in edges]
    path = directory / "dbmsda_jalan_kabupaten.gpkg"
    path.unlink(missing_ok=True)
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(lines),
        [
            np.array([f"Ruas {names[a]} - {names[b]}" for a, b in edges], dtype=object),
            np.array([kondisi[i % 3] for i in range(len(edges))], dtype=object),
        ],
        ["nama_ruas", "kondisi"],
        layer="jalan_kabupaten",
        driver="GPKG",
        geometry_type="LineString",
        crs="EPSG:4326",
    )
    return path


def import_sample(path, *, title, opd, theme, user, expected=None, options=None):
    """Import a file through the upload pipeline as ``user`` would, label the
    layer as sample data and publish it; returns the published LayerVersion."""
    from . import services
    from .models import UploadJob

    job = UploadJob.objects.create(
        original_name=Path(path).name,
        size=Path(path).stat().st_size,
        title=title,
        opd=opd,
        theme=theme,
        user=user,
        options={**(options or {}), **({"expected": expected.kode} if expected else {})},
    )
    job.directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, job.upload_path)
    services.run_upload(job.pk)
    job.refresh_from_db()
    if job.status != UploadJob.Status.SUCCEEDED:
        raise ValueError(f"{Path(path).name}: {' '.join(job.messages)}")
    version = job.layer_version
    layer = version.layer
    layer.is_sample = True
    layer.save(update_fields=["is_sample"])
    services.publish_version(services.submit_version(version, user), user)
    return version
