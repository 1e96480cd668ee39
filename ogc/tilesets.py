"""The JSON documents of OGC API - Tiles (Part 1) over the collections: the
tilesets of a collection, its WebMercatorQuad tileset metadata, TileJSON 3.0.0
for MapLibre, and the tile matrix set itself (OGC 2D TMS 2.0, JSON).

Tile matrices are zoom levels 0 to 22 of WebMercatorQuad (EPSG:3857, 256 px
tiles in the TMS definition; the MVT grid is ogc.tiles.EXTENT). Links to the
tiles are registered in ogc.documents (collections and landing page)."""

import math
from urllib.parse import quote

from django.urls import reverse
from django.utils.translation import gettext as _

from . import conformance, documents, openapi
from . import tiles as tiles_module
from .encoding import JSON, MVT, link, url

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

# OGC API - Tiles Part 1 classes this module implements (tests/ogc/test_tiles.py;
# oas30: tests/webgis/test_openapi.py). Not dataset-tilesets (no /tiles at the
# root), nor the raster, HTML or collections-selection classes.
TILES_CLASSES = [
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
]


def _tileset_path(collection_id):
    return reverse("ogc:tileset", args=[collection_id, tiles_module.TMS_ID])


def tile_template(request, collection):
    """The tile URL template ({z}/{y}/{x}: tileMatrix/tileRow/tileCol) with the revision as ``v``."""
    return (
        url(request, _tileset_path(collection.id))
        + "/{z}/{y}/{x}?v="
        + quote(tiles_module.tile_revision(collection), safe="")
    )


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


def _dimension(collection):
    return GEOMETRY_DIMENSION.get(collection.geometry_kind)


def _properties_schema(collection):
    properties = {}
    for name in collection.tile_properties:
        queryable = collection.queryables.get(name)
        properties[name] = queryable.schema() if queryable else {"type": "string"}
    return {"type": "object", "properties": properties}


def _tile_column(lon, z):
    return min((1 << z) - 1, max(0, int((lon + 180.0) / 360.0 * (1 << z))))


def _tile_row(lat, z):
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    row = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * (1 << z)
    return min((1 << z) - 1, max(0, int(row)))


def tile_matrix_set_limits(collection):
    """Per zoom, the rows and columns the collection's extent covers (the rest are empty, 204)."""
    minlon, minlat, maxlon, maxlat = _bounds(collection)
    return [
        {
            "tileMatrix": str(z),
            "minTileRow": _tile_row(maxlat, z),
            "maxTileRow": _tile_row(minlat, z),
            "minTileCol": _tile_column(minlon, z),
            "maxTileCol": _tile_column(maxlon, z),
        }
        for z in range(tiles_module.MIN_ZOOM, tiles_module.MAX_ZOOM + 1)
    ]


def _tileset_links(request, collection):
    path = _tileset_path(collection.id)
    template = (
        url(request, path)
        + "/{tileMatrix}/{tileRow}/{tileCol}?v="
        + quote(tiles_module.tile_revision(collection), safe="")
    )
    return [
        link(url(request, path), "self", JSON, _("This tileset")),
        link(
            url(request, reverse("ogc:tilematrixset", args=[tiles_module.TMS_ID])),
            REL_TILING_SCHEME,
            JSON,
            _("The tile matrix set WebMercatorQuad"),
        ),
        {**link(template, "item", MVT, _("Vector tiles (MVT)")), "templated": True},
        link(url(request, f"{path}/tilejson.json"), "alternate", TILEJSON, _("This tileset as TileJSON")),
        link(url(request, reverse("ogc:collection", args=[collection.id])), "collection", JSON, collection.title),
    ]


def tileset_summary(request, collection):
    """A collection's WebMercatorQuad tileset as the tilesets list shows it."""
    return {
        "title": collection.title,
        "dataType": "vector",
        "crs": CRS_3857,
        "tileMatrixSetURI": TMS_URI,
        "links": _tileset_links(request, collection)[:2],
    }


def tilesets_document(request, collection):
    """The tilesets of a collection (one: WebMercatorQuad)."""
    path = f"{reverse('ogc:collection', args=[collection.id])}/tiles"
    summary = tileset_summary(request, collection)
    summary["links"][0] = link(url(request, _tileset_path(collection.id)), "self", JSON, _("This tileset"))
    return {"links": [link(url(request, path), "self", JSON, _("Tilesets"))], "tilesets": [summary]}


