"""Writing a layer version to the download formats with pyogrio (GDAL).

Every export is WGS 84 lon/lat (EPSG:4326); text is UTF-8 (a .cpg is written
beside the shapefile). Attributes keep the types inferred at import; every
feature also carries its desa and kecamatan codes.

Exports are kept in settings.EXPORT_ROOT (cached_export): writing a layer of a
million polygons takes 20-35 s, serving the file a moment. A version's files
are rewritten when its features change (every upload and edit leaves a
FeatureChange) or the layer's metadata does, and written ahead by a Celery
task when the version is published.
"""

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pyogrio.raw
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.signals import post_delete
from django.dispatch import receiver

from core.spreadsheet import safe_cell

from . import attributes
from .models import FeatureChange, LayerVersion

FORMATS = {
    # fmt: (driver, extension, layer options, content type)
    "geojson": ("GeoJSON", "geojson", {"RFC7946": "YES", "WRITE_NAME": "NO"}, "application/geo+json"),
    "gpkg": ("GPKG", "gpkg", {}, "application/geopackage+sqlite3"),
    "shp": ("ESRI Shapefile", "shp", {}, "application/zip"),
    "csv": ("CSV", "csv", {"GEOMETRY": "AS_WKT"}, "text/csv"),
    "kml": ("KML", "kml", {}, "application/vnd.google-earth.kml+xml"),
}
# Part of every export's cache key: raise it when the writers change what
# they write, so files written by the old code are not served again.
# 2: numbers outside the rule as text, CSV cells neutralised (issue 12).
EXPORT_WRITER_REVISION = 2
GEOMETRY_TYPES = {"point": "MultiPoint", "line": "MultiLineString", "polygon": "MultiPolygon"}
EXTRA_FIELDS = ["kode_desa", "kode_kec"]


def extra_field_names(version):
    """Names of the desa and kecamatan code fields added to every export:
    kode_desa and kode_kec, unless the layer has attributes of those names
    (compared as GDAL does, ignoring case); then kode_des_1, kode_kec_1, ...
    (at most 10 characters, as a shapefile allows)."""
    taken = {f["name"].lower() for f in version.schema}
    names = []
    for base in EXTRA_FIELDS:
        name, number = base, 0
        while name.lower() in taken:
            number += 1
            name = f"{base[:8]}_{number}"
        taken.add(name.lower())
        names.append(name)
    return names


def _columns(version, cell=None):
    """(WKB array, names, arrays, masks) of the version's features for pyogrio.
    A numeric field holding a value stored before the number rule
    (layers.attributes) is written as text, so the download still works and
    carries the value as stored; ``cell`` rewrites every text cell and name
    (core.spreadsheet.safe_cell for CSV)."""
    # Raw SQL: fetch WKB and JSON attributes in one pass without model instances.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT ST_AsBinary(f.geom), f.attrs, d.kode, k.kode
            FROM layers_feature f
            LEFT JOIN wilayah_desa d ON d.id = f.desa_id
            LEFT JOIN wilayah_kecamatan k ON k.id = f.kecamatan_id
            WHERE f.version_id = %s ORDER BY f.id
            """,
            [version.pk],
        )
        rows = cursor.fetchall()
    geometry = np.array([bytes(row[0]) for row in rows], dtype=object)
    # Django leaves jsonb undecoded on raw cursors.
    attrs = [json.loads(row[1]) if isinstance(row[1], str) else (row[1] or {}) for row in rows]
    desa_field, kecamatan_field = extra_field_names(version)
    fields = [(f["name"], f["type"], [a.get(f["name"]) for a in attrs]) for f in version.schema]
    fields += [(desa_field, "string", [row[2] for row in rows]), (kecamatan_field, "string", [row[3] for row in rows])]
    names, arrays, masks = [], [], []
    for name, kind, values in fields:
        mask = np.array([v is None for v in values], dtype=bool)
        if kind in attributes.NUMERIC_KINDS and not all(attributes.fits(kind, v) for v in values):
            kind, values = "string", [None if v is None else attributes.as_text(v) for v in values]
        if kind == "integer":
            array = np.array([0 if v is None else int(v) for v in values], dtype=np.int64)
        elif kind == "number":
            array = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
        elif kind == "boolean":
            array = np.array([bool(v) for v in values], dtype=bool)
        else:
            array = np.array(["" if v is None else str(v) for v in values], dtype=object)
            if cell is not None:
                array = np.array([cell(v) for v in array], dtype=object)
        names.append(name if cell is None else cell(name))
        arrays.append(array)
        masks.append(mask)
    return geometry, names, arrays, masks


def write_kml(version, path):
    """KML 2.2 with <name>, an attribute <description> and <ExtendedData>.

    Written here rather than by GDAL: GDAL's KML writer, driven through
    pyogrio, shifts attribute values between fields. Geometry comes from
    PostGIS's ST_AsKML (lon/lat, WGS 84).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsKML(f.geom, 7), f.attrs, d.kode, k.kode FROM layers_feature f "
            "LEFT JOIN wilayah_desa d ON d.id = f.desa_id LEFT JOIN wilayah_kecamatan k ON k.id = f.kecamatan_id "
            "WHERE f.version_id = %s ORDER BY f.id",
            [version.pk],
        )
        rows = cursor.fetchall()
    desa_field, kecamatan_field = extra_field_names(version)
    text = [f["name"] for f in version.schema if f["type"] == "string"]
    name_field = "nama" if "nama" in text else (text[0] if text else None)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>')
        out.write(f"<name>{escape(version.layer.title)}</name>\n")
        for geometry, attrs, kode_desa, kode_kec in rows:
            attrs = json.loads(attrs) if isinstance(attrs, str) else (attrs or {})
            values = {**attrs, desa_field: kode_desa, kecamatan_field: kode_kec}
            name = values.get(name_field) if name_field else None
            texts = {k: attributes.as_text(v) for k, v in values.items() if v is not None}
            description = "; ".join(f"{k}: {v}" for k, v in texts.items())
            data = "".join(f'<Data name="{escape(str(k))}"><value>{escape(v)}</value></Data>' for k, v in texts.items())
            out.write(
                f"<Placemark><name>{escape(str(name or ''))}</name><description>{escape(description)}</description>"
                f"<ExtendedData>{data}</ExtendedData>{geometry}</Placemark>\n"
            )
        out.write("</Document></kml>\n")


