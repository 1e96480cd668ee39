"""Reading a source with pyogrio and bulk-loading it into PostGIS.

Features go through COPY into a temporary table, then set-based SQL reprojects
to EPSG:4326, drops Z/M, repairs invalid geometry (ST_MakeValid), promotes to
Multi*, refuses features outside the kabupaten and assigns desa/kecamatan.
Must run inside the caller's transaction: nothing is visible until it commits.
"""

import csv
import io
import math
from pathlib import Path

import numpy as np
import pyogrio.raw
from django.db import connection
from django.utils.translation import gettext as _

from .errors import ImportRefused

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
COPY_BATCH = 20_000

DIMENSION_KIND = {0: "point", 1: "line", 2: "polygon"}
KIND_LABEL = {"point": "titik", "line": "garis", "polygon": "poligon"}


def read_source(source):
    """Features of ``source`` as (WKB array, field names, field arrays), 2D."""
    try:
        meta, _fids, geometry, field_data = pyogrio.raw.read(
            source.path,
            layer=source.layer,
            encoding=source.encoding,
            force_2d=True,
            datetime_as_string=True,
            **source.open_options,
        )
    except Exception as exc:  # pyogrio/GDAL raise many error types on damaged input
        raise ImportRefused(
            _("The file %(name)s could not be read completely: %(error)s") % {"name": source.path.name, "error": exc}
        ) from exc
    return geometry, list(meta["fields"]), field_data, list(meta["dtypes"])


def infer_schema(names, dtypes):
    """[{"name", "type"}] with type one of integer, number, boolean, date, datetime, string."""
    schema = []
    for name, dtype in zip(names, dtypes, strict=True):
        kind = np.dtype(dtype).kind if dtype not in ("datetime64[ms]", "datetime64[D]") else "M"
        if kind in "iu":
            field_type = "integer"
        elif kind == "f":
            field_type = "number"
        elif kind == "b":
            field_type = "boolean"
        elif kind == "M" or dtype == "datetime64":
            field_type = "datetime"
        else:
            field_type = "string"
        schema.append({"name": name, "type": field_type})
    return schema


def _column_values(array, declared):
    """Python values for JSON: NaN becomes null, numpy scalars become Python numbers.

    GDAL hands integer fields with nulls over as floats with NaN; ``declared``
    (the field's own type) turns them back into integers.
    """
    values = array.tolist()
    if array.dtype.kind == "f":
        if np.dtype(declared).kind in "iu":
            return [None if v is None or math.isnan(v) else int(v) for v in values]
        return [None if v is None or math.isnan(v) else v for v in values]
    return values


STAGING_TYPES = {"integer": "bigint", "number": "double precision", "boolean": "boolean"}


def _copy_rows(geometry, field_data, dtypes):
    """CSV batches for COPY: fid, WKB as hex, then one column per attribute."""
    columns = [_column_values(np.asarray(array), dtype) for array, dtype in zip(field_data, dtypes, strict=True)]
    hexes = [wkb.hex() if wkb is not None else "" for wkb in geometry]
    for start in range(0, len(hexes), COPY_BATCH):
        stop = min(start + COPY_BATCH, len(hexes))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(
            zip(range(start, stop), hexes[start:stop], *(column[start:stop] for column in columns), strict=True)
        )
        buffer.seek(0)
        yield buffer, stop


def _staging_sql(schema):
    """DDL of the staging table and the expression that turns its columns into JSONB.

    Attribute columns are named c0, c1... so any field name (long, duplicated
    in another case, "fid") is safe; jsonb_build_object takes at most 100
    arguments, hence chunks of 50 pairs joined with ||.
    """
    columns = ", ".join(f"c{i} {STAGING_TYPES.get(f['type'], 'text')}" for i, f in enumerate(schema))
    ddl = f"CREATE TEMP TABLE _import_src (_fid bigint, _wkb text{', ' + columns if columns else ''}) ON COMMIT DROP"
    pairs = [(f["name"], f"s.c{i}") for i, f in enumerate(schema)]
    chunks = []
    for begin in range(0, len(pairs), 50):
        args = ", ".join(f"%s, {column}" for _name, column in pairs[begin : begin + 50])
        chunks.append(f"jsonb_build_object({args})")
    attrs = " || ".join(chunks) if chunks else "'{}'::jsonb"
    return ddl, attrs, [name for name, _column in pairs]


