"""Reading a source with pyogrio and bulk-loading it into PostGIS.

Shapefiles are read batch by batch (ShapefileStream), other formats whole
(read_source). geometry.Checker checks each batch (EPSG:4326, repaired, Multi*,
desa assigned) in CHECK_THREADS threads; write_features() streams the finished
rows with one binary COPY into the version's new partition (layers.partitions)
while later batches are read and checked. Must run inside the caller's
transaction: nothing is visible until it commits.
"""

import collections
import contextlib
import gc
import itertools
import json
import math
import os
import queue
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import psycopg2
import pyarrow
import pyarrow.compute
import pyogrio.raw
from django.db import connection
from django.utils.translation import gettext as _

from ..models import FeatureChange
from ..partitions import loading_partition
from . import numbers, wkb
from .errors import ImportRefused

COPY_BATCH = 10_000
# GEOS and PROJ release the GIL: batches are checked in parallel.
CHECK_THREADS = min(4, os.cpu_count() or 1)


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused for an import. An import
    creates hundreds of thousands of shapely geometries, objects the collector
    tracks though they form no cycles; each full collection then walks them
    all, takes 0.1 s and stops every checking thread. Reference counting still
    frees them as batches are written."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(source, **window):
    """pyogrio's raw read of ``source`` (2D), with damage reported as a refusal."""
    try:
        return pyogrio.raw.read(
            source.path,
            layer=source.layer,
            encoding=source.encoding,
            force_2d=True,
            datetime_as_string=True,
            **window,
            **source.open_options,
        )
    except Exception as exc:  # pyogrio/GDAL raise many error types on damaged input
        raise _unreadable(source, exc) from exc


def _unreadable(source, error):
    return ImportRefused(
        _("The file %(name)s could not be read completely: %(error)s") % {"name": source.path.name, "error": error}
    )


def read_source(source):
    """Features of ``source`` as (WKB array, field names, field arrays, dtypes)."""
    meta, _fids, geometry, field_data = _read(source)
    return geometry, list(meta["fields"]), field_data, list(meta["dtypes"])


class ShapefileStream:
    """The features of a shapefile, read batch by batch while earlier batches
    are checked and loaded. A shapefile holds one geometry type, so its kind
    is known before any feature is read.

    GDAL's Arrow stream reads in C without holding the GIL (the checking
    threads run meanwhile) and is read in order under a lock: a thread asking
    for a later batch reads the ones before it and leaves them for their
    threads. Use as a context manager (it holds the file open).
    """

    DIMENSIONS = {"Point": 0, "MultiPoint": 0, "LineString": 1, "MultiLineString": 1, "Polygon": 2, "MultiPolygon": 2}

    def __init__(self, source, dimension, has_zm):
        self.source, self.dimension, self.count = source, dimension, source.feature_count
        # GDAL's Arrow reader cannot drop Z/M: the checker does (shapely.force_2d).
        self.has_zm = has_zm
        self._lock = threading.Lock()
        self._read_up_to = 0
        self._ready = {}
        self._open = self._batches = self._carry = None

    @classmethod
    def of(cls, source):
        """A stream for a shapefile of a known geometry type, else None (read whole)."""
        if source.format != "shapefile":
            return None
        base = source.geometry_type.removeprefix("3D ").split(" ")[0]  # "3D Point", "Point Z" -> "Point"
        dimension = cls.DIMENSIONS.get(base)
        return None if dimension is None else cls(source, dimension, has_zm=base != source.geometry_type)

    def __enter__(self):
        source = self.source
        self._open = pyogrio.raw.open_arrow(
            source.path,
            layer=source.layer,
            encoding=source.encoding,
            batch_size=COPY_BATCH,
            use_pyarrow=True,
            **source.open_options,
        )
        self._meta, self._batches = self._open.__enter__()
        return self

    def __exit__(self, *exc_info):
        self._ready.clear()
        return self._open.__exit__(*exc_info)

    def read(self, start, count):
        """(WKB as an Arrow array, field arrays) of features start:start+count;
        batches are asked for in order, each once."""
        with self._lock:
            while start not in self._ready:
                self._read_window(count)
            window = self._ready.pop(start)
        geometry = window.column(self._meta["geometry_name"] or "wkb_geometry").combine_chunks()
        return geometry, [_numpy(window.column(name)) for name in self._meta["fields"]]

    def _read_window(self, count):
        """The next ``count`` features (fewer at the end) as one Arrow table."""
        batches, rows = ([self._carry], len(self._carry)) if self._carry is not None else ([], 0)
        while rows < count:
            try:
                batch = self._batches.read_next_batch()
            except StopIteration:
                break
            except Exception as exc:  # GDAL raises many error types on damaged input
                raise _unreadable(self.source, exc) from exc
            batches.append(batch)
            rows += len(batch)
        if not rows:
            raise _unreadable(self.source, "EOF")
        table = pyarrow.Table.from_batches(batches).combine_chunks()
        self._carry = table.slice(count) if rows > count else None
        self._ready[self._read_up_to] = table.slice(0, count)
        self._read_up_to += min(rows, count)


