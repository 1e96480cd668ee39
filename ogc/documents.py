"""The JSON documents of OGC API resources (landing page, collections,
queryables), as dicts; the views encode them as JSON or HTML."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from . import conformance, queries
from . import crs as crs_module
from .encoding import GEOJSON, HTML, JSON, OPENAPI, SCHEMA_JSON, link, self_links, url

# Extra links a module adds to each collection (ogc.tiles: its tilesets), as
# functions of (request, collection) giving a list of links.
COLLECTION_LINKS = []
LANDING_LINKS = []


def landing(request):
    links = self_links(request, reverse("ogc:landing"))
    links += [
        link(url(request, reverse("ogc:api")), "service-desc", OPENAPI, _("The API definition (OpenAPI 3)")),
        link(url(request, reverse("api-docs")), "service-doc", HTML, _("The API documentation")),
        link(url(request, reverse("ogc:conformance")), "conformance", JSON, _("Conformance classes")),
        link(url(request, reverse("ogc:collections")), "data", JSON, _("Collections")),
    ]
    for extra in LANDING_LINKS:
        links += extra(request)
    return {
        "title": _("WebSIG Tata Ruang Kabupaten Tangerang"),
        "description": _(
            "OGC API - Features and Tiles of the WebSIG Tata Ruang of Kabupaten Tangerang (DTRB): "
            "administrative areas, sectoral layers of the OPDs and the active spatial plans."
        ),
        "links": links,
    }


def conformance_document():
    return {"conformsTo": conformance.classes()}


def collection_document(request, collection, measure_extent=True):
    path = reverse("ogc:collection", args=[collection.id])
    items_path = reverse("ogc:items", args=[collection.id])
    links = self_links(request, path)
    links += [
        link(url(request, items_path), "items", GEOJSON, _("Features (GeoJSON)")),
        link(url(request, items_path, f="html"), "items", HTML, _("Features (HTML)")),
        link(
            url(request, reverse("ogc:queryables", args=[collection.id])),
            "http://www.opengis.net/def/rel/ogc/1.0/queryables",
            SCHEMA_JSON,
            _("Queryables"),
        ),
    ]
    for extra in COLLECTION_LINKS:
        links += extra(request, collection)
    bbox = queries.extent(collection) if measure_extent else collection.bbox
    document = {
        "id": collection.id,
        "title": collection.title,
        "description": collection.description,
        "itemType": "feature",
        "links": links,
        "crs": crs_module.uris(),
        "storageCrs": crs_module.CRS84
        if settings.STORAGE_SRID == 4326
        else crs_module.EPSG_URI % settings.STORAGE_SRID,
    }
    if bbox:
        document["extent"] = {"spatial": {"bbox": [bbox], "crs": crs_module.CRS84}}
    if collection.keywords:
        document["keywords"] = collection.keywords
    if collection.feature_count is not None:
        document["numberMatched"] = collection.feature_count
    document.update(collection.extra)
    return document


def queryables_document(request, collection):
    properties = {"geometry": {"format": "geometry-any", "title": _("geometry")}}
    properties.update({name: q.schema() for name, q in collection.queryables.items()})
    if collection.datetime_queryable:
        properties["datetime"] = {"type": "string", "format": "date-time", "title": collection.datetime_queryable}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url(request, reverse("ogc:queryables", args=[collection.id])),
        "type": "object",
        "title": collection.title,
        "properties": properties,
        "additionalProperties": False,
    }
