"""The desa grid: a lookup shortcut that must agree with the exact assignment."""

import numpy as np
import pytest
import shapely

from layers.ingest import geometry
from wilayah.assignment import DesaPieces
from wilayah.grid import CELL, DesaGrid


class Source:
    srid = 4326
    crs = "EPSG:4326"


def checker(geoms):
    return geometry.Checker(Source(), shapely.to_wkb(geoms), {})


def near_boundaries(count, seed):
    """Points and small hexagons (10-80 m) scattered along the desa boundaries,
    where the grid has to be right or say it does not know."""
    rng = np.random.default_rng(seed)
    pieces = DesaPieces.load().pieces
    lines = shapely.get_coordinates(shapely.segmentize(shapely.boundary(pieces), CELL))
    centres = lines[rng.integers(0, len(lines), count)] + rng.normal(0, CELL, (count, 2))
    radii = rng.uniform(0.0001, 0.0007, count)
    angles = np.linspace(0, 2 * np.pi, 7)
    rings = centres[:, None, :] + radii[:, None, None] * np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    return shapely.points(centres), shapely.polygons(rings)


@pytest.mark.parametrize("kind, share", [("points", 0.3), ("polygons", 0.02)])
def test_the_grid_agrees_with_the_exact_assignment_near_every_boundary(wilayah, kind, share):
    points, polygons = near_boundaries(20_000, seed=7)
    geoms = points if kind == "points" else polygons
    desa_pieces = DesaPieces.load()
    found = desa_pieces.grid.lookup(geoms)
    exact_desa, exact_kecamatan = desa_pieces.assign_exactly(geoms)
    exact_outside = (exact_desa < 0) & ~desa_pieces.near_kabupaten(geoms)
    looked_up = found >= 0
    # The grid answers for some even this close to the boundaries ...
    assert looked_up.mean() > share
    # ... and every answer it gives is the exact one.
    assert (found[looked_up] == exact_desa[looked_up]).all()
    desa, kecamatan = desa_pieces.assign(geoms)
    assert (desa == exact_desa).all() and (kecamatan == exact_kecamatan).all()
    # The import's checker gives the same, and the same features outside.
    desa, kecamatan, outside = checker(geoms)._assign(geoms)
    assert (desa == exact_desa).all() and (kecamatan == exact_kecamatan).all() and (outside == exact_outside).all()


def test_a_cell_a_boundary_crosses_is_never_pure(wilayah):
    desa_pieces = DesaPieces.load()
    grid = DesaGrid(desa_pieces.pieces, desa_pieces.piece_desa)
    pure = np.argwhere(grid.cells >= 0)
    boxes = shapely.box(
        grid.x0 + pure[:, 1] * CELL,
        grid.y0 + pure[:, 0] * CELL,
        grid.x0 + (pure[:, 1] + 1) * CELL,
        grid.y0 + (pure[:, 0] + 1) * CELL,
    )
    _box, piece = shapely.STRtree(boxes).query(shapely.boundary(desa_pieces.pieces), predicate="intersects")
    assert len(piece) == 0
    assert len(pure) > 500_000  # most of the kabupaten is pure at 28 m
