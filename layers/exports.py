"""Writing a layer version to the download formats with pyogrio (GDAL).

Every export is WGS 84 lon/lat (EPSG:4326); text is UTF-8 (a .cpg is written
beside the shapefile). Attributes keep the types inferred at import; every
feature also carries its desa and kecamatan codes.
"""

import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pyogrio.raw
from django.db import connection

FORMATS = {
    # fmt: (driver, extension, layer options, content type)
    "geojson": ("GeoJSON", "geojson", {"RFC7946": "YES", "WRITE_NAME": "NO"}, "application/geo+json"),
    "gpkg": ("GPKG", "gpkg", {}, "application/geopackage+sqlite3"),
    "shp": ("ESRI Shapefile", "shp", {}, "application/zip"),
    "csv": ("CSV", "csv", {"GEOMETRY": "AS_WKT"}, "text/csv"),
    "kml": ("KML", "kml", {}, "application/vnd.google-earth.kml+xml"),
}
GEOMETRY_TYPES = {"point": "MultiPoint", "line": "MultiLineString", "polygon": "MultiPolygon"}
EXTRA_FIELDS = [("kode_desa", "string"), ("kode_kec", "string")]


def _columns(version):
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
    schema = [(f["name"], f["type"]) for f in version.schema] + EXTRA_FIELDS
    extra = {"kode_desa": [row[2] for row in rows], "kode_kec": [row[3] for row in rows]}
    names, arrays, masks = [], [], []
    for name, kind in schema:
        values = extra[name] if name in extra else [a.get(name) for a in attrs]
        mask = np.array([v is None for v in values], dtype=bool)
        if kind == "integer":
            array = np.array([0 if v is None else int(v) for v in values], dtype=np.int64)
        elif kind == "number":
            array = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
        elif kind == "boolean":
            array = np.array([bool(v) for v in values], dtype=bool)
        else:
            array = np.array(["" if v is None else str(v) for v in values], dtype=object)
        names.append(name)
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
    text = [f["name"] for f in version.schema if f["type"] == "string"]
    name_field = "nama" if "nama" in text else (text[0] if text else None)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>')
        out.write(f"<name>{escape(version.layer.title)}</name>\n")
        for geometry, attrs, kode_desa, kode_kec in rows:
            attrs = json.loads(attrs) if isinstance(attrs, str) else (attrs or {})
            values = {**attrs, "kode_desa": kode_desa, "kode_kec": kode_kec}
            name = values.get(name_field) if name_field else None
            description = "; ".join(f"{k}: {v}" for k, v in values.items() if v is not None)
            data = "".join(
                f'<Data name="{escape(str(k))}"><value>{escape(str(v))}</value></Data>'
                for k, v in values.items()
                if v is not None
            )
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
    geometry, names, arrays, masks = _columns(version)
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
    archive = Path(directory) / f"{base}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for part in sorted(Path(directory).glob(f"{base}.*")):
            if part.suffix != ".zip":
                zf.write(part, part.name)
    return archive, content_type
