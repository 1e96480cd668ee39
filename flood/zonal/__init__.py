"""Per-zone (per-desa) class areas of a hazard raster from exact pixel coverage fractions.

``zonal_statistics(raster_path, zones, classes)`` answers, for each zone, the
area in m2 of each hazard class, of ``tanpa_data`` (nodata pixels and the part
of the zone outside the raster) and, for an index raster, the coverage-weighted
mean and the maximum. Zones and raster are in settings.METRIC_SRID
(EPSG:32748, metres). A pixel cut by a zone boundary counts by the exact share
of its area inside (``coverage``), so the classes of a zone add up to its area.
Coverages are kept per raster grid (``cache``): a new version of a raster on
the same grid costs one pass over its pixels.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import rasterio
import shapely
from django.conf import settings
from rasterio.enums import MaskFlags
from rasterio.windows import Window

from .cache import clear_memory, grid_key, zone_coverage
from .coverage import Grid

__all__ = ["BNPB_INDEKS", "TANPA_DATA", "Classes", "ZoneStats", "classify", "clear_memory", "zonal_statistics"]

TANPA_DATA = "tanpa_data"
# Rasters up to this many pixels are read whole once (a 10 m raster over the
# kabupaten: 10 million, 40 MB as float32); larger ones one window per zone.
WHOLE_READ_MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class Classes:
    """How pixel values become classes.

    ``kind="indeks"``: ``thresholds`` ascending (kode, upper bound inclusive);
    values above the last bound fall in the last class. ``kind="kelas"``:
    ``values`` (raster value, kode); several values may share a kode, values
    not listed count as ``tanpa_data``."""

    kind: str
    thresholds: tuple[tuple[str, float], ...] = ()
    values: tuple[tuple[float, str], ...] = ()

    def __post_init__(self):
        if self.kind == "indeks":
            bounds = [bound for _, bound in self.thresholds]
            if not bounds or any(b <= a for a, b in zip(bounds, bounds[1:], strict=False)):
                raise ValueError("Ambang kelas indeks harus ada dan naik.")
        elif self.kind == "kelas":
            if not self.values:
                raise ValueError("Kelas kategori harus memetakan paling sedikit satu nilai.")
        else:
            raise ValueError(f"Jenis kelas tidak dikenal: {self.kind!r} (indeks atau kelas).")
        if TANPA_DATA in self.kodes:
            raise ValueError(f"Kode kelas {TANPA_DATA!r} dipakai untuk piksel tanpa data.")

    @property
    def kodes(self):
        """Class codes in legend order."""
        if self.kind == "indeks":
            return tuple(kode for kode, _ in self.thresholds)
        return tuple(dict.fromkeys(kode for _, kode in self.values))


# BNPB's hazard index classes: <= 0.333 rendah, 0.333-0.666 sedang, > 0.666 tinggi.
BNPB_INDEKS = Classes("indeks", (("rendah", 0.333), ("sedang", 0.666), ("tinggi", math.inf)))


@dataclass
class ZoneStats:
    """One zone's statistics: ``luas_m2`` per class kode and ``tanpa_data`` (sums to the
    zone's area); ``rata_rata`` coverage-weighted mean and ``maks`` maximum of the index
    over the pixels touching the zone (None for kelas rasters or without data)."""

    luas_m2: dict[str, float]
    rata_rata: float | None
    maks: float | None


def classify(values, valid, classes):
    """Class index (int8, position in ``classes.kodes``) of each value; -1 where not ``valid``
    or, for kelas, where the value is not mapped."""
    if classes.kind == "indeks":
        bounds = np.array([bound for _, bound in classes.thresholds], dtype=np.float64)
        index = np.minimum(np.searchsorted(bounds, values, side="left"), len(bounds) - 1).astype(np.int8)
    else:
        kodes = classes.kodes
        mapped = sorted((float(value), kodes.index(kode)) for value, kode in classes.values)
        keys = np.array([value for value, _ in mapped])
        codes = np.array([code for _, code in mapped] + [-1], dtype=np.int8)
        pos = np.minimum(np.searchsorted(keys, values), len(keys) - 1)
        index = np.where(keys[pos] == values, codes[pos], np.int8(-1))
    return np.where(valid, index, np.int8(-1)).astype(np.int8)


def zonal_statistics(
    raster_path: str,
    zones: Sequence[tuple[str, shapely.Geometry]],
    classes: Classes,
    *,
    band: int = 1,
    cache_dir=None,
) -> dict[str, ZoneStats]:
    """{zone key: ZoneStats} for ``zones`` ((key, Polygon/MultiPolygon in EPSG:32748), keys unique)
    on band ``band`` of the GeoTIFF/COG at ``raster_path`` (north-up, EPSG:32748). Areas in m2.
    ``cache_dir``: where coverages are kept between processes (default
    settings.FLOOD_ZONAL_CACHE_ROOT; False: memory only)."""
    keys = [key for key, _ in zones]
    if len(set(keys)) != len(keys):
        raise ValueError("Kunci zona harus unik.")
    if cache_dir is None:
        cache_dir = getattr(settings, "FLOOD_ZONAL_CACHE_ROOT", None)
    with rasterio.open(raster_path) as src:
        if src.crs is None or src.crs.to_epsg() != settings.METRIC_SRID:
            raise ValueError(f"Raster harus dalam EPSG:{settings.METRIC_SRID}.")
        grid = Grid.from_transform(src.transform, src.width, src.height)
        gkey = grid_key(grid, src.crs.to_wkt())
        pixels = _Pixels(src, band, classes, whole=grid.width * grid.height <= WHOLE_READ_MAX_PIXELS)
        result = {}
        for key, geom in zones:
            cov = zone_coverage(geom, grid, gkey, cache_dir or None, _polygonal)
            result[key] = _zone_stats(cov, pixels, classes, grid.pixel_area)
    return result


def _polygonal(geom):
    """``geom`` as a valid (Multi)Polygon: repaired when invalid, non-areal parts dropped."""
    if not isinstance(geom, shapely.Polygon | shapely.MultiPolygon | shapely.GeometryCollection):
        raise ValueError(f"Zona harus poligon, bukan {geom.geom_type}.")
    if isinstance(geom, shapely.Polygon | shapely.MultiPolygon) and geom.is_valid:
        return geom
    parts = shapely.get_parts(shapely.make_valid(geom))
    while (shapely.get_type_id(parts) >= 4).any():  # collections inside collections
        parts = shapely.get_parts(parts)
    return shapely.multipolygons(parts[shapely.get_type_id(parts) == 3])


class _Pixels:
    """A band's class index, and for an index raster its values for sums (0 where no
    data) and for the maximum (-inf where no data), for the window of a coverage."""

    def __init__(self, src, band, classes, whole):
        self.src, self.band, self.classes = src, band, classes
        self.per_dataset_mask = MaskFlags.per_dataset in src.mask_flag_enums[band - 1]
        self.nodata = src.nodatavals[band - 1]
        self.whole = self._read(None) if whole else None

    def window(self, cov):
        if self.whole is None:
            return self._read(Window(cov.col_off, cov.row_off, cov.shape[1], cov.shape[0]))
        rows = slice(cov.row_off, cov.row_off + cov.shape[0])
        cols = slice(cov.col_off, cov.col_off + cov.shape[1])
        return tuple(None if array is None else array[rows, cols] for array in self.whole)

    def _read(self, window):
        values = self.src.read(self.band, window=window)
        valid = np.isfinite(values) if values.dtype.kind == "f" else np.ones(values.shape, bool)
        if self.nodata is not None and not math.isnan(self.nodata):
            valid &= values != self.nodata
        if self.per_dataset_mask:
            valid &= self.src.read_masks(self.band, window=window) != 0
        index = classify(values, valid, self.classes)
        if self.classes.kind != "indeks":
            return index, None, None
        dtype = np.float32 if values.dtype == np.float32 else np.float64
        return index, np.where(valid, values, 0).astype(dtype), np.where(valid, values, -np.inf).astype(dtype)


def _zone_stats(cov, pixels, classes, pixel_area):
    kodes = classes.kodes
    areas = np.zeros(len(kodes) + 1)  # [tanpa data inside the raster, class 0, class 1, ...]
    total, weight, maks = 0.0, 0.0, -math.inf
    if cov.shape[0]:
        index, for_sum, for_max = pixels.window(cov)
        rows, cols = np.divmod(cov.partial_idx, cov.shape[1])
        full_index, part_index = index[cov.full], index[rows, cols]
        areas += np.bincount(full_index + 1, minlength=len(kodes) + 1)
        areas += np.bincount(part_index + 1, weights=cov.partial_frac, minlength=len(kodes) + 1)
        if for_sum is not None:
            weight = float(areas[1:].sum())
            total = float(for_sum[cov.full].sum(dtype=np.float64))
            total += float(np.dot(cov.partial_frac, for_sum[rows, cols]))
            maks = float(max(for_max[cov.full].max(initial=-np.inf), for_max[rows, cols].max(initial=-np.inf)))
    luas = {kode: float(area * pixel_area) for kode, area in zip(kodes, areas[1:], strict=True)}
    luas[TANPA_DATA] = max(cov.polygon_area - sum(luas.values()), 0.0)
    index_stats = classes.kind == "indeks" and weight > 0
    return ZoneStats(luas, total / weight if index_stats else None, maks if index_stats else None)
