"""The JSON documents of OGC API - Tiles (Part 1) over the collections: the
tilesets of a collection, its WebMercatorQuad tileset metadata, TileJSON 3.0.0
for MapLibre, and the tile matrix set itself (OGC 2D TMS 2.0, JSON).

Tile matrices are zoom levels 0 to 22 of WebMercatorQuad (EPSG:3857, 256 px
tiles in the TMS definition; the MVT grid is ogc.tiles.EXTENT). Links to the
tiles are registered in ogc.documents (collections and landing page)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from . import tiles as tiles_module
from .encoding import url

TILEJSON = "application/vnd.mapbox.tile+json"
REL_TILESETS_VECTOR = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
REL_TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
REL_TILING_SCHEMES = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"
TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
CRS_3857 = "http://www.opengis.net/def/crs/EPSG/0/3857"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
# Half the width of the Web Mercator world in metres (EPSG:3857), and its top latitude.
HALF_WORLD_M = 20037508.3427892
MAX_LATITUDE = 85.0511287798066
TMS_TILE_PIXELS = 256
# The OGC's standardised rendering pixel (0.28 mm) turns a cell size into a scale.
PIXEL_SIZE_M = 0.00028
# The default bounds of tiles without a known extent: the Web Mercator world.
WORLD_BOUNDS = [-180.0, -MAX_LATITUDE, 180.0, MAX_LATITUDE]
FIELD_TYPES = {"integer": "Number", "number": "Number", "boolean": "Boolean"}
GEOMETRY_DIMENSION = {"point": 0, "line": 1, "polygon": 2}

TILES_CLASSES = [
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
    "http://www.opengis.net/spec/tms/2.0/conf/tilesetmetadata",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilesetmetadata",
]


def _tileset_path(collection_id):
    return f"{reverse('ogc:collection', args=[collection_id])}/tiles/{tiles_module.TMS_ID}"


def tile_template(request, collection):
    """The tile URL template ({z}/{y}/{x}: tileMatrix/tileRow/tileCol) with the revision as ``v``."""
    from urllib.parse import quote

    return url(request, _tileset_path(collection.id)) + "/{z}/{y}/{x}?v=" + quote(collection.revision, safe="")


def _bounds(collection):
    box = collection.bbox or WORLD_BOUNDS
    return [
        max(box[0], -180.0),
        max(box[1], -MAX_LATITUDE),
        min(box[2], 180.0),
        min(box[3], MAX_LATITUDE),
    ]


def _fields(collection):
    fields = {}
    for name in collection.tile_properties:
        queryable = collection.queryables.get(name)
        fields[name] = FIELD_TYPES.get(queryable.type if queryable else "", "String")
    return fields


def attribution(collection):
    parts = [_("© Pemerintah Kabupaten Tangerang")]
    opd = collection.extra.get("opd")
    if opd:
        parts.append(str(opd))
    if collection.is_sample and collection.extra.get("label"):
        parts.append(str(collection.extra["label"]))
    return " · ".join(parts)


def tilejson(request, collection):
    """TileJSON 3.0.0 of ``collection`` (one vector layer named after it)."""
    bounds = _bounds(collection)
    centre_zoom = 10 if collection.bbox else 2
    return {
        "tilejson": "3.0.0",
        "name": collection.title,
        "description": collection.description,
        "version": "1.0.0",
        "attribution": attribution(collection),
        "scheme": "xyz",
        "tiles": [tile_template(request, collection)],
        "minzoom": tiles_module.MIN_ZOOM,
        "maxzoom": tiles_module.MAX_ZOOM,
        "bounds": [round(v, 6) for v in bounds],
        "center": [round((bounds[0] + bounds[2]) / 2, 6), round((bounds[1] + bounds[3]) / 2, 6), centre_zoom],
        "vector_layers": [
            {
                "id": collection.id,
                "description": collection.title,
                "fields": _fields(collection),
                "minzoom": tiles_module.MIN_ZOOM,
                "maxzoom": tiles_module.MAX_ZOOM,
            }
        ],
    }
