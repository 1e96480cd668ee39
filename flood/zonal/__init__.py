"""Per-zone (per-desa) class areas of a hazard raster from exact pixel coverage fractions.

``zonal_statistics(raster_path, zones, classes)`` answers, for each zone, the
area in m2 of each hazard class, of ``tanpa_data`` (nodata pixels and the part
of the zone outside the raster) and, for an index raster, the coverage-weighted
mean and the maximum. Zones and raster are in settings.METRIC_SRID
(EPSG:32748, metres). A pixel cut by a zone boundary counts by the exact share
of its area inside (``coverage``), so the classes of a zone add up to its area.
Coverages are kept per raster grid (``cache``): a new version of a raster on
the same grid costs one pass over its pixels.

    zones = [(desa.kode, shapely_polygon_in_32748), ...]      # e.g. flood.bench.desa_zones()
    stats = zonal_statistics(cog_path, zones, BNPB_INDEKS)
    stats["36.03.01.2001"].luas_m2["tinggi"] / 10_000        # hectares

Kecamatan and kabupaten figures are best summed from the desa (they share one
topology), not computed from their own, much larger, windows.
"""

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import rasterio
import shapely
from django.conf import settings
from rasterio.enums import MaskFlags
from rasterio.windows import Window

from .cache import clear_memory, grid_key, zone_coverages
from .coverage import Grid

__all__ = ["BNPB_INDEKS", "TANPA_DATA", "Classes", "ZoneStats", "classify", "clear_memory", "zonal_statistics"]

TANPA_DATA = "tanpa_data"
# Rasters up to this many pixels are read whole once (a 10 m raster over the
# kabupaten: 10 million, 40 MB as float32); larger ones one window per zone.
WHOLE_READ_MAX_PIXELS = 40_000_000
# GDAL decodes a GeoTIFF's compressed blocks on this many threads (open option NUM_THREADS): decoding
# is most of a warm run (0.2-0.3 s of 0.5 s for the kabupaten at 10 m on one core).
READ_THREADS = "ALL_CPUS"


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
    or, for kelas, where the value is not mapped. A value on a threshold is in the lower class,
    judged on the value as stored (a float32 0.333 is 0.33300000429, above 0.333)."""
    values = np.asarray(values)
    if classes.kind == "indeks":
        index = np.zeros(values.shape, np.int8)
        for _, bound in classes.thresholds[:-1]:
            index += values > _bound_for(bound, values.dtype)
    else:
        kodes = classes.kodes
        mapped = sorted((float(value), kodes.index(kode)) for value, kode in classes.values)
        keys = np.array([value for value, _ in mapped])
        codes = np.array([code for _, code in mapped], dtype=np.int8)
        pos = np.minimum(np.searchsorted(keys, values), len(keys) - 1)
        index = np.where(keys[pos] == values, codes[pos], np.int8(-1))
    return np.where(valid, index, np.int8(-1)).astype(np.int8, copy=False)


def _bound_for(bound, dtype):
    """``bound`` in ``dtype`` such that ``value > it`` there exactly when ``float(value) > bound``:
    for float32 the largest float32 not above the bound (numpy compares a float32 array with a
    Python float in float32)."""
    if dtype != np.float32:
        return bound
    rounded = np.float32(bound)
    return np.nextafter(rounded, np.float32(-np.inf)) if float(rounded) > bound else rounded


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
    with rasterio.open(raster_path, NUM_THREADS=READ_THREADS) as src:
        if src.crs is None or src.crs.to_epsg() != settings.METRIC_SRID:
            raise ValueError(f"Raster harus dalam EPSG:{settings.METRIC_SRID}.")
        if not 1 <= band <= src.count:
            raise ValueError(f"Band {band} tidak ada: raster ini punya {src.count} band.")
        grid = Grid.from_transform(src.transform, src.width, src.height)
        gkey = grid_key(grid, src.crs.to_wkt())
        # GDAL reads (without the GIL) while the coverages are found or computed; nothing else
        # touches ``src`` until the read is done.
        with ThreadPoolExecutor(1) as reader:
            reading = reader.submit(_Pixels, src, band, grid.width * grid.height <= WHOLE_READ_MAX_PIXELS)
            coverages = zone_coverages([geom for _, geom in zones], grid, gkey, cache_dir or None, _polygonal)
            pixels = reading.result()
        return {
            key: _zone_stats(cov, pixels, classes, grid.pixel_area) for key, cov in zip(keys, coverages, strict=True)
        }


def _polygonal(geom):
    """``geom`` as a valid (Multi)Polygon: repaired when invalid, non-areal parts dropped."""
    if not isinstance(geom, shapely.Polygon | shapely.MultiPolygon | shapely.GeometryCollection):
        raise ValueError(f"Zona harus poligon, bukan {geom.geom_type}.")
    if isinstance(geom, shapely.Polygon | shapely.MultiPolygon) and geom.is_valid:
        return geom
    # "structure": overlapping parts of a multipolygon are merged (the default linework method
    # would cut their overlap out as a hole).
    parts = shapely.get_parts(shapely.make_valid(geom, method="structure", keep_collapsed=False))
    while (shapely.get_type_id(parts) >= 4).any():  # collections inside collections
        parts = shapely.get_parts(parts)
    return shapely.multipolygons(parts[shapely.get_type_id(parts) == 3])


class _Pixels:
    """A band's values and their validity (nodata, NaN, the dataset mask) at the pixels of a coverage."""

    def __init__(self, src, band, whole):
        self.src, self.band = src, band
        self.per_dataset_mask = MaskFlags.per_dataset in src.mask_flag_enums[band - 1]
        self.nodata = src.nodatavals[band - 1]
        self.whole = self._read(None) if whole else None

    def at(self, cov):
        """(values, valid) of the coverage's whole pixels, then of its cut pixels."""
        if self.whole is None:
            values, mask = self._read(Window(cov.col_off, cov.row_off, cov.shape[1], cov.shape[0]))
        else:
            rows = slice(cov.row_off, cov.row_off + cov.shape[0])
            cols = slice(cov.col_off, cov.col_off + cov.shape[1])
            values, mask = self.whole[0][rows, cols], None if self.whole[1] is None else self.whole[1][rows, cols]
        cut = np.divmod(cov.partial_idx, cov.shape[1])
        full_values, cut_values = values[cov.full], values[cut]
        full_valid, cut_valid = self._valid(full_values), self._valid(cut_values)
        if mask is not None:
            full_valid &= mask[cov.full] != 0
            cut_valid &= mask[cut] != 0
        return full_values, full_valid, cut_values, cut_valid

    def _read(self, window):
        values = self.src.read(self.band, window=window)
        mask = self.src.read_masks(self.band, window=window) if self.per_dataset_mask else None
        return values, mask

    def _valid(self, values):
        valid = np.isfinite(values) if values.dtype.kind == "f" else np.ones(values.shape, bool)
        if self.nodata is not None and not math.isnan(self.nodata):
            valid &= values != self.nodata
        return valid


