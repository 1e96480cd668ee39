"""Reading a source with pyogrio and bulk-loading it into PostGIS.

geometry.check() prepares every feature in memory (EPSG:4326, repaired,
Multi*, desa assigned); write_features() then streams finished rows into
layers_feature with one COPY. Must run inside the caller's transaction:
nothing is visible until it commits.
"""

import json
import math
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from django.db import connection
from django.utils.translation import gettext as _

from .errors import ImportRefused

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
COPY_BATCH = 10_000


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


COPY_COLUMNS = "version_id, fid, geom, attrs, desa_id, kecamatan_id"


def _json_values(array, declared):
    """Each value of a field as a JSON text, escaped for COPY's text format
    (backslashes doubled). NaN and infinities become null; GDAL hands integer
    fields with nulls over as floats with NaN, ``declared`` turns them back."""
    kind = array.dtype.kind
    if kind == "b":
        return ["true" if v else "false" for v in array.tolist()]
    if kind in "iu":
        return list(map(str, array.tolist()))
    if kind == "f":
        finite = np.isfinite(array)
        if np.dtype(declared).kind in "iu":
            text = [str(int(v)) for v in array[finite].tolist()]
        else:
            text = list(map(repr, array[finite].tolist()))
        values = np.full(len(array), "null", dtype=object)
        values[finite] = text
        return values.tolist()
    values = array.tolist()
    memo = {}
    for value in set(values):
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            memo[value] = "null"
        else:
            if isinstance(value, bytes):
                value = value.hex()
            text = json.dumps(str(value).replace("\x00", ""), ensure_ascii=False)
            memo[value] = text.replace("\\", "\\\\")
    return [memo[v] for v in values]


def _attribute_texts(names, field_data, dtypes, rows):
    """One JSON object per imported feature (COPY-escaped), keyed by field name."""
    if not names:
        return ["{}"] * len(rows)
    columns = []
    for name, array, declared in zip(names, field_data, dtypes, strict=True):
        key = json.dumps(name, ensure_ascii=False).replace("\\", "\\\\") + ": "
        values = _json_values(np.asarray(array)[rows], declared)
        columns.append([key + v for v in values])
    return ["{" + ", ".join(parts) + "}" for parts in zip(*columns, strict=True)]


class _CopyStream:
    """A file object for COPY that formats its lines batch by batch, so the
    server parses one batch while the next is formatted."""

    def __init__(self, batches):
        self._batches = iter(batches)

    def read(self, _size=-1):
        return next(self._batches, "")

    readline = read


def write_features(version_id, checked, names, field_data, dtypes, progress, user_id=None, note=""):
    """COPY the checked features into layers_feature and record each as created
    by the upload in the history; returns the number written."""
    total = len(checked.rows)
    attrs = _attribute_texts(names, field_data, dtypes, checked.rows)
    fids = checked.rows.tolist()
    desa = ["\\N" if d < 0 else str(d) for d in checked.desa.tolist()]
    kecamatan = ["\\N" if k < 0 else str(k) for k in checked.kecamatan.tolist()]
    prefix = f"{version_id}\t"

    def batches():
        for start in range(0, total, COPY_BATCH):
            stop = min(start + COPY_BATCH, total)
            wkb = shapely.to_wkb(checked.geoms[start:stop], byte_order=1)
            # Little-endian WKB to EWKB with SRID 4326: set the SRID flag in the
            # type and insert the SRID after it.
            yield "".join(
                f"{prefix}{fid}\t{(h := w.hex())[:8]}20E6100000{h[10:]}\t{a}\t{d}\t{k}\n"
                for fid, w, a, d, k in zip(
                    fids[start:stop], wkb, attrs[start:stop], desa[start:stop], kecamatan[start:stop], strict=True
                )
            )
            progress(45 + int(45 * stop / max(total, 1)))

    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY layers_feature ({COPY_COLUMNS}) FROM STDIN", _CopyStream(batches()))
        cursor.execute(
            (SQL_DIR / "import_history.sql").read_text(), {"version": version_id, "user": user_id, "note": note[:200]}
        )
    return total
