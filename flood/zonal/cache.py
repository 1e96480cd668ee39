"""Coverage of each zone, kept per raster grid: the desa never move, hazard rasters get new versions.

A coverage depends only on the polygon and the grid (transform, size, CRS),
never on the pixel values, so a new version of a raster on the same grid
reuses every desa's coverage and its statistics are one pass over the
pixels. Keys: a hash of the grid and a hash of the polygon's WKB, so a
changed polygon or another grid is never served from the cache.

Two levels: this process's memory (least recently used first out, within
MEMORY_BUDGET_BYTES) and, when a directory is given, one ``.npz`` file per
(grid, polygon) under ``<dir>/<grid key>/`` shared by processes (the web
workers and Celery), written to a temporary name and renamed into place.
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
# Bump when the stored arrays change meaning.
FORMAT = "1"

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


def zone_coverage(geom, grid, gkey, cache_dir, prepare):
    """Coverage of ``geom`` on ``grid`` (key ``gkey``): from memory, from ``cache_dir``, or
    computed (``prepare(geom)`` gives the valid polygonal geometry) and kept in both."""
    key = (gkey, geometry_key(geom))
    found = _memory.get(key)
    if found is not None:
        _memory.move_to_end(key)
        return found
    path = Path(cache_dir) / gkey / f"{key[1]}.npz" if cache_dir else None
    found = _read(path) if path else None
    if found is None:
        found = coverage(prepare(geom), grid)
        if path:
            _write(path, found)
    _remember(key, found)
    return found


def _remember(key, cov):
    global _memory_bytes
    _memory[key] = cov
    _memory_bytes += cov.nbytes
    while _memory_bytes > MEMORY_BUDGET_BYTES and len(_memory) > 1:
        _, dropped = _memory.popitem(last=False)
        _memory_bytes -= dropped.nbytes


def _read(path):
    try:
        with np.load(path) as stored:
            window = stored["window"]
            rows, cols = int(window[2]), int(window[3])
            full = np.unpackbits(stored["full"], count=rows * cols).astype(bool).reshape(rows, cols)
            return Coverage(
                float(stored["polygon_area"]),
                int(window[0]),
                int(window[1]),
                (rows, cols),
                full,
                stored["partial_idx"],
                stored["partial_frac"],
            )
    except (OSError, KeyError, ValueError):
        # Missing, half-written by a crashed process or from an older format: compute again.
        return None


def _write(path, cov):
    path.parent.mkdir(parents=True, exist_ok=True)
    window = np.array([cov.row_off, cov.col_off, *cov.shape], dtype=np.int64)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(
                out,
                polygon_area=np.float64(cov.polygon_area),
                window=window,
                full=np.packbits(cov.full.ravel()),
                partial_idx=cov.partial_idx,
                partial_frac=cov.partial_frac,
            )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
