"""Exact coverage fractions of a polygon on a north-up raster grid.

The share of each pixel's area that lies inside a polygon (what exactextract
calls a coverage fraction), computed for all pixels of the polygon's window
at once with numpy, no per-pixel geometry.

The method is Green's theorem on a vertical strip. For a polygon whose
exterior runs counter-clockwise (holes clockwise), the area inside a cell
[x0, x1] x [y0, y1] is

    sum over edges e of  -integral over x in [x0, x1] of (clamp(y_e(x), y0, y1) - y0) dx

(a top edge runs right-to-left and adds the area under it, a bottom edge runs
left-to-right and takes the area under it away). Each edge is cut at every
grid line it crosses; a piece inside one cell adds ``-du * (mean height above
the cell's bottom)`` to that cell and ``-du`` (a full cell height) to every
cell below it in the same column, which is one cumulative sum down the
columns. Pieces above the window count as a full cell height from the first
row down; pieces below it or beside it touch no cell of the window. The sum
is exact up to floating-point rounding (about 1e-12 of a pixel).
"""

from dataclasses import dataclass

import numpy as np
import shapely

# A coverage within this of 1 is a whole pixel, below EMPTY no pixel at all
# (rounding of the cumulative sum leaves about 1e-13 in cells the polygon
# does not touch).
FULL = 1 - 1e-9
EMPTY = 1e-12


@dataclass(frozen=True)
class Grid:
    """A north-up raster grid: origin (x0, y0) of its top-left corner, pixel
    size (dx, dy) in CRS units (both positive), width and height in pixels."""

    x0: float
    y0: float
    dx: float
    dy: float
    width: int
    height: int

    @classmethod
    def from_transform(cls, transform, width, height):
        if transform.b != 0 or transform.d != 0 or transform.a <= 0 or transform.e >= 0:
            raise ValueError("Raster harus north-up (tanpa rotasi, baris dari utara ke selatan).")
        return cls(transform.c, transform.f, transform.a, -transform.e, int(width), int(height))

    @property
    def pixel_area(self):
        return self.dx * self.dy


@dataclass(frozen=True)
class Coverage:
    """The pixels of one polygon in a window of the grid.

    ``row_off``/``col_off``/``shape``: the window (rows from the top of the
    raster); ``full``: bool array of the window's whole pixels; ``partial_idx``
    (flat, row-major in the window) and ``partial_frac``: the pixels cut by
    the boundary with the share of their area inside (0-1); ``polygon_area``:
    the polygon's whole area in CRS units (also the part outside the grid)."""

    polygon_area: float
    row_off: int
    col_off: int
    shape: tuple[int, int]
    full: np.ndarray
    partial_idx: np.ndarray
    partial_frac: np.ndarray

    @property
    def nbytes(self):
        return self.full.nbytes + self.partial_idx.nbytes + self.partial_frac.nbytes


def coverage(geom, grid):
    """Coverage of ``geom`` (a valid Polygon/MultiPolygon in the grid's CRS) on ``grid``;
    an empty window when it does not overlap the grid."""
    area = float(shapely.area(geom))
    window = None if geom.is_empty else _window(geom.bounds, grid)
    if window is None:
        return Coverage(area, 0, 0, (0, 0), np.zeros((0, 0), bool), np.zeros(0, np.int32), np.zeros(0))
    row_off, col_off, nr, nc = window
    # Window units: u columns from the window's left, v pixel heights above its bottom.
    left = grid.x0 + col_off * grid.dx
    bottom = grid.y0 - (row_off + nr) * grid.dy
    a, b = _edges(geom)
    ua, ub = (a[:, 0] - left) / grid.dx, (b[:, 0] - left) / grid.dx
    va, vb = (a[:, 1] - bottom) / grid.dy, (b[:, 1] - bottom) / grid.dy
    us, ue, vs, ve = _pieces(ua, va, ub, vb, nc, nr)
    cov, touched = _accumulate(us, ue, vs, ve, nr, nc)
    full = cov >= FULL
    cut = cov[touched]
    cut_pixels = (cut > EMPTY) & (cut < FULL)
    partial_idx, partial_frac = touched[cut_pixels].astype(np.int32), cut[cut_pixels]
    return Coverage(area, row_off, col_off, (nr, nc), full.reshape(nr, nc), partial_idx, partial_frac)


