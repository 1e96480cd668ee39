"""Geometry checks of an upload, vectorised with shapely before anything is written.

Reprojection to EPSG:4326 (PROJ, through pyproj), the geometry-type check,
validity repair (GEOS MakeValid, as ST_MakeValid), promotion to Multi*, the
desa assignment and the outside check all run here on whole arrays, so the
database only has to take one COPY of finished rows.
"""

from dataclasses import dataclass

import numpy as np
import pyproj
import shapely
from django.db import connection
from django.utils.translation import gettext as _

from .errors import ImportRefused

DIMENSION_KIND = {0: "point", 1: "line", 2: "polygon"}
KIND_LABEL = {"point": "titik", "line": "garis", "polygon": "poligon"}
COLLECTION = shapely.GeometryType.GEOMETRYCOLLECTION
# Single-part type id -> the function that wraps each geometry in its Multi* type.
MULTI = {
    shapely.GeometryType.POINT: shapely.multipoints,
    shapely.GeometryType.LINESTRING: shapely.multilinestrings,
    shapely.GeometryType.LINEARRING: shapely.multilinestrings,
    shapely.GeometryType.POLYGON: shapely.multipolygons,
}
MULTI_OF_DIMENSION = {0: shapely.multipoints, 1: shapely.multilinestrings, 2: shapely.multipolygons}


@dataclass
class Checked:
    """The features that will be imported: positions in the source, geometry
    (EPSG:4326, Multi*), desa and kecamatan ids (-1 where none)."""

    kind: str
    rows: np.ndarray
    geoms: np.ndarray
    desa: np.ndarray
    kecamatan: np.ndarray

    @property
    def bbox(self):
        return list(shapely.total_bounds(self.geoms))

    @property
    def unassigned(self):
        return int((self.desa < 0).sum())


def check(source, wkb, report):
    """Check and prepare the geometry of every feature; raises ImportRefused."""
    geoms = shapely.from_wkb(wkb, on_invalid="ignore")
    rows = np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))
    report["empty_dropped"] = len(geoms) - len(rows)
    geoms = geoms[rows]
    if not len(geoms):
        raise ImportRefused(_("The file contains no features with a geometry."))
    types = shapely.get_type_id(geoms)
    if (types == COLLECTION).any():
        raise ImportRefused(_("The file contains geometry collections; split them into points, lines or polygons."))
    dimensions = shapely.get_dimensions(geoms)
    present, counts = np.unique(dimensions, return_counts=True)
    if len(present) > 1:
        parts = ", ".join(f"{n} {KIND_LABEL[DIMENSION_KIND[d]]}" for d, n in zip(present, counts, strict=True))
        raise ImportRefused(
            _("The file mixes geometry types (%(parts)s); upload one file per geometry type.") % {"parts": parts}
        )
    dimension = int(present[0])

    geoms, finite = _to_4326(source, geoms)
    geoms = _promote(geoms, types)

    invalid = ~shapely.is_valid(geoms)
    report["repaired"] = int(invalid.sum())
    if report["repaired"]:
        geoms[invalid] = [_extract(g, dimension) for g in shapely.make_valid(geoms[invalid])]
    kept = ~shapely.is_empty(geoms)
    report["empty_after_repair"] = int((~kept).sum())
    rows, geoms, finite = rows[kept], geoms[kept], finite[kept]

    desa, kecamatan, outside = assign(geoms, dimension)
    outside |= ~finite
    _refuse_outside(geoms, outside, finite, report)
    inside = ~outside
    return Checked(DIMENSION_KIND[dimension], rows[inside], geoms[inside], desa[inside], kecamatan[inside])


def _to_4326(source, geoms):
    """Reproject to EPSG:4326 (lon/lat); also returns which features kept finite
    coordinates (points far outside a projection's domain come back infinite)."""
    finite = np.ones(len(geoms), dtype=bool)
    if source.srid == 4326:
        return geoms, finite
    try:
        crs = pyproj.CRS.from_user_input(source.srid or source.crs)
        transformer = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    except pyproj.exceptions.CRSError as exc:
        raise ImportRefused(
            _("The coordinate system of the file is not supported: %(error)s") % {"error": exc}
        ) from exc
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    xs, ys = coords[:, 0], coords[:, 1]
    if len(xs) == 1:  # pyproj would take a one-element array for a scalar point
        xs, ys = np.repeat(xs, 2), np.repeat(ys, 2)
    x, y = transformer.transform(xs, ys, errcheck=False)
    moved = np.column_stack([x, y])[: len(coords)]
    bad = ~np.isfinite(moved).all(axis=1)
    if bad.any():
        finite[np.unique(index[bad])] = False
        moved[bad] = 0.0
    return shapely.set_coordinates(geoms.copy(), moved), finite


def _promote(geoms, types):
    """Single parts become one-part Multi* geometries."""
    for type_id, make_multi in MULTI.items():
        single = types == type_id
        if single.any():
            parts = geoms[single]
            if type_id == shapely.GeometryType.LINEARRING:
                parts = shapely.linestrings(shapely.get_coordinates(parts), indices=_ring_index(parts))
            geoms[single] = make_multi(parts, indices=np.arange(len(parts)))
    return geoms


