"""The one reader of a stored hazard COG: map tiles (rio-tiler), the value at a
point, the values at many points. Everything else reads the raster through here
(or through flood.zonal for areas)."""

import hashlib
import json

import numpy as np
import rasterio
from django.conf import settings
from django.core.cache import cache
from pyproj import Transformer
from rio_tiler.errors import PointOutsideBounds, TileOutsideBounds
from rio_tiler.io import Reader
from rio_tiler.models import ImageData

from . import classes as hazard_classes

TILE_SIZE = 256
# Tiles live in the shared cache for a week; the key names the version and its classes and colours.
TILE_CACHE_S = 7 * 24 * 3600
ZOOMS_BELOW_OVERVIEWS = 4
_TO_UTM = Transformer.from_crs("EPSG:4326", f"EPSG:{settings.METRIC_SRID}", always_xy=True)


def tile_key(version, z, x, y):
    """Cache key of a tile: the version, a digest of its classes and colours, z/x/y."""
    style = json.dumps([version.classes, version.colors], sort_keys=True).encode()
    return f"flood-tile:{version.pk}:{hashlib.sha1(style).hexdigest()[:12]}:{z}:{x}:{y}"


def render_tile(version, z, x, y):
    """A 256x256 PNG (bytes) of web-mercator tile z/x/y in the class colours
    (transparent outside the raster and where it has no data), cached."""
    key = tile_key(version, z, x, y)
    png = cache.get(key)
    if png is None:
        png = _render(version, z, x, y)
        cache.set(key, png, TILE_CACHE_S)
    return png


def _render(version, z, x, y):
    resampling = "bilinear" if version.kind == "indeks" else "nearest"
    with Reader(str(version.file_path)) as cog:
        # Far below the coarsest overview GDAL warps the whole world from full
        # resolution (10 s for a 30 m kabupaten raster at z2): such a tile shows
        # the raster as a few pixels at most, so it is left empty.
        if z < cog.minzoom - ZOOMS_BELOW_OVERVIEWS:
            return empty_tile()
        try:
            image = cog.tile(x, y, z, tilesize=TILE_SIZE, indexes=1, resampling_method=resampling)
        except TileOutsideBounds:
            return empty_tile()
    values = image.data[0]
    valid = image.mask > 0
    if version.nodata is not None:
        valid &= values != version.nodata
    codes = hazard_classes.classify(version, values.astype("float64"))
    codes[~valid] = 0
    colors = {**hazard_classes.DEFAULT_COLORS, **(version.colors or {})}
    colormap = {0: (0, 0, 0, 0)}
    for position, kode in enumerate(hazard_classes.KODES, start=1):
        colormap[position] = hazard_classes.rgba(colors[kode])
    return _png(codes, colormap)


def _png(codes, colormap):
    """PNG of class codes (0 transparent) through rio-tiler's colormap renderer."""
    image = ImageData(np.ma.masked_array(codes[np.newaxis, ...], mask=codes[np.newaxis, ...] == 0))
    return image.render(add_mask=True, img_format="PNG", colormap=colormap)


def empty_tile():
    return _png(np.zeros((TILE_SIZE, TILE_SIZE), dtype="uint8"), {0: (0, 0, 0, 0)})


def value_at(version, lon, lat):
    """The raster value at lon/lat (WGS 84), or None outside the raster or on nodata."""
    with Reader(str(version.file_path)) as cog:
        try:
            point = cog.point(lon, lat, indexes=1)
        except PointOutsideBounds:
            return None
    value = float(point.data[0])
    if bool(np.ma.getmaskarray(point.array)[0]) or (version.nodata is not None and value == version.nodata):
        return None
    return value if np.isfinite(value) else None


def values_at(version, lonlats):
    """Raster values (None outside or on nodata) at a list of (lon, lat)."""
    if not lonlats:
        return []
    xs, ys = _TO_UTM.transform([p[0] for p in lonlats], [p[1] for p in lonlats])
    out = []
    with rasterio.open(version.file_path) as src:
        left, bottom, right, top = src.bounds
        for (value,), x, y in zip(src.sample(zip(xs, ys, strict=True), indexes=1), xs, ys, strict=True):
            inside = left <= x < right and bottom < y <= top
            value = float(value)
            nodata = version.nodata is not None and value == version.nodata
            out.append(value if inside and not nodata and np.isfinite(value) else None)
    return out
