"""Geometry checks of an upload, vectorised with shapely.

The geometry-type check, reprojection to EPSG:4326 (PROJ, through pyproj, on
the WKB bytes where layers.ingest.wkb can walk them), promotion to Multi*,
validity repair (GEOS MakeValid, as ST_MakeValid), the desa assignment and the
outside check run here on arrays of features, batch by batch and in several
threads, so the database only has to take one COPY of finished rows and can
parse one batch while the next ones are prepared.
"""

import threading
from dataclasses import dataclass

import numpy as np
import pyarrow
import pyproj
import shapely
from django.db import connection
from django.utils.translation import gettext as _

from . import wkb
from .errors import ImportRefused
from .grid import desa_grid

DIMENSION_KIND = {0: "point", 1: "line", 2: "polygon"}
KIND_LABEL = {"point": "titik", "line": "garis", "polygon": "poligon"}
COLLECTION = shapely.GeometryType.GEOMETRYCOLLECTION
MULTI_OF_DIMENSION = {0: shapely.multipoints, 1: shapely.multilinestrings, 2: shapely.multipolygons}


@dataclass
class Chunk:
    """Checked features of one batch: positions in the source (``rows``),
    geometry (EWKB bytes: EPSG:4326, Multi*), desa and kecamatan ids (-1 where
    none) and the attribute arrays, aligned with ``rows``."""

    rows: np.ndarray
    ewkb: np.ndarray
    desa: np.ndarray
    kecamatan: np.ndarray
    fields: list