def _ring_index(rings):
    return np.repeat(np.arange(len(rings)), shapely.get_num_coordinates(rings))


def _extract(geom, dimension):
    """The parts of a repaired geometry of the layer's dimension, as one Multi*
    (ST_CollectionExtract after ST_MakeValid); empty when nothing is left."""
    parts = shapely.get_parts(geom)
    parts = parts[shapely.get_dimensions(parts) == dimension]
    parts = shapely.get_parts(parts)  # a Multi* part of a collection
    return MULTI_OF_DIMENSION[dimension](parts)


def _load_pieces(table, columns):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns + ', ' if columns else ''}ST_AsBinary(geom) FROM {table}")
        rows = cursor.fetchall()
    geoms = shapely.from_wkb([bytes(r[-1]) for r in rows])
    shapely.prepare(geoms)
    return rows, geoms


def assign(geoms, dimension):
    """Desa and kecamatan of every feature (-1 where none) and which features
    touch no part of the kabupaten (buffered 500 m).

    The subdivided desa pieces are tested against an STRtree of the features,
    each piece prepared once. A feature touching pieces of one desa only is
    assigned without any overlay; features crossing desa boundaries go to the
    desa containing them (points), with the longest (lines) or largest
    (polygons) overlap, ties to the lowest desa id. Overlaps are compared in
    degrees, which only ranks desa for one feature a few km across.
    """
    rows, pieces = _load_pieces("wilayah_desapiece", "desa_id, kecamatan_id")
    piece_desa = np.array([r[0] for r in rows], dtype=np.int64)
    piece_kecamatan = np.array([r[1] for r in rows], dtype=np.int64)
    desa = np.full(len(geoms), -1, dtype=np.int64)
    kecamatan = np.full(len(geoms), -1, dtype=np.int64)
    piece_index, feature_index = shapely.STRtree(geoms).query(pieces, predicate="intersects")
    if len(feature_index):
        order = np.lexsort((piece_desa[piece_index], feature_index))
        piece_index, feature_index = piece_index[order], feature_index[order]
        candidate_desa = piece_desa[piece_index]
        starts = np.r_[0, np.flatnonzero(np.diff(feature_index)) + 1]
        lowest = candidate_desa[starts]
        highest = np.maximum.reduceat(candidate_desa, starts)
        first_piece = piece_index[starts]
        features = feature_index[starts]
        desa[features] = lowest
        kecamatan[features] = piece_kecamatan[first_piece]
        contested = np.isin(feature_index, features[lowest != highest])
        if contested.any():
            winners, winner_desa = _best_overlap(
                geoms, dimension, pieces, feature_index[contested], piece_index[contested], piece_desa
            )
            kecamatan_of = dict(zip(piece_desa.tolist(), piece_kecamatan.tolist(), strict=True))
            desa[winners] = winner_desa
            kecamatan[winners] = [kecamatan_of[d] for d in winner_desa.tolist()]
    touched = desa >= 0
    outside = np.zeros(len(geoms), dtype=bool)
    untouched = np.flatnonzero(~touched)
    if len(untouched):
        _rows, kabupaten = _load_pieces("wilayah_kabupatenpiece", "")
        _k, hit = shapely.STRtree(geoms[untouched]).query(kabupaten, predicate="intersects")
        outside[untouched] = True
        outside[untouched[np.unique(hit)]] = False
    return desa, kecamatan, outside


def _best_overlap(geoms, dimension, pieces, feature_index, piece_index, piece_desa):
    """For features crossing desa boundaries: the features and their heaviest desa."""
    if dimension == 0:
        weights = np.ones(len(feature_index))
    else:
        overlap = shapely.intersection(geoms[feature_index], pieces[piece_index])
        weights = shapely.length(overlap) if dimension == 1 else shapely.area(overlap)
    # Sum the weights per (feature, desa), then keep the heaviest desa of each feature.
    keys, inverse = np.unique(np.column_stack([feature_index, piece_desa[piece_index]]), axis=0, return_inverse=True)
    totals = np.bincount(inverse.ravel(), weights=weights)
    keys = keys[np.lexsort((keys[:, 1], -totals, keys[:, 0]))]
    first = np.r_[True, keys[1:, 0] != keys[:-1, 0]]
    return keys[first, 0], keys[first, 1]


def _refuse_outside(geoms, outside, finite, report):
    """Count the features outside; refuse the file when most are, telling
    whether swapping latitude and longitude would bring them in."""
    total, count = len(geoms), int(outside.sum())
    report["outside_refused"] = count
    if not total or count * 2 <= total:
        return
    _rows, kabupaten = _load_pieces("wilayah_kabupatenpiece", "")
    flipped = shapely.transform(geoms[outside & finite], lambda xy: xy[:, ::-1])
    _k, hit = shapely.STRtree(flipped).query(kabupaten, predicate="intersects")
    swapped = len(np.unique(hit))
    hint = (
        _("Latitude and longitude appear to be swapped.")
        if swapped * 2 > count
        else _("Check the coordinate system chosen for the file.")
    )
    raise ImportRefused(
        _("%(outside)d of %(total)d features lie outside Kabupaten Tangerang; the file was refused. %(hint)s")
        % {"outside": count, "total": total, "hint": hint}
    )