def _numpy(column):
    """An Arrow column as raw.read gives it: dates as GDAL writes them."""
    array = column.to_numpy()
    if array.dtype.kind == "M":
        text = np.datetime_as_string(array, unit="D" if array.dtype == "datetime64[D]" else "s")
        text = np.char.replace(np.char.replace(text, "-", "/"), "T", " ").astype(object)
        text[np.isnat(array)] = None
        return text
    return array


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
    """Each value of a field as a JSON text, in an Arrow string array. NaN and
    infinities become null; GDAL hands integer fields with nulls over as floats
    with NaN, ``declared`` turns them back. Numbers are formatted by Arrow;
    a real number keeps a decimal point (3.0, not 3), so clients reading the
    JSON still see a real field."""
    kind = array.dtype.kind
    if kind == "b":
        return pyarrow.compute.if_else(pyarrow.array(array), "true", "false")
    if kind in "iu":
        return pyarrow.array(array).cast(pyarrow.string())
    if kind == "f":
        finite = np.isfinite(array)
        numbers = np.where(finite, array, 0)
        if np.dtype(declared).kind in "iu":
            text = pyarrow.array(numbers.astype(np.int64)).cast(pyarrow.string())
        else:
            text = pyarrow.array(numbers).cast(pyarrow.string())
            whole = pyarrow.compute.match_substring_regex(text, r"^-?\d+$")
            text = pyarrow.compute.if_else(whole, pyarrow.compute.binary_join_element_wise(text, ".0", ""), text)
        return pyarrow.compute.if_else(pyarrow.array(finite), text, "null")
    values = array.tolist()
    memo = {}
    for value in set(values):
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            memo[value] = "null"
        else:
            text = value.hex() if isinstance(value, bytes) else str(value)
            memo[value] = json.dumps(text.replace("\x00", ""), ensure_ascii=False)
    return pyarrow.array([memo[v] for v in values], pyarrow.string())


def _attribute_texts(fields, arrays, count):
    """One JSON object per feature, keyed by field name, from the ``arrays``
    of the (name, declared type) ``fields``, as an Arrow string array."""
    if not fields:
        return pyarrow.array(["{}"] * count, pyarrow.string())
    parts = []
    for (name, declared), array in zip(fields, arrays, strict=True):
        key = ("{" if not parts else ", ") + json.dumps(name, ensure_ascii=False) + ": "
        parts += [key, _json_values(array, declared)]
    return pyarrow.compute.binary_join_element_wise(*parts, "}", "")


class _CopyStream:
    """A file object for COPY fed by a producer thread: the thread checks and
    formats the next batches while this thread sends the last one and the
    server parses it. An exception in the producer ends the COPY with that
    exception, so the transaction rolls back; a COPY that ends early (the
    server refused a row) stops the producer at its next batch."""

    END = object()

    def __init__(self, produce):
        self.error = None  # the producer's exception, once read
        self._queue = queue.Queue(maxsize=2)
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(produce,), daemon=True)
        self._thread.start()

    def _run(self, produce):
        try:
            for text in produce():
                self._queue.put(text)
                if self._closed.is_set():
                    return
            self._queue.put(self.END)
        except BaseException as exc:  # handed over to the COPY, which re-raises it
            self._queue.put(exc)

    def read(self, _size=-1):
        item = self._queue.get()
        if item is self.END:
            self._queue.put(item)
            return b""
        if isinstance(item, BaseException):
            self._queue.put(self.END)
            self.error = item
            raise item
        return item

    def close(self):
        self._closed.set()
        while self._thread.is_alive():  # let a producer blocked on a full queue finish
            try:
                self._queue.get(timeout=0.05)
            except queue.Empty:
                pass
        self._thread.join()


# COPY's binary format: a signature, flags and header extension length, then
# per row the column count and each value as a big-endian length and bytes.
COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
COPY_TRAILER = b"\xff\xff"
_ROW_HEAD = np.dtype(
    [
        ("columns", ">i2"),
        ("version_size", ">i4"),
        ("version", ">i8"),
        ("fid_size", ">i4"),
        ("fid", ">i8"),
        ("geom_size", ">i4"),
    ]
)
_ATTRS_HEAD = np.dtype([("size", ">i4"), ("jsonb_format", "u1")])
_ID = np.dtype([("size", ">i4"), ("id", ">i8")])


