"""Reading an uploaded hazard raster (rasterio) and storing it as a COG in EPSG:32748.

``inspect_raster`` reads only the header, in the request, so a file that is not a
raster, too big, of an unsupported type, without a CRS (``NeedsInput``) or outside
the kabupaten is refused at once with a 4xx; ``write_cog`` reads the pixels in the
worker (a truncated or corrupt file fails the job there), reprojects them when the
file comes in another CRS (bilinear for an index, nearest for classes) and writes a
tiled, overviewed, DEFLATE-compressed Cloud Optimized GeoTIFF.
"""

import math
from dataclasses import dataclass

import numpy as np
import rasterio
import rasterio.shutil
from django.conf import settings
from django.contrib.gis.geos import Polygon
from django.utils.translation import gettext as _
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.errors import CRSError, RasterioError
from rasterio.io import MemoryFile
from rasterio.warp import calculate_default_transform, reproject, transform_bounds

from layers.ingest import FileTooLarge, ImportRefused, NeedsInput
from layers.ingest.errors import FormatUnsupported
from layers.ingest.sources import CRS_CHOICES
from wilayah.models import KabupatenPiece

# Types a hazard raster may have: an index as float, classes as integers.
SUPPORTED_DTYPES = ("uint8", "uint16", "int16", "uint32", "int32", "float32", "float64")
INDEX_NODATA = -9999.0
COG_BLOCK = 256


@dataclass
class RasterInfo:
    """What the header of an upload says: CRS (as text), band, type, size, nodata, lon/lat bounds."""

    crs: str
    band: int
    dtype: str
    width: int
    height: int
    nodata: float | None
    bounds_lonlat: tuple[float, float, float, float]


def inspect_raster(path, band=1, chosen_crs=None):
    """The header of the GeoTIFF at ``path``; raises ImportRefused (or a subclass)
    for a file that cannot be a hazard raster and NeedsInput when it has no CRS."""
    try:
        with rasterio.open(path) as src:
            if src.driver != "GTiff":
                raise FormatUnsupported(_("The file is not a GeoTIFF raster."))
            return _check_header(src, band, chosen_crs)
    except RasterioError:
        raise FormatUnsupported(
            _("The file is not a raster that can be read (GeoTIFF or Cloud Optimized GeoTIFF expected).")
        ) from None