class Checker:
    """The geometry of an upload, checked before and while it is written.

    Features come either read whole (``source_wkb`` and ``fields``: the constructor
    refuses files that are wrong as a whole, no geometry, collections, mixed
    types, before anything is written) or from a ``stream`` read batch by
    batch (shapefiles, whose geometry type is one for the whole file; each
    batch is refused on its own, which rolls the import back). ``check()``
    reprojects, promotes, repairs and assigns one batch and hands it over as
    EWKB, so the database can take one batch while the next ones are
    prepared, by several threads at once (GEOS and PROJ release the GIL);
    ``finish()`` refuses the file when most features lie outside.
    """

    def __init__(self, source, source_wkb, report, fields=(), stream=None):
        self.report = report
        self.stream = stream
        self.fields = [np.asarray(a) for a in fields]
        if stream is not None:
            self.rows = self.geoms = None
            self.positions = stream.count
            self.dimension = stream.dimension
            report["empty_dropped"] = 0
        else:
            geoms = shapely.from_wkb(source_wkb, on_invalid="ignore")
            self.rows = _present(geoms)
            report["empty_dropped"] = len(geoms) - len(self.rows)
            self.geoms = geoms[self.rows]
            self.positions = len(self.geoms)
            if not len(self.geoms):
                raise ImportRefused(_("The file contains no features with a geometry."))
            self.dimension = _one_dimension(self.geoms)
        self.kind = DIMENSION_KIND[self.dimension]
        self.transformer = _transformer(source)
        rows, self.pieces = _load_pieces("wilayah_desapiece", "desa_id, kecamatan_id")
        self.piece_desa = np.array([r[0] for r in rows], dtype=np.int64)
        self.piece_kecamatan = np.array([r[1] for r in rows], dtype=np.int64)
        self.desa_ids, first = np.unique(self.piece_desa, return_index=True)
        self.kecamatan_of_desa = self.piece_kecamatan[first]
        self.grid = desa_grid(self.pieces, self.piece_desa)
        _rows, self.kabupaten = _load_pieces("wilayah_kabupatenpiece", "")
        self.bounds = np.array([np.inf, np.inf, -np.inf, -np.inf])
        self.outside = []
        self.total = self.unassigned = self.outside_count = 0
        self._tally = threading.Lock()
        self._local = threading.local()
        report.update(repaired=0, empty_after_repair=0)

    def __len__(self):
        return self.positions

    def _batch(self, start, stop):
        """Geometries (EPSG:4326, Multi*), their EWKB, which kept finite
        coordinates, source rows and attribute arrays of positions start:stop."""
        if self.stream is None:
            rows = self.rows[start:stop]
            geoms, finite = _to_4326(self.transformer, self.geoms[start:stop])
            return geoms, ewkb_of(geoms), finite, rows, [a[rows] for a in self.fields]
        column, fields = self.stream.read(start, stop - start)
        read = len(column)
        rows = np.flatnonzero(column.is_valid().to_numpy(zero_copy_only=False))  # null shapes left out
        if column.null_count:
            column = column.take(rows)
        converted = None if self.stream.has_zm else wkb.multi_ewkb(column, self.transformer)
        if converted is None:  # shapely takes what the byte walk does not
            geoms = shapely.from_wkb(column.to_numpy(zero_copy_only=False), on_invalid="ignore")
            if self.stream.has_zm:
                geoms = shapely.force_2d(geoms)
            present = _present(geoms)
            geoms, finite = _to_4326(self.transformer, geoms[present])
            ewkb = ewkb_of(geoms)
        else:
            ewkb, finite = converted
            geoms = shapely.from_wkb(ewkb, on_invalid="ignore")
            present = _present(geoms)
            geoms, ewkb, finite = geoms[present], ewkb[present], finite[present]
        rows = rows[present]
        with self._tally:
            self.report["empty_dropped"] += read - len(rows)
        dimension = _one_dimension(geoms) if len(geoms) else self.dimension
        if dimension != self.dimension:
            _refuse_mixed(f"{KIND_LABEL[self.kind]}, {len(geoms)} {KIND_LABEL[DIMENSION_KIND[dimension]]}")
        return geoms, ewkb, finite, start + rows, [np.asarray(a)[rows] for a in fields]

    def check(self, start, stop):
        """The features at positions start:stop, checked; safe to call from several threads."""
        geoms, ewkb, finite, rows, fields = self._batch(start, stop)
        invalid = ~shapely.is_valid(geoms)
        repaired = int(invalid.sum())
        if repaired:
            geoms[invalid] = [_extract(g, self.dimension) for g in shapely.make_valid(geoms[invalid])]
            ewkb[invalid] = ewkb_of(geoms[invalid])
        kept = ~shapely.is_empty(geoms)
        rows, geoms, ewkb, finite = rows[kept], geoms[kept], ewkb[kept], finite[kept]
        desa, kecamatan, outside = self._assign(geoms)
        outside |= ~finite
        inside = np.flatnonzero(~outside)
        keep = kept.nonzero()[0][inside]
        chunk = Chunk(rows[inside], ewkb[inside], desa[inside], kecamatan[inside], [a[keep] for a in fields])
        bounds = shapely.total_bounds(geoms[inside]) if len(inside) else None
        with self._tally:
            self.report["repaired"] += repaired
            self.report["empty_after_repair"] += int((~kept).sum())
            self.total += len(geoms)
            self.outside_count += int(outside.sum())
            self.outside.append(geoms[outside & finite])  # for the swapped lat/lon test
            if bounds is not None:
                low, high = bounds.reshape(2, 2)
                self.bounds = np.r_[np.minimum(self.bounds[:2], low), np.maximum(self.bounds[2:], high)]
            self.unassigned += int((chunk.desa < 0).sum())
        return chunk

    def _assign(self, geoms):
        """Desa and kecamatan of every feature (-1 where none) and which features
        touch no part of the kabupaten (buffered 500 m).

        Features whose bounding box lies in the desa grid's cells of one desa
        get that desa by lookup; the others are assigned exactly: the
        subdivided desa pieces, each prepared once, are tested against an
        STRtree of the features. A feature touching pieces of one desa only is
        assigned without any overlay; features crossing desa boundaries go to
        the desa containing them (points), with the longest (lines) or largest
        (polygons) overlap, ties to the lowest desa id. Overlaps are compared in
        degrees, which only ranks desa for one feature a few km across.
        """
        desa = self.grid.lookup(geoms)
        known = desa >= 0
        kecamatan = np.full(len(geoms), -1, dtype=np.int64)
        kecamatan[known] = self._kecamatan_of(desa[known])
        outside = np.zeros(len(geoms), dtype=bool)
        rest = np.flatnonzero(~known)
        if len(rest):
            desa[rest], kecamatan[rest], outside[rest] = self._assign_exactly(geoms[rest])
        return desa, kecamatan, outside

    def _assign_exactly(self, geoms):
        desa = np.full(len(geoms), -1, dtype=np.int64)
        kecamatan = np.full(len(geoms), -1, dtype=np.int64)
        pieces, kabupaten = self._prepared()
        piece_index, feature_index = shapely.STRtree(geoms).query(pieces, predicate="intersects")
        if len(feature_index):
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
                winners, winner_desa = self._best_overlap(
                    geoms, pieces, feature_index[contested], piece_index[contested]
                )
                desa[winners] = winner_desa
                kecamatan[winners] = self._kecamatan_of(winner_desa)
        outside = np.zeros(len(geoms), dtype=bool)
        untouched = np.flatnonzero(desa < 0)
        if len(untouched):
            _k, hit = shapely.STRtree(geoms[untouched]).query(kabupaten, predicate="intersects")
            outside[untouched] = True
            outside[untouched[np.unique(hit)]] = False
        return desa, kecamatan, outside

    def _kecamatan_of(self, desa):
        return self.kecamatan_of_desa[np.searchsorted(self.desa_ids, desa)]

    def _prepared(self):
        """This thread's own prepared copies of the desa and kabupaten pieces:
        GEOS builds a prepared geometry's indexes lazily, unsafe to share."""
        local = self._local
        if not hasattr(local, "pieces"):
            local.pieces, local.kabupaten = (shapely.from_wkb(shapely.to_wkb(g)) for g in (self.pieces, self.kabupaten))
            shapely.prepare(local.pieces)
            shapely.prepare(local.kabupaten)
        return local.pieces, local.kabupaten

    def _best_overlap(self, geoms, pieces, feature_index, piece_index):
        """For features crossing desa boundaries: the features and their heaviest desa."""
        if self.dimension == 0:
            weights = np.ones(len(feature_index))
        else:
            overlap = shapely.intersection(geoms[feature_index], pieces[piece_index])
            weights = shapely.length(overlap) if self.dimension == 1 else shapely.area(overlap)
        # Sum the weights per (feature, desa), then keep the heaviest desa of each feature.
        keys, inverse = np.unique(
            np.column_stack([feature_index, self.piece_desa[piece_index]]), axis=0, return_inverse=True
        )
        totals = np.bincount(inverse.ravel(), weights=weights)
        keys = keys[np.lexsort((keys[:, 1], -totals, keys[:, 0]))]
        first = np.r_[True, keys[1:, 0] != keys[:-1, 0]]
        return keys[first, 0], keys[first, 1]

    @property
    def bbox(self):
        return self.bounds.tolist() if np.isfinite(self.bounds).all() else None

    def finish(self):
        """Count the features outside; refuse the file when most are, telling
        whether swapping latitude and longitude would bring them in."""
        count = self.outside_count
        self.report["outside_refused"] = count
        if not self.total:  # every geometry vanished in the repair
            raise ImportRefused(_("The file contains no features with a geometry."))
        if count * 2 <= self.total:
            return
        flipped = shapely.transform(np.concatenate(self.outside), lambda xy: xy[:, ::-1])
        _k, hit = shapely.STRtree(flipped).query(self._prepared()[1], predicate="intersects")
        swapped = len(np.unique(hit))
        hint = (
            _("Latitude and longitude appear to be swapped.")
            if swapped * 2 > count
            else _("Check the coordinate system chosen for the file.")
        )
        raise ImportRefused(
            _("%(outside)d of %(total)d features lie outside Kabupaten Tangerang; the file was refused. %(hint)s")
            % {"outside": count, "total": self.total, "hint": hint}
        )


