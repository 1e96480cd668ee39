"""Features of a collection: /items (paged, filtered, in a chosen CRS) and /items/{featureId}."""

import datetime
import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound

from core.api import BadParameter
from core.params import BIGINT_MAX

from .. import cql2, crs, params, queries
from ..encoding import GEOJSON, HTML, check_parameters, link, url, wants_html
from ..openapi import (
    AFTER,
    BBOX,
    BBOX_CRS,
    BEFORE,
    COLLECTION_ID,
    CRS,
    DATETIME,
    FEATURE_ID,
    FILTER,
    FILTER_CRS,
    FILTER_LANG,
    LIMIT,
    OGC_DOCUMENT,
    F,
)
from .base import OgcView

ITEMS_PARAMETERS = (
    "limit",
    "bbox",
    "bbox-crs",
    "crs",
    "datetime",
    "filter",
    "filter-lang",
    "filter-crs",
    "after",
    "before",
)


def _datetime_condition(collection, interval):
    """The condition of ``datetime`` (an interval of aware datetimes): the CQL2
    comparisons of the collection's date property with DATE (a date column)
    or TIMESTAMP (a date-time column, in UTC) literals, written by ogc.cql2,
    which reads the dates as the import wrote them (ISO or 2020/07/01) and
    never casts a malformed one (a 500)."""
    if collection.datetime_queryable is None:
        raise BadParameter("datetime", _("This collection has no date attribute to filter on."))
    day_only = collection.queryables[collection.datetime_queryable].format == "date"

    def literal(moment):
        if day_only:
            return f"DATE('{moment.date().isoformat()}')"
        return f"TIMESTAMP('{moment.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}')"

    start, end = interval
    comparisons = [f"datetime {op} {literal(moment)}" for op, moment in ((">=", start), ("<=", end)) if moment]
    try:
        return cql2.to_sql(" AND ".join(comparisons), collection.queryables, crs.DEFAULT, collection.datetime_queryable)
    except cql2.CqlError as error:
        raise BadParameter("datetime", error.message) from None


def items_request(request, collection):
    """The queries.Request of a /items query string (400 naming a bad parameter)."""
    query = request.GET
    check_parameters(request, ITEMS_PARAMETERS, extra=collection.queryables)
    conditions = []
    box, box_crs = params.bbox(query)
    if box is not None:
        conditions.append(queries.bbox_condition(box, box_crs))
    interval = params.datetime_interval(query)
    if interval is not None:
        conditions.append(_datetime_condition(collection, interval))
    for name, queryable in collection.queryables.items():
        if name in query and name not in ITEMS_PARAMETERS:
            conditions.append(params.property_value(queryable, name, query[name]))
    text = query.get("filter")
    if text not in (None, ""):
        language = query.get("filter-lang", "cql2-text")
        if language != "cql2-text":
            raise BadParameter("filter-lang", _("Only filter-lang=cql2-text is supported."))
        try:
            conditions.append(
                cql2.to_sql(text, collection.queryables, params.crs(query, "filter-crs"), collection.datetime_queryable)
            )
        except cql2.CqlError as error:
            raise BadParameter("filter", error.message) from None
    after, before = params.key(query, "after"), params.key(query, "before")
    if after is not None and before is not None:
        raise BadParameter("before", _("Use either 'after' or 'before', not both."))
    return queries.Request(
        conditions=conditions, limit=params.limit(query), after=after, before=before, crs=params.crs(query)
    )


def _page_link(request, rel, **keyset):
    query = request.GET.copy()
    for name in ("after", "before", "f"):
        query.pop(name, None)
    query.update({k: str(v) for k, v in keyset.items()})
    return link(f"{request.build_absolute_uri(request.path)}?{query.urlencode()}", rel, GEOJSON)


@extend_schema(
    parameters=[COLLECTION_ID, F, LIMIT, BBOX, BBOX_CRS, CRS, DATETIME, FILTER, FILTER_LANG, FILTER_CRS, AFTER, BEFORE],
    responses={(200, GEOJSON): OGC_DOCUMENT},
)
class Items(OgcView):
    """Features of a collection as a GeoJSON FeatureCollection, paged by keyset (next/prev links)."""

    openapi_list = True

    def get(self, request, collection_id):
        collection = self.collection(request, collection_id)
        items = items_request(request, collection)
        page = queries.items(collection, items)
        links = [
            link(url(request, request.path, **{**request.GET.dict(), "f": "json"}), "self", GEOJSON),
            link(url(request, request.path, **{**request.GET.dict(), "f": "html"}), "alternate", HTML),
            link(url(request, f"/ogc/collections/{collection.id}"), "collection", "application/json"),
        ]
        if page.has_next and page.features:
            links.append(_page_link(request, "next", after=page.features[-1][0]))
        if page.has_previous and page.features:
            links.append(_page_link(request, "prev", before=page.features[0][0]))
        members = {"numberReturned": page.number_returned}
        matched = queries.number_matched(collection, items)
        if matched is not None:
            members["numberMatched"] = matched
        members["links"] = links
        if collection.is_sample:
            members["label"] = collection.extra.get("label")
        if wants_html(request):
            from .html import items_page

            return items_page(request, collection, page, members)
        response = HttpResponse(page.collection(**members), content_type=GEOJSON)
        response["Content-Crs"] = f"<{items.crs.uri}>"
        return response


@extend_schema(parameters=[COLLECTION_ID, FEATURE_ID, F, CRS], responses={(200, GEOJSON): OGC_DOCUMENT})
class Item(OgcView):
    """One feature of a collection (GeoJSON)."""

    def get(self, request, collection_id, feature_id):
        check_parameters(request, ("crs",))
        collection = self.collection(request, collection_id)
        answer_crs = params.crs(request.GET)
        text = queries.item(collection, feature_id, answer_crs) if 0 < feature_id <= BIGINT_MAX else None
        if text is None:
            raise NotFound(
                _("Feature %(id)s not found in collection '%(collection)s'.")
                % {"id": feature_id, "collection": collection.id}
            )
        if wants_html(request):
            from .html import item_page

            return item_page(request, collection, text)
        links = [
            link(url(request, request.path, f="json"), "self", GEOJSON),
            link(url(request, f"/ogc/collections/{collection.id}"), "collection", "application/json"),
        ]
        body = text[:-1] + ', "links": ' + json.dumps(links) + "}"
        response = HttpResponse(body, content_type=GEOJSON)
        response["Content-Crs"] = f"<{answer_crs.uri}>"
        return response
