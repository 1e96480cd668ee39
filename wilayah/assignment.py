"""Desa assignment: the desa (and its kecamatan) a feature belongs to.

The rule, the same for every caller (imports, editing, KKPR checks, and later
flood events and programme locations):

- a feature belongs to the desa whose subdivided pieces (``DesaPiece``) it
  intersects with the largest weight, summed per desa over the pieces: 1 per
  piece a point (or multipoint) intersects, the length of the overlap for
  lines, its area for polygons;
- overlaps are measured in degrees of settings.STORAGE_SRID (EPSG:4326): they
  only rank the desa of one feature a few km across, over which a square
  degree holds the same number of square metres to well under 0.1 %;
- ties go to the lowest desa id (a point on the boundary between two desa,
  each with one piece there);
- a feature intersecting no desa belongs to none (NO_DESA, or None from SQL).

So a point goes to the desa containing it, a line to the desa holding most of
its length, a polygon to the desa holding most of its area.

Two implementations, tested against each other on every desa boundary
(tests/wilayah/test_assignment.py):

- ``desa_for(geom)``: one geometry, in PostGIS (``DesaPiece.objects.assignment_for``),
  one index-assisted query; for editing and anything placing one feature;
- ``DesaPieces.load().assign(geoms)``: arrays of geometries, in shapely, for the
  import (batch by batch, several threads at once): the desa grid
  (wilayah.grid) answers for features well inside one desa, an STRtree of the
  features against the prepared pieces for the others, and the overlay only
  for features crossing a desa boundary.
"""

import threading

import numpy as np
import shapely
from django.contrib.gis.db.models.functions import AsWKB

from .grid import desa_grid
from .models import DesaPiece, KabupatenPiece

NO_DESA = -1  # the id ``DesaPieces.assign`` gives features outside every desa


def desa_for(geom):
    """(desa_id, kecamatan_id) of one GEOS geometry in settings.STORAGE_SRID,
    by the rule above; (None, None) outside every desa."""
    return DesaPiece.objects.assignment_for(geom)


def assign_desa(geoms):
    """Desa and kecamatan ids (int64 arrays, NO_DESA outside every desa) of an
    array of shapely geometries in EPSG:4326. Loads the pieces on each call:
    callers with many batches keep one ``DesaPieces`` instead."""
    return DesaPieces.load().assign(geoms)