def _one_dimension(geoms):
    """The dimension all ``geoms`` share; refuses collections and mixtures."""
    if (shapely.get_type_id(geoms) == COLLECTION).any():
        raise ImportRefused(_("The file contains geometry collections; split them into points, lines or polygons."))
    present, counts = np.unique(shapely.get_dimensions(geoms), return_counts=True)
    if len(present) > 1:
        _refuse_mixed(", ".join(f"{n} {KIND_LABEL[DIMENSION_KIND[d]]}" for d, n in zip(present, counts, strict=True)))
    return int(present[0])


def _refuse_mixed(parts):
    raise ImportRefused(
        _("The file mixes geometry types (%(parts)s); upload one file per geometry type.") % {"parts": parts}
    )


def _present(geoms):
    """Positions of the features that have a geometry."""
    return np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))


def _transformer(source):
    if source.srid == 4326:
        return None
    try:
        crs = pyproj.CRS.from_user_input(source.srid or source.crs)
        return pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    except pyproj.exceptions.CRSError as exc:
        raise ImportRefused(
            _("The coordinate system of the file is not supported: %(error)s") % {"error": exc}
        ) from exc


def _to_4326(transformer, geoms):
    """Reproject to EPSG:4326 (lon/lat); also returns which features kept finite
    coordinates (points far outside a projection's domain come back infinite)."""
    finite = np.ones(len(geoms), dtype=bool)
    if transformer is None:
        return geoms.copy(), finite
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


def ewkb_of(geoms):
    """EWKB (SRID 4326, Multi*) of 2D geometries in EPSG:4326, as bytes."""
    if not len(geoms):
        return np.empty(0, dtype=object)
    return wkb.multi_ewkb(pyarrow.array(shapely.to_wkb(geoms, byte_order=1), pyarrow.large_binary()))[0]


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
    return rows, shapely.from_wkb([bytes(r[-1]) for r in rows])