def export_version(version, fmt, directory):
    """Write ``version`` as ``fmt`` into ``directory``; returns (path, content type)."""
    driver, extension, layer_options, content_type = FORMATS[fmt]
    base = f"{version.layer.slug}-v{version.number}"
    path = Path(directory) / f"{base}.{extension}"
    if fmt == "kml":
        write_kml(version, path)
        return path, content_type
    geometry, names, arrays, masks = _columns(version, cell=safe_cell if fmt == "csv" else None)
    pyogrio.raw.write(
        path,
        geometry,
        arrays,
        names,
        field_mask=masks,
        layer=base.replace("-", "_"),
        driver=driver,
        geometry_type=GEOMETRY_TYPES[version.geometry_kind],
        crs="EPSG:4326",
        encoding="UTF-8" if driver != "GeoJSON" else None,
        layer_options=layer_options,
    )
    if fmt != "shp":
        return path, content_type
    archive = Path(directory) / download_name(version, fmt)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for part in sorted(Path(directory).glob(f"{base}.*")):
            if part.suffix != ".zip":
                zf.write(part, part.name)
    return archive, content_type


def download_name(version, fmt):
    """The file a download of ``version`` as ``fmt`` is served as (a shapefile's parts come zipped)."""
    extension = "zip" if fmt == "shp" else FORMATS[fmt][1]
    return f"{version.layer.slug}-v{version.number}.{extension}"


def cached_export(version, fmt):
    """(path, content type) of ``version`` written as ``fmt``, from the export
    cache; written first when missing or stale. The file is written beside
    its final place and renamed into it, so a reader never sees half a file."""
    content_type = FORMATS[fmt][3]
    root = Path(settings.EXPORT_ROOT) / f"v{version.pk}"
    current = root / _stamp(version)
    path = current / download_name(version, fmt)
    if path.exists():
        return path, content_type
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root, prefix=".menulis-") as scratch:
        written, _content_type = export_version(version, fmt, scratch)
        current.mkdir(exist_ok=True)
        os.replace(written, path)
    for stale in root.iterdir():  # files of earlier states (a reader holding one open keeps it)
        if stale != current and not stale.name.startswith("."):
            shutil.rmtree(stale, ignore_errors=True)
    return path, content_type


def _stamp(version):
    """What a version's exports are made from: the writers' revision, the version row (its creation
    time too, so a database restored with reused ids never matches old
    files), its last recorded change and the layer's last metadata edit."""
    last_change = FeatureChange.objects.filter(version=version).aggregate(last=Max("pk"))["last"] or 0
    layer = version.layer
    parts = [EXPORT_WRITER_REVISION, version.pk, version.created_at.isoformat(), last_change, layer.slug]
    key = "|".join(str(part) for part in [*parts, layer.updated_at.isoformat()])
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


@receiver(post_delete, sender=LayerVersion)
def _drop_cached_exports(sender, instance, **kwargs):
    directory = Path(settings.EXPORT_ROOT) / f"v{int(instance.pk)}"
    transaction.on_commit(lambda: shutil.rmtree(directory, ignore_errors=True))
