"""Geometry checks of an upload, vectorised with shapely.

The geometry-type check, reprojection to EPSG:4326 (PROJ, through pyproj, on
the WKB bytes where layers.ingest.wkb can walk them), promotion to Multi*,
validity repair (GEOS MakeValid, as ST_MakeValid), the desa assignment
(wilayah.assignment.DesaPieces) and the outside check run here on arrays of
features, batch by batch and in several threads, so the database only has to
take one COPY of finished rows and can parse one batch while the next ones are
prepared.
"""

import threading
from dataclasses import dataclass

import numpy as np
import pyarrow
import pyproj
import shapely
from django.conf import settings
from django.utils.translation import gettext as _

from wilayah.assignment import DesaPieces

from . import wkb
from .errors import ImportRefused

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
        self.transformer = storage_transformer(source)
        self.desa_pieces = DesaPieces.load()
        self.bounds = np.array([np.inf, np.inf, -np.inf, -np.inf])
        self.outside = []
        self.total = self.unassigned = self.outside_count = 0
        self._tally = threading.Lock()
        report.update(repaired=0, empty_after_repair=0)

    def __len__(self):
        return self.positions

    def _batch(self, start, stop):
        """Geometries (EPSG:4326, Multi*), their EWKB, which kept finite
        coordinates, source rows and attribute arrays of positions start:stop."""
        if self.stream is None:
            rows = self.rows[start:stop]
            geoms, finite = reproject_to_storage(self.transformer, self.geoms[start:stop])
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
            geoms, finite = reproject_to_storage(self.transformer, geoms[present])
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
        """Desa and kecamatan of every feature (-1 where none; the rule is
        wilayah.assignment's) and which features touch no part of the
        kabupaten (grown by KabupatenPiece.BOUNDARY_TOLERANCE_M)."""
        desa, kecamatan = self.desa_pieces.assign(geoms)
        outside = np.zeros(len(geoms), dtype=bool)
        untouched = np.flatnonzero(desa < 0)
        if len(untouched):
            outside[untouched] = ~self.desa_pieces.near_kabupaten(geoms[untouched])
        return desa, kecamatan, outside

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
        swapped = int(self.desa_pieces.near_kabupaten(flipped).sum())
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


def storage_transformer(source):
    """A pyproj Transformer from ``source``'s CRS (srid or WKT) to settings.STORAGE_SRID,
    lon/lat order; None when the source is already there. ImportRefused for an unknown CRS."""
    if source.srid == settings.STORAGE_SRID:
        return None
    try:
        crs = pyproj.CRS.from_user_input(source.srid or source.crs)
        return pyproj.Transformer.from_crs(crs, settings.STORAGE_SRID, always_xy=True)
    except pyproj.exceptions.CRSError as exc:
        raise ImportRefused(
            _("The coordinate system of the file is not supported: %(error)s") % {"error": exc}
        ) from exc


def reproject_to_storage(transformer, geoms):
    """Reproject to settings.STORAGE_SRID (EPSG:4326, lon/lat) with the
    transformer of ``storage_transformer`` (None: already there); also returns which
    features kept finite coordinates (points far outside a projection's domain
    come back infinite)."""
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
