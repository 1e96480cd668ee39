"""Helpers every demo generator uses: the real desa in UTM 48S and a
deterministic zipped shapefile writer (DATA CONTOH files in data/shapefiles/)."""

import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from django.db import connection

from layers.samples import SAMPLE_DIR


def desa_utm(kecamatan_codes=None):
    """[(kode, nama, kecamatan nama, polygon in UTM 48S, northernmost latitude)]
    of every desa, or of the kecamatan with ``kecamatan_codes``, by code."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.kode, d.nama, k.nama, ST_AsBinary(ST_Transform(d.geom, 32748)), ST_YMax(d.geom) "
            "FROM wilayah_desa d JOIN wilayah_kecamatan k ON k.id = d.kecamatan_id "
            "WHERE %(codes)s::text[] IS NULL OR k.kode = ANY(%(codes)s) ORDER BY d.kode",
            {"codes": kecamatan_codes},
        )
        return [
            (kode, nama, kec, shapely.from_wkb(bytes(wkb)), ymax) for kode, nama, kec, wkb, ymax in cursor.fetchall()
        ]


def write_zip(name, geometries, columns, geometry_type="Polygon", directory=SAMPLE_DIR):
    """A zipped shapefile ``name`` (EPSG:32748, UTF-8) of ``geometries`` and
    ``columns`` ({name: values}) in ``directory``; its path. Members carry a
    fixed time, so the same data give the same archive, byte for byte."""
    names = list(columns)
    archive = Path(directory) / name
    with tempfile.TemporaryDirectory() as tmp:
        shp = (Path(tmp) / name).with_suffix(".shp")
        pyogrio.raw.write(
            str(shp),
            shapely.to_wkb(np.array(geometries, dtype=object)),
            [np.array(columns[n], dtype=object if isinstance(columns[n][0], str) else None) for n in names],
            names,
            driver="ESRI Shapefile",
            geometry_type=geometry_type,
            crs="EPSG:32748",
            encoding="UTF-8",
        )
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                part = shp.with_suffix(suffix)
                if part.exists():
                    info = zipfile.ZipInfo(part.name, date_time=(2026, 1, 1, 0, 0, 0))
                    zf.writestr(info, part.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    return archive