class DesaPieces:
    """The desa pieces and the kabupaten pieces in memory (shapely, EPSG:4326),
    for assigning arrays of features.

    One instance serves several threads at once: the arrays are only read,
    the desa grid is shared per process, and every thread prepares its own
    copies of the pieces (GEOS builds a prepared geometry's indexes lazily,
    which is unsafe to share).
    """

    def __init__(self, pieces, piece_desa, piece_kecamatan, kabupaten):
        self.pieces = pieces
        self.piece_desa = piece_desa
        self.piece_kecamatan = piece_kecamatan
        self.kabupaten = kabupaten
        self.desa_ids, first = np.unique(piece_desa, return_index=True)
        self.kecamatan_of_desa = piece_kecamatan[first]
        self.grid = desa_grid(pieces, piece_desa)
        self._local = threading.local()

    @classmethod
    def load(cls):
        """The pieces as stored now (rebuilt by ``load_wilayah``)."""
        rows = list(DesaPiece.objects.order_by("pk").values_list("desa_id", "kecamatan_id", AsWKB("geom")))
        kabupaten = KabupatenPiece.objects.order_by("pk").values_list(AsWKB("geom"), flat=True)
        return cls(
            shapely.from_wkb([bytes(r[2]) for r in rows]),
            np.array([r[0] for r in rows], dtype=np.int64),
            np.array([r[1] for r in rows], dtype=np.int64),
            shapely.from_wkb([bytes(g) for g in kabupaten]),
        )

    def assign(self, geoms):
        """Desa and kecamatan ids (int64 arrays aligned with ``geoms``, shapely
        geometries in EPSG:4326; NO_DESA outside every desa), by the rule of
        this module. Safe to call from several threads."""
        desa = self.grid.lookup(geoms)
        known = desa >= 0
        kecamatan = np.full(len(geoms), NO_DESA, dtype=np.int64)
        kecamatan[known] = self.kecamatan_of(desa[known])
        rest = np.flatnonzero(~known)
        if len(rest):
            desa[rest], kecamatan[rest] = self.assign_exactly(geoms[rest])
        return desa, kecamatan

    def assign_exactly(self, geoms):
        """As ``assign``, without the grid: every feature is tested against the
        prepared pieces, and those touching pieces of one desa only get it
        without any overlay."""
        desa = np.full(len(geoms), NO_DESA, dtype=np.int64)
        kecamatan = np.full(len(geoms), NO_DESA, dtype=np.int64)
        pieces = self._prepared()[0]
        piece_index, feature_index = shapely.STRtree(geoms).query(pieces, predicate="intersects")
        if not len(feature_index):
            return desa, kecamatan
        order = np.lexsort((self.piece_desa[piece_index], feature_index))
        piece_index, feature_index = piece_index[order], feature_index[order]
        candidate_desa = self.piece_desa[piece_index]
        starts = np.r_[0, np.flatnonzero(np.diff(feature_index)) + 1]
        lowest = candidate_desa[starts]
        highest = np.maximum.reduceat(candidate_desa, starts)
        features = feature_index[starts]
        desa[features] = lowest
        kecamatan[features] = self.piece_kecamatan[piece_index[starts]]
        contested = np.isin(feature_index, features[lowest != highest])
        if contested.any():
            winners, winner_desa = self._heaviest_desa(geoms, pieces, feature_index[contested], piece_index[contested])
            desa[winners] = winner_desa
            kecamatan[winners] = self.kecamatan_of(winner_desa)
        return desa, kecamatan

    def kecamatan_of(self, desa):
        """The kecamatan id of each desa id (all of them known desa)."""
        return self.kecamatan_of_desa[np.searchsorted(self.desa_ids, desa)]

    def near_kabupaten(self, geoms):
        """Which of ``geoms`` (EPSG:4326) intersect the kabupaten grown by
        KabupatenPiece.BOUNDARY_TOLERANCE_M (a bool array)."""
        near = np.zeros(len(geoms), dtype=bool)
        if len(geoms):
            _piece, hit = shapely.STRtree(geoms).query(self._prepared()[1], predicate="intersects")
            near[hit] = True
        return near

    def _prepared(self):
        """This thread's own prepared copies of the desa and kabupaten pieces."""
        local = self._local
        if not hasattr(local, "pieces"):
            local.pieces, local.kabupaten = (shapely.from_wkb(shapely.to_wkb(g)) for g in (self.pieces, self.kabupaten))
            shapely.prepare(local.pieces)
            shapely.prepare(local.kabupaten)
        return local.pieces, local.kabupaten

    def _heaviest_desa(self, geoms, pieces, feature_index, piece_index):
        """For features crossing desa boundaries, given as (feature, piece)
        pairs that intersect: the features and the desa of largest weight."""
        weights = np.ones(len(feature_index))  # points: 1 per piece
        dimension = shapely.get_dimensions(geoms[feature_index])
        for measured, measure in ((1, shapely.length), (2, shapely.area)):
            pairs = np.flatnonzero(dimension == measured)
            if len(pairs):
                weights[pairs] = measure(shapely.intersection(geoms[feature_index[pairs]], pieces[piece_index[pairs]]))
        # Sum the weights per (feature, desa), then keep the heaviest desa of each feature.
        keys, inverse = np.unique(
            np.column_stack([feature_index, self.piece_desa[piece_index]]), axis=0, return_inverse=True
        )
        totals = np.bincount(inverse.ravel(), weights=weights)
        keys = keys[np.lexsort((keys[:, 1], -totals, keys[:, 0]))]
        first = np.r_[True, keys[1:, 0] != keys[:-1, 0]]
        return keys[first, 0], keys[first, 1]