def stage(source, geometry, schema, field_data, dtypes, progress):
    """COPY the raw features into ``_import_src`` and reproject them into ``_import``."""
    total = len(geometry)
    ddl, attrs_sql, attr_names = _staging_sql(schema)
    column_list = ", ".join(["_fid", "_wkb", *(f"c{i}" for i in range(len(schema)))])
    with connection.cursor() as cursor:
        cursor.execute(ddl)
        raw = cursor.cursor  # psycopg2 cursor: COPY is not exposed by Django's wrapper
        for buffer, done in _copy_rows(geometry, field_data, dtypes):
            raw.copy_expert(f"COPY _import_src ({column_list}) FROM STDIN WITH (FORMAT csv)", buffer)
            progress(40 + int(20 * done / max(total, 1)))
        template = (SQL_DIR / "import_transform.sql").read_text().replace("{attrs}", attrs_sql)
        if source.srid:
            sql = template.replace("{to_4326}", "ST_Transform(w.g, 4326)")
            params = [*attr_names, source.srid]
        else:
            # A CRS without an EPSG code: PROJ reads the WKT/PROJ string directly.
            sql = template.replace("{to_4326}", "ST_Transform(w.g, %s, 4326)")
            params = [*attr_names, source.crs, 0]
        cursor.execute(sql, params)


def clean(report):
    """Drop empty geometries, check the geometry type, repair invalid ones,
    assign desa/kecamatan and refuse features outside the kabupaten.
    Returns the geometry kind (point, line, polygon)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM _import WHERE geom IS NULL OR ST_IsEmpty(geom)")
        report["empty_dropped"] = cursor.rowcount
        cursor.execute(
            "SELECT ST_Dimension(geom), GeometryType(geom) LIKE '%%COLLECTION', count(*) FROM _import GROUP BY 1, 2"
        )
        groups = cursor.fetchall()
        if not groups:
            raise ImportRefused(_("The file contains no features with a geometry."))
        if any(is_collection for _dim, is_collection, _count in groups):
            raise ImportRefused(_("The file contains geometry collections; split them into points, lines or polygons."))
        if len(groups) > 1:
            parts = ", ".join(f"{count} {KIND_LABEL[DIMENSION_KIND[dim]]}" for dim, _c, count in sorted(groups))
            raise ImportRefused(
                _("The file mixes geometry types (%(parts)s); upload one file per geometry type.") % {"parts": parts}
            )
        dimension = groups[0][0]
        kind = DIMENSION_KIND[dimension]
        cursor.execute(
            "UPDATE _import SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), %s)) "
            "WHERE NOT ST_IsValid(geom)",
            [dimension + 1],
        )
        report["repaired"] = cursor.rowcount
        cursor.execute("DELETE FROM _import WHERE ST_IsEmpty(geom)")
        report["empty_after_repair"] = cursor.rowcount
        cursor.execute((SQL_DIR / "import_assign.sql").read_text(), {"kind": kind})
        _refuse_outside(cursor, report)
    return kind


def _refuse_outside(cursor, report):
    cursor.execute((SQL_DIR / "import_outside.sql").read_text())
    outside, swapped, total = cursor.fetchone()
    report["outside_refused"] = outside
    if total and outside * 2 > total:
        hint = (
            _("Latitude and longitude appear to be swapped.")
            if swapped * 2 > outside
            else _("Check the coordinate system chosen for the file.")
        )
        raise ImportRefused(
            _("%(outside)d of %(total)d features lie outside Kabupaten Tangerang; the file was refused. %(hint)s")
            % {"outside": outside, "total": total, "hint": hint}
        )


def insert_features(version_id, user_id=None, note=""):
    """Insert the staged features into layers_feature and record each as created
    by the upload in the history; returns (count, bbox, features without desa)."""
    with connection.cursor() as cursor:
        cursor.execute((SQL_DIR / "import_insert.sql").read_text(), {"version": version_id})
        count = cursor.rowcount
        cursor.execute(
            (SQL_DIR / "import_history.sql").read_text(), {"version": version_id, "user": user_id, "note": note[:200]}
        )
        cursor.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n FROM ("
            "  SELECT ST_Extent(i.geom) AS e, count(*) FILTER (WHERE a.fid IS NULL) AS n"
            "  FROM _import i LEFT JOIN _assign a ON a.fid = i.fid WHERE NOT i.outside) s"
        )
        *bbox, unassigned = cursor.fetchone()
        cursor.execute("DROP TABLE _import_src, _import, _candidate, _assign")
    return count, bbox, unassigned
