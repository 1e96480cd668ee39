"""A raster of the desa, for assigning most features without any overlay.

Every cell of a fine grid (about 28 m) over the kabupaten holds the desa that
wholly contains it, or -1 where a desa boundary passes through the cell or
no desa lies. A feature whose bounding box lies in
cells of one desa lies in that desa alone: the exact overlay
(wilayah.assignment.DesaPieces) is only needed near boundaries and for large
features. Coordinates are degrees in settings.STORAGE_SRID (EPSG:4326).

Exactness: boundaries are densified to vertices at most a quarter cell apart
and every cell within an eighth of a cell of a vertex is marked, which marks
every cell a boundary point lies in (edges included); a cell left unmarked
lies wholly inside one desa piece or wholly outside all, and its centre says
which.
"""

import hashlib
import threading

import numpy as np
import shapely

CELL = 0.00025  # degrees (~28 m at 6° S)
SPAN = 4  # features up to this many cells a side are looked up
STEP = CELL / 4  # the longest boundary segment after densifying


class DesaGrid:
    """Cells of CELL degrees over the desa pieces: the desa id where one desa
    wholly contains the cell, -1 elsewhere."""

    def __init__(self, pieces, piece_desa):
        minx, miny, maxx, maxy = shapely.total_bounds(pieces)
        self.x0, self.y0 = minx - 2 * CELL, miny - 2 * CELL
        self.nx = int((maxx - self.x0) / CELL) + 3
        self.ny = int((maxy - self.y0) / CELL) + 3
        cells = np.full((self.ny, self.nx), -1, dtype=np.int32)
        for piece, desa in zip(pieces.tolist(), piece_desa.tolist(), strict=True):
            (ix0, iy0), (ix1, iy1) = self._cell(*piece.bounds[:2]), self._cell(*piece.bounds[2:])
            xs = self.x0 + (np.arange(ix0, ix1 + 1) + 0.5) * CELL
            ys = self.y0 + (np.arange(iy0, iy1 + 1) + 0.5) * CELL
            inside = shapely.contains_xy(piece, *np.meshgrid(xs, ys))
            cells[iy0 : iy1 + 1, ix0 : ix1 + 1][inside] = desa
        # Every cell holding a boundary point: a point of a segment at most
        # STEP long lies within STEP / 2 of one of its ends, so the cells under
        # a square of that half-size around every vertex hold them all.
        vertices = shapely.get_coordinates(shapely.segmentize(shapely.boundary(pieces), STEP))
        reach = STEP / 2 + CELL * 1e-6
        near = np.zeros_like(cells, dtype=bool)
        for dx in (-reach, reach):
            for dy in (-reach, reach):
                ix, iy = self._cell(vertices[:, 0] + dx, vertices[:, 1] + dy)
                near[iy, ix] = True
        cells[near] = -1
        self.cells = cells

    def _cell(self, x, y):
        ix = np.floor((np.asarray(x) - self.x0) / CELL).astype(np.int64)
        iy = np.floor((np.asarray(y) - self.y0) / CELL).astype(np.int64)
        return ix, iy

    def lookup(self, geoms):
        """The desa wholly containing each feature's bounding box; -1 where the
        box spans more than SPAN cells a side or any cell that is not pure."""
        bounds = shapely.bounds(geoms)
        ix0, iy0 = self._cell(bounds[:, 0], bounds[:, 1])
        ix1, iy1 = self._cell(bounds[:, 2], bounds[:, 3])
        ok = (
            np.isfinite(bounds).all(axis=1)
            & (ix0 >= 0)
            & (iy0 >= 0)
            & (ix1 < self.nx)
            & (iy1 < self.ny)
            & (ix1 - ix0 < SPAN)
            & (iy1 - iy0 < SPAN)
        )
        ix0, iy0, ix1, iy1 = ix0[ok], iy0[ok], ix1[ok], iy1[ok]
        first = self.cells[iy0, ix0]
        same = first >= 0
        for dy in range(SPAN):
            for dx in range(SPAN):
                if dx or dy:
                    same &= self.cells[np.minimum(iy0 + dy, iy1), np.minimum(ix0 + dx, ix1)] == first
        found = np.full(len(geoms), -1, dtype=np.int64)
        found[np.flatnonzero(ok)[same]] = first[same]
        return found


_cache = {}
_lock = threading.Lock()


def desa_grid(pieces, piece_desa):
    """The grid of these pieces (shapely polygons in EPSG:4326, desa id of
    each), built once per process and shared by every thread (the desa rarely
    change; the grid is only read once built)."""
    key = hashlib.blake2b(b"".join(shapely.to_wkb(pieces).tolist()) + piece_desa.tobytes()).hexdigest()
    with _lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = DesaGrid(pieces, piece_desa)
        return _cache[key]
