"""Small real spatial files built by the tests, including broken and hostile
ones; fixed small files are committed in tests/data/ and read with data_file().

Coordinates are fixed points inside known desa (ST_PointOnSurface of each desa,
see tests/wilayah/test_api.py), so expected desa assignments are known.
"""

import json
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from django.contrib.gis.geos import Point

# Small committed files (tests/data/README.md).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# (lon, lat, desa kode, desa nama)
BALARAJA = (106.456972, -6.192145, "36.03.01.1001", "Balaraja")
TELUKNAGA = (106.641175, -6.090183, "36.03.13.2001", "Teluknaga")
PAGEDANGAN = (106.633741, -6.298326, "36.03.22.2003", "Pagedangan")
KELAPA_DUA = (106.615758, -6.235029, "36.03.28.1001", "Kelapa Dua")
KNOWN_POINTS = [BALARAJA, TELUKNAGA, PAGEDANGAN, KELAPA_DUA]

# cp1252-only characters (é, en dash) in Indonesian-style names.
CP1252_NAMES = [
    "Puskesmas Balaraja – Induk",
    "Klinik Café Sehat",
    "Posyandu Mawar – RW 03",
    "RS Sénah Medika",
]


def utm(lon, lat):
    """(x, y) in EPSG:32748 of a WGS 84 point, via GDAL."""
    point = Point(lon, lat, srid=4326)
    point.transform(32748)
    return point.x, point.y


def write_points_shapefile(directory, name="faskes", prj=True, cpg=False, encoding="cp1252"):
    """Point shapefile in UTM 48S with a cp1252 DBF and no .cpg (unless asked)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    xy = [utm(lon, lat) for lon, lat, _k, _n in KNOWN_POINTS]
    geometry = shapely.to_wkb(shapely.points(xy))
    pyogrio.raw.write(
        str(directory / f"{name}.shp"),
        geometry,
        [np.array(CP1252_NAMES, dtype=object), np.array([10, 25, 5, 120], dtype=np.int64)],
        ["nama", "kapasitas"],
        driver="ESRI Shapefile",
        geometry_type="Point",
        crs="EPSG:32748",
        encoding=encoding,
    )
    if not cpg:
        (directory / f"{name}.cpg").unlink(missing_ok=True)
    if not prj:
        (directory / f"{name}.prj").unlink()
    return directory / f"{name}.shp"


def zip_dir(directory, archive, prefix="", extra=None):
    """Zip every file of ``directory`` under ``prefix``; ``extra`` maps member names to bytes."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(Path(directory).iterdir()):
            if path.is_file():
                zf.write(path, prefix + path.name)
        for member, data in (extra or {}).items():
            zf.writestr(member, data)
    return archive


def feature_collection(features):
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def point_feature(lon, lat, **props):
    return {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def square(lon, lat, half=0.001):
    return [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]


def data_file(name):
    """The bytes of a small committed file of tests/data/."""
    return (DATA_DIR / name).read_bytes()


def write_two_layer_gpkg(path):
    for layer, points in (("sekolah", KNOWN_POINTS[:3]), ("puskesmas", KNOWN_POINTS[3:])):
        pyogrio.raw.write(
            str(path),
            shapely.to_wkb(shapely.points([(lon, lat) for lon, lat, _k, _n in points])),
            [np.array([n for _lon, _lat, _k, n in points], dtype=object)],
            ["nama"],
            layer=layer,
            driver="GPKG",
            geometry_type="Point",
            crs="EPSG:4326",
            append=path.exists(),
        )
    return path
