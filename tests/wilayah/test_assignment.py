"""Desa assignment: the SQL rule (one geometry) and the shapely rule (arrays)
give the same desa and kecamatan on the real 274 desa, across every boundary."""

import threading

import numpy as np
import pytest
import shapely
from django.conf import settings
from django.contrib.gis.db.models.functions import AsWKB
from django.contrib.gis.geos import GEOSGeometry

from wilayah.assignment import NO_DESA, DesaPieces, assign_desa, desa_for
from wilayah.models import Desa

METRE = 1 / 111_000  # degrees of latitude per metre, near enough for sizing fixtures
SAMPLES_PER_DESA = 1  # outline places per desa, beside one per neighbouring pair


@pytest.fixture
def desa_table(wilayah):
    """Ids, kecamatan ids and polygons (shapely, EPSG:4326) of the real desa."""
    rows = list(Desa.objects.order_by("pk").values_list("pk", "kecamatan_id", AsWKB("geom")))
    return (
        np.array([r[0] for r in rows]),
        np.array([r[1] for r in rows]),
        shapely.from_wkb([bytes(r[2]) for r in rows]),
    )


def boundary_places(desa_geoms, rng):
    """Points on the desa boundaries: a vertex of the shared boundary of every
    two neighbouring desa (746 pairs, corners included: the desa are a coverage) and SAMPLES_PER_DESA
    vertices of every desa's outline (reaching the kabupaten's own border and
    the coast)."""
    first, second = shapely.STRtree(desa_geoms).query(desa_geoms, predicate="intersects")
    pair = first < second
    shared = shapely.intersection(shapely.boundary(desa_geoms[first[pair]]), shapely.boundary(desa_geoms[second[pair]]))
    vertices, owner = shapely.get_coordinates(shared, return_index=True)
    counts = np.bincount(owner, minlength=len(shared))
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    neighbours = vertices[starts + (rng.random(len(shared)) * counts).astype(int)]
    vertices, owner = shapely.get_coordinates(desa_geoms, return_index=True)
    outline = np.concatenate([rng.choice(np.flatnonzero(owner == d), SAMPLES_PER_DESA) for d in range(len(desa_geoms))])
    return np.concatenate([neighbours, vertices[outline]]), len(shared)


def across_every_boundary(desa_geoms, seed=11):
    """Around every place of ``boundary_places``: the point on the boundary
    itself, a point 0-20 m off it, a line 60-400 m long and a hexagon 20-300 m
    across through it, so most lines and polygons lie in two desa or more
    (or reach out of the kabupaten)."""
    rng = np.random.default_rng(seed)
    on, _pairs = boundary_places(desa_geoms, rng)
    count = len(on)
    off = on + rng.normal(0, 10 * METRE, (count, 2))
    direction = rng.uniform(0, 2 * np.pi, count)
    half = rng.uniform(30, 200, count)[:, None] * METRE * np.column_stack([np.cos(direction), np.sin(direction)])
    lines = shapely.linestrings(np.stack([on - half, on + half], axis=1))
    angles = np.linspace(0, 2 * np.pi, 7)
    radii = rng.uniform(10, 150, count)[:, None, None] * METRE
    rings = off[:, None, :] + radii * np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    return np.concatenate([shapely.points(on), shapely.points(off), lines, shapely.polygons(rings)])


def sql_answers(geoms):
    """The SQL rule, one query per geometry, as -1 where it says none."""
    ewkb = shapely.to_wkb(shapely.set_srid(geoms, settings.STORAGE_SRID), include_srid=True)
    answers = [desa_for(GEOSGeometry(memoryview(g))) for g in ewkb]
    return np.array([(NO_DESA if d is None else d, NO_DESA if k is None else k) for d, k in answers]).reshape(-1, 2)


def test_sql_and_shapely_agree_across_every_desa_boundary(desa_table):
    desa_ids, _kecamatan, desa_geoms = desa_table
    assert len(desa_ids) == 274
    assert boundary_places(desa_geoms, np.random.default_rng(0))[1] == 746  # neighbouring pairs
    geoms = across_every_boundary(desa_geoms)
    desa_pieces = DesaPieces.load()
    desa, kecamatan = desa_pieces.assign(geoms)
    expected = sql_answers(geoms)
    differ = np.flatnonzero((desa != expected[:, 0]) | (kecamatan != expected[:, 1]))
    assert not len(differ), [(shapely.to_wkt(geoms[i], 7), desa[i], tuple(expected[i])) for i in differ[:5]]
    # The fixtures do what they are for: most points on a boundary lie on two
    # desa or more (the tie rule decides), most lines and polygons lie in two
    # or more (the overlay ranks them); and the exact answer agrees with the
    # one found through the grid.
    pieces, features = shapely.STRtree(geoms).query(desa_pieces.pieces, predicate="intersects")
    pairs = np.unique(np.column_stack([features, desa_pieces.piece_desa[pieces]]), axis=0)
    desa_touched = np.bincount(pairs[:, 0], minlength=len(geoms))
    quarter = len(geoms) // 4  # points on, points off, lines, polygons
    assert (desa_touched[:quarter] >= 2).mean() > 0.6
    assert (desa_touched[2 * quarter :] >= 2).mean() > 0.5
    exact_desa, exact_kecamatan = desa_pieces.assign_exactly(geoms)
    assert (exact_desa == desa).all() and (exact_kecamatan == kecamatan).all()


def test_a_point_inside_a_desa_belongs_to_it_by_both_rules(desa_table):
    desa_ids, kecamatan_ids, desa_geoms = desa_table
    inside = shapely.point_on_surface(desa_geoms)
    desa, kecamatan = assign_desa(inside)
    assert (desa == desa_ids).all() and (kecamatan == kecamatan_ids).all()
    assert (sql_answers(inside) == np.column_stack([desa_ids, kecamatan_ids])).all()


def test_a_feature_in_no_desa_belongs_to_none(wilayah):
    # The Java Sea north of the coast, and the Gulf of Guinea.
    geoms = np.array([shapely.Point(106.5, -5.9), shapely.LineString([(0, 0), (1, 1)]), shapely.box(0, 0, 1, 1)])
    desa, kecamatan = assign_desa(geoms)
    assert (desa == NO_DESA).all() and (kecamatan == NO_DESA).all()
    assert (sql_answers(geoms) == NO_DESA).all()
    assert desa_for(GEOSGeometry("SRID=4326;POINT (106.5 -5.9)")) == (None, None)


def test_threads_sharing_the_pieces_get_the_same_answers(desa_table):
    geoms = across_every_boundary(desa_table[2], seed=3)
    desa_pieces = DesaPieces.load()
    expected = desa_pieces.assign(geoms)
    answers = [None] * 4

    def assign(slot):
        answers[slot] = desa_pieces.assign(geoms)

    threads = [threading.Thread(target=assign, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for desa, kecamatan in answers:
        assert (desa == expected[0]).all() and (kecamatan == expected[1]).all()
