"""OpenAPI parameters of the OGC API (in /api/schema/, and on their own at /ogc/api)."""

from core import openapi

F = openapi.query("f", {"type": "string", "enum": ["json", "html"], "example": "json"}, "Encoding: json or html")
COLLECTION_ID = openapi.path(
    "collection_id",
    {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": 100, "example": "desa"},
    "Collection id: kabupaten, kecamatan, desa, rtrw, rdtr or a layer's slug",
)
FEATURE_ID = openapi.path("feature_id", {"type": "integer", "minimum": 1, "example": 1}, "Feature id")
LIMIT = openapi.query(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": 10000, "default": 10, "example": 10},
    "Page size, 1 to 10,000 (larger: 10,000)",
)
BBOX = openapi.query(
    "bbox",
    {"type": "string", "example": "106.55,-6.30,106.65,-6.20", "maxLength": 200},
    "minx,miny,maxx,maxy in bbox-crs (default CRS84: lon/lat)",
)
CRS_SCHEMA = {
    "type": "string",
    "enum": [
        "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
        "http://www.opengis.net/def/crs/EPSG/0/4326",
        "http://www.opengis.net/def/crs/EPSG/0/32748",
        "http://www.opengis.net/def/crs/EPSG/0/23834",
        "http://www.opengis.net/def/crs/EPSG/0/9488",
    ],
    "example": "http://www.opengis.net/def/crs/EPSG/0/32748",
}
CRS = openapi.query("crs", CRS_SCHEMA, "CRS of the answer (Part 2)")
BBOX_CRS = openapi.query("bbox-crs", CRS_SCHEMA, "CRS of bbox (Part 2)")
FILTER_CRS = openapi.query("filter-crs", CRS_SCHEMA, "CRS of the geometries in filter (Part 3)")
DATETIME = openapi.query(
    "datetime",
    {"type": "string", "example": "2025-01-01/..", "maxLength": 100},
    "Instant or interval (RFC 3339) on the collection's date attribute",
)
FILTER = openapi.query(
    "filter",
    {"type": "string", "example": "kode_kec = '36.03.28' AND nama LIKE 'Kelapa%'", "maxLength": 20000},
    "CQL2 text: comparisons, AND/OR/NOT, LIKE, IN, BETWEEN, IS NULL, S_INTERSECTS(geometry, <WKT>)",
)
FILTER_LANG = openapi.query(
    "filter-lang", {"type": "string", "enum": ["cql2-text"], "example": "cql2-text"}, "Filter language"
)
AFTER = openapi.query(
    "after", {"type": "integer", "minimum": 0, "example": 1}, "Keyset: features with an id above this (next link)"
)
BEFORE = openapi.query(
    "before", {"type": "integer", "minimum": 0, "example": 100}, "Keyset: the page before this id (prev link)"
)
OGC_DOCUMENT = openapi.OBJECT


# OGC API - Features names its path parameters so; GDAL's OAPIF driver finds
# the items path (and its limit's maximum) in /ogc/api by these names.
OGC_PATH_NAMES = {"collection_id": "collectionId", "feature_id": "featureId"}


def ogc_parameter_names(result, generator, request, public):
    """Postprocessing hook: /ogc/ paths with OGC's parameter names (the views keep Python's)."""
    paths = result.get("paths", {})
    for path in [p for p in paths if p.startswith("/ogc/")]:
        item = paths.pop(path)
        for ours, theirs in OGC_PATH_NAMES.items():
            path = path.replace(f"{{{ours}}}", f"{{{theirs}}}")
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    parameter["name"] = OGC_PATH_NAMES.get(parameter["name"], parameter["name"])
        paths[path] = item
    return result