def _check_header(src, band, chosen_crs):
    if not 1 <= band <= src.count:
        raise ImportRefused(
            _("The raster has %(count)d band(s); band %(band)d does not exist.") % {"count": src.count, "band": band}
        )
    dtype = src.dtypes[band - 1]
    if dtype not in SUPPORTED_DTYPES:
        raise ImportRefused(
            _("Pixel type %(dtype)s is not supported; use integers (classes) or float32/float64 (index).")
            % {"dtype": dtype}
        )
    if src.width * src.height > settings.FLOOD_RASTER_MAX_PIXELS:
        raise FileTooLarge(
            _("The raster has %(pixels)s million pixels, more than the limit of %(limit)s million.")
            % {"pixels": round(src.width * src.height / 1e6, 1), "limit": settings.FLOOD_RASTER_MAX_PIXELS // 1_000_000}
        )
    crs = _crs_of(src, chosen_crs)
    try:
        bounds = transform_bounds(crs, "EPSG:4326", *src.bounds)
    except (CRSError, RasterioError, ValueError):
        raise ImportRefused(_("The raster's extent cannot be converted to longitude and latitude.")) from None
    if not all(math.isfinite(v) for v in bounds) or not _overlaps_kabupaten(bounds):
        raise ImportRefused(_("The raster does not overlap Kabupaten Tangerang; check its coordinate system."))
    nodata = src.nodatavals[band - 1]
    return RasterInfo(crs.to_string(), band, dtype, src.width, src.height, nodata, tuple(bounds))


def _crs_of(src, chosen):
    if chosen:
        try:
            crs = CRS.from_user_input(chosen)
        except CRSError:
            raise ImportRefused(_("'%(text)s' is not a coordinate system.") % {"text": chosen}) from None
        return crs
    if src.crs is None:
        raise NeedsInput(
            {"crs": {"options": [{"code": code, "label": label} for code, label in CRS_CHOICES]}},
            _("The raster does not say which coordinate system it uses. Choose it."),
        )
    return src.crs


def _overlaps_kabupaten(bounds):
    box = Polygon.from_bbox(bounds)
    box.srid = 4326
    return KabupatenPiece.objects.filter(geom__intersects=box).exists()


@dataclass
class StoredRaster:
    resolution_m: float
    width: int
    height: int
    nodata: float | None
    bbox: list
    value_min: float | None
    value_max: float | None
    reprojected: bool


def write_cog(path, info, kind, dst_path):
    """Read band ``info.band`` of ``path`` (nodata and NaN masked), reproject it to
    EPSG:32748 when needed and write it as a COG at ``dst_path``."""
    target = CRS.from_epsg(settings.METRIC_SRID)
    source_crs = CRS.from_user_input(info.crs)
    try:
        with rasterio.open(path) as src:
            data = src.read(info.band, masked=True)
            transform = src.transform
    except RasterioError:
        raise ImportRefused(_("The raster file is damaged or truncated; its pixels cannot be read.")) from None
    data, nodata = _masked_to_plain(data, kind, info.nodata)
    reprojected = source_crs != target
    if reprojected:
        data, transform = _reproject(data, transform, source_crs, target, nodata, kind, info)
    valid = data[data != nodata] if nodata is not None else data.ravel()
    if valid.size == 0:
        raise ImportRefused(_("The raster holds no data: every pixel is nodata."))
    profile = {
        "driver": "GTiff",
        "width": data.shape[1],
        "height": data.shape[0],
        "count": 1,
        "dtype": data.dtype.name,
        "crs": target,
        "transform": transform,
        "nodata": nodata,
    }
    dst_path.parent.mkdir(parents=True, exist_ok=True)
    with MemoryFile() as memory:
        with memory.open(**profile) as tmp:
            tmp.write(data, 1)
        with memory.open() as tmp:
            rasterio.shutil.copy(
                tmp,
                dst_path,
                driver="COG",
                COMPRESS="DEFLATE",
                BLOCKSIZE=COG_BLOCK,
                OVERVIEWS="AUTO",
                OVERVIEW_RESAMPLING="AVERAGE" if kind == "indeks" else "NEAREST",
            )
    with rasterio.open(dst_path) as cog:
        bbox = list(transform_bounds(cog.crs, "EPSG:4326", *cog.bounds))
    return StoredRaster(
        resolution_m=abs(transform.a),
        width=data.shape[1],
        height=data.shape[0],
        nodata=nodata,
        bbox=bbox,
        value_min=float(valid.min()),
        value_max=float(valid.max()),
        reprojected=reprojected,
    )


def _masked_to_plain(data, kind, source_nodata):
    """A plain array and its nodata value: float32 with -9999 for an index
    (NaN counts as nodata), integers with the source's nodata (or the type's
    largest value) for classes."""
    mask = np.ma.getmaskarray(data) | ~np.isfinite(data.data)
    if kind == "indeks":
        plain = data.data.astype("float32")
        plain[mask] = INDEX_NODATA
        return plain, INDEX_NODATA
    values = data.data
    if values.dtype.kind == "f":
        values = np.rint(np.where(mask, 0, values)).astype("int32")
    nodata = source_nodata
    if nodata is None or not math.isfinite(nodata) or nodata != int(nodata):
        nodata = np.iinfo(values.dtype).max
    values = values.copy()
    values[mask] = nodata
    return values, float(nodata)


def _reproject(data, transform, source_crs, target, nodata, kind, info):
    left, bottom, right, top = rasterio.transform.array_bounds(data.shape[0], data.shape[1], transform)
    dst_transform, width, height = calculate_default_transform(
        source_crs, target, data.shape[1], data.shape[0], left=left, bottom=bottom, right=right, top=top
    )
    if width * height > settings.FLOOD_RASTER_MAX_PIXELS:
        raise FileTooLarge(_("The raster would be too large once reprojected to EPSG:32748."))
    out = np.full((height, width), nodata, dtype=data.dtype)
    reproject(
        data,
        out,
        src_transform=transform,
        src_crs=source_crs,
        dst_transform=dst_transform,
        dst_crs=target,
        src_nodata=nodata,
        dst_nodata=nodata,
        resampling=Resampling.bilinear if kind == "indeks" else Resampling.nearest,
    )
    return out, dst_transform