def _zone_stats(cov, pixels, classes, pixel_area):
    kodes = classes.kodes
    bins = len(kodes) + 1  # [no data, class 0, class 1, ...]
    areas, total, maks = np.zeros(bins), 0.0, -math.inf
    if cov.shape[0]:
        full_values, full_valid, cut_values, cut_valid = pixels.at(cov)
        full_bin = classify(full_values, full_valid, classes) + 1
        cut_bin = classify(cut_values, cut_valid, classes) + 1
        areas += np.bincount(full_bin, minlength=bins)
        areas += np.bincount(cut_bin, weights=cov.partial_frac, minlength=bins)
        if classes.kind == "indeks":
            if full_values.dtype.kind != "f":  # an integer max cannot start at -inf
                full_values, cut_values = full_values.astype(np.float64), cut_values.astype(np.float64)
            # Pixels without data land in bin 0 whatever their value (NaN, nodata) and are left out.
            total = np.bincount(full_bin, weights=full_values, minlength=bins)[1:].sum()
            total += np.bincount(cut_bin, weights=cov.partial_frac * cut_values, minlength=bins)[1:].sum()
            maks = max(
                full_values.max(where=full_valid, initial=-np.inf), cut_values.max(where=cut_valid, initial=-np.inf)
            )
    luas = {kode: float(area * pixel_area) for kode, area in zip(kodes, areas[1:], strict=True)}
    luas[TANPA_DATA] = max(cov.polygon_area - sum(luas.values()), 0.0)
    weight = float(areas[1:].sum())
    if classes.kind != "indeks" or weight <= 0:
        return ZoneStats(luas, None, None)
    return ZoneStats(luas, float(total) / weight, float(maks))
