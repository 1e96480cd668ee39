"""The conformance classes /ogc/conformance declares: exactly those implemented
(and tested, tests/ogc/). A module implementing a part adds its classes here."""

FEATURES = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
]
# Added by ogc.cql2 (Part 3 filter, CQL2 text) and ogc.tiles (OGC API - Tiles).
FILTER = []
TILES = []


def classes():
    return [*FEATURES, *FILTER, *TILES]