def _binary_rows(version_id, chunk, attrs):
    """The chunk's features as rows of COPY's binary format (COPY_COLUMNS):
    the EWKB as PostGIS receives it, the attributes as jsonb (format 1, JSON
    text), desa and kecamatan ids NULL where -1. Rows are joined by Arrow."""
    count = len(chunk.rows)
    # 64-bit offsets: a batch of large polygons may pass 2 GB.
    geometry = pyarrow.array(chunk.ewkb, pyarrow.large_binary())
    attributes = attrs.cast(pyarrow.large_binary())
    head = np.zeros(count, _ROW_HEAD)
    head["columns"], head["version_size"], head["version"], head["fid_size"] = 6, 8, version_id, 8
    head["fid"] = chunk.rows
    head["geom_size"] = np.diff(wkb.buffers(geometry)[1])
    attrs_head = np.zeros(count, _ATTRS_HEAD)
    attrs_head["size"], attrs_head["jsonb_format"] = np.diff(wkb.buffers(attributes)[1]) + 1, 1
    ids = np.zeros((count, 2), _ID)
    ids["id"] = np.column_stack([chunk.desa, chunk.kecamatan])
    known = ids["id"] >= 0
    ids["size"] = np.where(known, 8, -1)
    used = np.ones((count, 2, _ID.itemsize), dtype=bool)
    used[:, :, 4:] = known[:, :, None]  # a NULL is its size (-1) alone
    tail_sizes = used.sum(axis=(1, 2))
    tail = np.frombuffer(ids.tobytes(), np.uint8).reshape(used.shape)[used]
    joined = pyarrow.compute.binary_join_element_wise(
        _fixed_width(head),
        geometry,
        _fixed_width(attrs_head),
        attributes,
        _binary(tail, tail_sizes),
        pyarrow.scalar(b"", pyarrow.large_binary()),  # no separator
    )
    data, offsets = wkb.buffers(joined)
    return data[offsets[0] : offsets[-1]].tobytes()


def _fixed_width(records):
    return _binary(np.frombuffer(records.tobytes(), np.uint8), np.full(len(records), records.dtype.itemsize))


def _binary(data, sizes):
    """An Arrow binary array of consecutive values of ``sizes`` bytes in ``data``."""
    offsets = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    return pyarrow.Array.from_buffers(
        pyarrow.large_binary(), len(sizes), [None, pyarrow.py_buffer(offsets), pyarrow.py_buffer(data)]
    )


def write_features(layer_id, version_id, checker, names, dtypes, progress, user_id=None, note=""):
    """COPY the checked features into the version's partition of layers_feature
    (layers.partitions), batch by batch, and record the upload in the history
    (one row for all its features); returns the number written. Batches are
    checked and formatted by CHECK_THREADS threads while COPY sends the
    finished ones in order; the feature ids come from the column's default."""
    total = len(checker)
    fields = list(zip(names, dtypes, strict=True))
    schema = infer_schema(names, dtypes)
    written = 0

    def batch(start):
        chunk = checker.check(start, start + COPY_BATCH)
        numbers.refuse_out_of_range(schema, chunk.fields, chunk.rows)
        attrs = _attribute_texts(fields, chunk.fields, len(chunk.rows))
        return len(chunk.rows), _binary_rows(version_id, chunk, attrs)

    def produce():
        nonlocal written
        yield COPY_HEADER
        starts = iter(range(0, total, COPY_BATCH))
        with ThreadPoolExecutor(CHECK_THREADS) as pool:
            pending = collections.deque(pool.submit(batch, start) for start in itertools.islice(starts, CHECK_THREADS))
            try:
                while pending:
                    count, text = pending.popleft().result()
                    pending.extend(pool.submit(batch, start) for start in itertools.islice(starts, 1))
                    written += count
                    if text:
                        yield text
                    progress(45 + int(40 * written / max(total, 1)))
            finally:
                for future in pending:
                    future.cancel()
        yield COPY_TRAILER

    with loading_partition(version_id) as table, checker.stream or contextlib.nullcontext():
        stream = _CopyStream(produce)
        try:
            with connection.cursor() as cursor:
                copy = f"COPY {table} ({COPY_COLUMNS}) FROM STDIN WITH (FORMAT binary, FREEZE)"
                try:
                    cursor.cursor.copy_expert(copy, stream)
                except psycopg2.Error as exc:
                    # psycopg2 reports the producer's exception as QueryCanceled; a refusal
                    # (ImportRefused) must reach the user as it was raised.
                    if isinstance(stream.error, ImportRefused):
                        raise stream.error from exc
                    raise
        finally:
            stream.close()
        checker.finish()
        progress(86)  # then the partition's indexes are built and it is attached
    if written:
        FeatureChange.objects.create(
            layer_id=layer_id,
            version_id=version_id,
            feature_id=None,
            action=FeatureChange.Action.CREATE,
            source=FeatureChange.Source.UPLOAD,
            user_id=user_id,
            revision_after=1,
            note=note[:200],
        )
    progress(92)
    return written