def _window(bounds, grid):
    """(row_off, col_off, rows, cols) of the pixels under ``bounds``, clipped to the grid; None outside."""
    minx, miny, maxx, maxy = bounds
    c0 = max(int(np.floor((minx - grid.x0) / grid.dx)), 0)
    c1 = min(int(np.ceil((maxx - grid.x0) / grid.dx)), grid.width)
    r0 = max(int(np.floor((grid.y0 - maxy) / grid.dy)), 0)
    r1 = min(int(np.ceil((grid.y0 - miny) / grid.dy)), grid.height)
    if c1 <= c0 or r1 <= r0:
        return None
    return r0, c0, r1 - r0, c1 - c0


def _edges(geom):
    """Start and end points (two (n, 2) arrays) of every ring edge, exteriors counter-clockwise."""
    rings = shapely.get_rings(shapely.get_parts(shapely.orient_polygons(geom)))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    return coords[:-1][same], coords[1:][same]


def _ragged(start, count):
    """For each i, the integers start[i] .. start[i] + count[i] - 1, concatenated, and their i."""
    owner = np.repeat(np.arange(len(count)), count)
    first = np.cumsum(count) - count
    return start[owner] + (np.arange(owner.size) - first[owner]), owner


def _pieces(ua, va, ub, vb, nc, nr):
    """The edges cut at every grid line of the window they cross: start and end (u, v) of each piece."""
    du, dv = ub - ua, vb - va
    umin, umax = np.minimum(ua, ub), np.maximum(ua, ub)
    vmin, vmax = np.minimum(va, vb), np.maximum(va, vb)
    # Grid lines strictly between an edge's ends, only those of the window.
    kx0 = np.maximum(np.floor(umin) + 1, 0).astype(np.int64)
    kx1 = np.minimum(np.ceil(umax) - 1, nc).astype(np.int64)
    ky0 = np.maximum(np.floor(vmin) + 1, 0).astype(np.int64)
    ky1 = np.minimum(np.ceil(vmax) - 1, nr).astype(np.int64)
    kx, ex = _ragged(kx0, np.maximum(kx1 - kx0 + 1, 0))
    ky, ey = _ragged(ky0, np.maximum(ky1 - ky0 + 1, 0))
    n = ua.size
    edge = np.concatenate([np.arange(n), np.arange(n), ex, ey])
    t = np.concatenate([np.zeros(n), np.ones(n), (kx - ua[ex]) / du[ex], (ky - va[ey]) / dv[ey]])
    order = np.lexsort((t, edge))
    edge, t = edge[order], t[order]
    same = edge[1:] == edge[:-1]
    e, t0, t1 = edge[:-1][same], t[:-1][same], t[1:][same]
    return ua[e] + t0 * du[e], ua[e] + t1 * du[e], va[e] + t0 * dv[e], va[e] + t1 * dv[e]


def _accumulate(us, ue, vs, ve, nr, nc):
    """Coverage of every window cell (flat, row-major) from the edge pieces, and the cells a
    piece passes through (vertical pieces too): only these can be cut by the boundary."""
    du = ue - us
    col = np.floor((us + ue) / 2).astype(np.int64)
    vmid = (vs + ve) / 2
    band = np.floor(vmid).astype(np.int64)  # 0 = the window's bottom row
    keep = (col >= 0) & (col < nc) & (band >= 0)
    du, col, vmid, band = du[keep], col[keep], vmid[keep], band[keep]
    above = band >= nr
    band = np.minimum(band, nr - 1)
    height = np.where(above, 1.0, np.clip(vmid - band, 0.0, 1.0))
    row = nr - 1 - band
    below = row + 1 < nr
    cov = np.bincount((row[below] + 1) * nc + col[below], weights=-du[below], minlength=nr * nc)
    cov = cov.astype(np.float64, copy=False).reshape(nr, nc)  # bincount of nothing is int64
    np.cumsum(cov, axis=0, out=cov)
    cov = cov.ravel()
    touched = row * nc + col
    np.add.at(cov, touched, -du * height)
    return cov, np.unique(touched)