def tileset_document(request, collection):
    """The tileset metadata (OGC 2D TMS 2.0 JSON) of a collection's WebMercatorQuad tiles."""
    minlon, minlat, maxlon, maxlat = _bounds(collection)
    layer = {
        "id": collection.id,
        "title": collection.title,
        "dataType": "vector",
        "featureType": collection.id,
        "minTileMatrix": str(tiles_module.MIN_ZOOM),
        "maxTileMatrix": str(tiles_module.MAX_ZOOM),
        "propertiesSchema": _properties_schema(collection),
    }
    if _dimension(collection) is not None:
        layer["geometryDimension"] = _dimension(collection)
    return {
        "title": collection.title,
        "description": collection.description,
        "dataType": "vector",
        "crs": CRS_3857,
        "tileMatrixSetURI": TMS_URI,
        "mediaTypes": [MVT],
        "attribution": attribution(collection),
        "links": _tileset_links(request, collection),
        "tileMatrixSetLimits": tile_matrix_set_limits(collection),
        "boundingBox": {"lowerLeft": [minlon, minlat], "upperRight": [maxlon, maxlat], "crs": CRS84},
        "layers": [layer],
        "version": tiles_module.tile_revision(collection),
    }


def tile_matrix_set_document():
    """WebMercatorQuad as OGC 2D TMS 2.0 defines it (JSON encoding), zooms 0 to 22."""
    cell_size_0 = 2 * HALF_WORLD_M / TMS_TILE_PIXELS
    return {
        "id": tiles_module.TMS_ID,
        "title": "Google Maps Compatible for the World",
        "uri": TMS_URI,
        "crs": CRS_3857,
        "orderedAxes": ["X", "Y"],
        "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        "boundingBox": {
            "lowerLeft": [-HALF_WORLD_M, -HALF_WORLD_M],
            "upperRight": [HALF_WORLD_M, HALF_WORLD_M],
            "crs": CRS_3857,
            "orderedAxes": ["X", "Y"],
        },
        "tileMatrices": [
            {
                "id": str(z),
                "scaleDenominator": cell_size_0 / (1 << z) / PIXEL_SIZE_M,
                "cellSize": cell_size_0 / (1 << z),
                "cornerOfOrigin": "topLeft",
                "pointOfOrigin": [-HALF_WORLD_M, HALF_WORLD_M],
                "tileWidth": TMS_TILE_PIXELS,
                "tileHeight": TMS_TILE_PIXELS,
                "matrixWidth": 1 << z,
                "matrixHeight": 1 << z,
            }
            for z in range(tiles_module.MIN_ZOOM, tiles_module.MAX_ZOOM + 1)
        ],
    }


def tile_matrix_sets_document(request):
    path = reverse("ogc:tilematrixset", args=[tiles_module.TMS_ID])
    return {
        "links": [link(url(request, reverse("ogc:tilematrixsets")), "self", JSON, _("Tile matrix sets"))],
        "tileMatrixSets": [
            {
                "id": tiles_module.TMS_ID,
                "title": "Google Maps Compatible for the World",
                "uri": TMS_URI,
                "crs": CRS_3857,
                "links": [link(url(request, path), "self", JSON, _("The tile matrix set WebMercatorQuad"))],
            }
        ],
    }


def collection_links(request, collection):
    """The links of a collection document to its vector tiles (documents.COLLECTION_LINKS)."""
    base = f"{reverse('ogc:collection', args=[collection.id])}/tiles"
    return [
        link(url(request, base), REL_TILESETS_VECTOR, JSON, _("Vector tilesets")),
        link(url(request, f"{base}/{tiles_module.TMS_ID}/tilejson.json"), REL_TILESETS_VECTOR, TILEJSON, "TileJSON"),
    ]


def landing_links(request):
    """The landing page's link to the tiling schemes (documents.LANDING_LINKS)."""
    return [link(url(request, reverse("ogc:tilematrixsets")), REL_TILING_SCHEMES, JSON, _("Tile matrix sets"))]


def register():
    """Add the tiles' links and conformance classes (ogc.apps, once)."""
    # /ogc/api names the path parameters as OGC API - Tiles does.
    openapi.OGC_PATH_NAMES.update(
        tile_matrix_set_id="tileMatrixSetId", tile_matrix="tileMatrix", tile_row="tileRow", tile_col="tileCol"
    )
    if collection_links not in documents.COLLECTION_LINKS:
        documents.COLLECTION_LINKS.append(collection_links)
        documents.LANDING_LINKS.append(landing_links)
        conformance.TILES.extend(c for c in TILES_CLASSES if c not in conformance.TILES)
