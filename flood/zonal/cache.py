"""Coverage of each zone, kept per raster grid: the desa never move, hazard rasters get new versions.

A coverage depends only on the polygon and the grid (transform, size, CRS),
never on the pixel values, so a new version of a raster on the same grid
reuses every desa's coverage and its statistics are one pass over the
pixels. Keys: a hash of the grid and a hash of the polygon's WKB, so a
changed polygon or another grid is never served from the cache.

Two levels: this process's memory (least recently used first out, within
MEMORY_BUDGET_BYTES) and, when a directory is given, ``<dir>/<grid key>/``
shared by processes (the web workers and Celery): each call that computed
coverages writes them as one ``.pack`` file (an index of polygon keys, then
the coverages), to a temporary name renamed into place. One file per call,
not per desa: creating a file costs about a millisecond here, the 274 desa's
coverages 8 MB.
"""

import hashlib
import os
import tempfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import shapely

from .coverage import Coverage, coverage

# A 10 m raster over the kabupaten (1,011 km2) holds the 274 desa's coverage in about 30 MB.
MEMORY_BUDGET_BYTES = 256 * 1024 * 1024
# Bump when the stored layout changes meaning.
FORMAT = 3
PACK_HEADER = np.dtype([("format", "<i8"), ("count", "<i8")])
PACK_ENTRY = np.dtype([("key", "S32"), ("offset", "<i8"), ("length", "<i8")])
COVERAGE_HEADER = np.dtype(
    [("area", "<f8"), ("row_off", "<i8"), ("col_off", "<i8"), ("rows", "<i8"), ("cols", "<i8"), ("cut", "<i8")]
)

_memory: "OrderedDict[tuple[str, str], Coverage]" = OrderedDict()
_memory_bytes = 0


def grid_key(grid, crs_wkt):
    text = repr((FORMAT, grid.x0, grid.y0, grid.dx, grid.dy, grid.width, grid.height, crs_wkt))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def geometry_key(geom):
    return hashlib.sha256(shapely.to_wkb(geom, output_dimension=2, byte_order=1)).hexdigest()[:32]


def clear_memory():
    """Forget every coverage held in this process (the disk cache stays)."""
    global _memory_bytes
    _memory.clear()
    _memory_bytes = 0


def zone_coverages(geoms, grid, gkey, cache_dir, prepare):
    """Coverage of each of ``geoms`` on ``grid`` (key ``gkey``), in order: from memory, from
    ``cache_dir``, or computed (``prepare(geom)`` gives the valid polygonal geometry) and kept in both."""
    keys = [geometry_key(geom) for geom in geoms]
    found = {}
    for key in keys:
        if (gkey, key) in _memory:
            _memory.move_to_end((gkey, key))
            found[key] = _memory[(gkey, key)]
    directory = Path(cache_dir) / gkey if cache_dir else None
    if directory and len(found) < len(keys):
        found.update(_read_packs(directory, set(keys) - set(found)))
    computed = {}
    for key, geom in zip(keys, geoms, strict=True):
        if key not in found:
            found[key] = computed[key] = coverage(prepare(geom), grid)
    if directory and computed:
        _write_pack(directory, computed)
    for key in keys:
        _remember((gkey, key), found[key])
    return [found[key] for key in keys]


def _remember(key, cov):
    global _memory_bytes
    if key in _memory:
        return
    _memory[key] = cov
    _memory_bytes += cov.nbytes
    while _memory_bytes > MEMORY_BUDGET_BYTES and len(_memory) > 1:
        _, dropped = _memory.popitem(last=False)
        _memory_bytes -= dropped.nbytes


def _read_packs(directory, wanted):
    """{key: Coverage} of the ``wanted`` keys found in the packs of ``directory``."""
    found = {}
    for path in sorted(directory.glob("*.pack")) if directory.is_dir() else []:
        try:
            data = path.read_bytes()
            header = np.frombuffer(data, PACK_HEADER, count=1)[0]
            if header["format"] != FORMAT:
                continue
            index = np.frombuffer(data, PACK_ENTRY, count=int(header["count"]), offset=PACK_HEADER.itemsize)
            for key, offset, length in index.tolist():
                key = key.decode()
                if key in wanted and key not in found:
                    found[key] = _decode(data[offset : offset + length])
        except (OSError, ValueError, IndexError):
            # Cut short by a crashed writer or unreadable: what is missing is computed again.
            continue
    return found


def _write_pack(directory, coverages):
    directory.mkdir(parents=True, exist_ok=True)
    blobs = [_encode(cov) for cov in coverages.values()]
    index = np.zeros(len(blobs), PACK_ENTRY)
    index["key"] = [key.encode() for key in coverages]
    index["length"] = [len(blob) for blob in blobs]
    index["offset"] = PACK_HEADER.itemsize + index.nbytes + np.cumsum(index["length"]) - index["length"]
    header = np.array([(FORMAT, len(blobs))], PACK_HEADER)
    name = hashlib.sha256("".join(sorted(coverages)).encode()).hexdigest()[:24]
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(header.tobytes())
            out.write(index.tobytes())
            for blob in blobs:
                out.write(blob)
        os.replace(tmp, directory / f"{name}.pack")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _encode(cov):
    """A coverage as bytes: COVERAGE_HEADER, the window's whole pixels as bits, the cut
    pixels' indices (int32) and fractions (float64)."""
    header = np.array([(cov.polygon_area, cov.row_off, cov.col_off, *cov.shape, cov.partial_idx.size)], COVERAGE_HEADER)
    parts = (
        header,
        np.packbits(cov.full.ravel()),
        cov.partial_idx.astype(np.int32),
        cov.partial_frac.astype(np.float64),
    )
    return b"".join(part.tobytes() for part in parts)


def _decode(data):
    header = np.frombuffer(data, COVERAGE_HEADER, count=1)[0]
    rows, cols, cut = int(header["rows"]), int(header["cols"]), int(header["cut"])
    offset = COVERAGE_HEADER.itemsize
    bits = np.frombuffer(data, np.uint8, count=(rows * cols + 7) // 8, offset=offset)
    offset += bits.size
    partial_idx = np.frombuffer(data, np.int32, count=cut, offset=offset)
    partial_frac = np.frombuffer(data, np.float64, count=cut, offset=offset + 4 * cut)
    full = np.unpackbits(bits, count=rows * cols).view(bool).reshape(rows, cols)
    return Coverage(
        float(header["area"]),
        int(header["row_off"]),
        int(header["col_off"]),
        (rows, cols),
        full,
        partial_idx,
        partial_frac,
    )
