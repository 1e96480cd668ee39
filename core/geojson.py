"""GeoJSON (RFC 7946, lon/lat) written by PostGIS, one way for every app.

A Feature is built in SQL (``ST_AsGeoJSON`` inside ``json_build_object``) and
comes back as JSON text; a FeatureCollection splices those texts between its
own members. No feature passes through GEOS or a Python serializer: for a page
of thousands of features that is several times faster, and every answer has
the same shape whichever app writes it.

- ``feature_sql`` is the one SQL template of a Feature. ``AsFeature`` wraps it
  as an ORM expression (any queryset, its filters, joins and ordering); the
  layers app calls it on its partition join (``layers.managers``).
- ``ItemsQuery`` / ``items`` / ``item`` are what a provider asks of a
  collection (limit, offset or keyset ``after``, output CRS); ``Page`` is the
  answer, ``Page.collection`` its FeatureCollection text.
- ``GeoJSONText`` + ``JSONTextRenderer`` let a DRF view answer with that text
  as is (``Response(GeoJSONText(...))``), errors still going through DRF;
  ``GeoJSONListMixin`` / ``GeoJSONDetailMixin`` do so for generic views.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Func, TextField
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

GEOJSON_CONTENT_TYPE = "application/geo+json"
# Decimals of a coordinate where an answer never chose fewer: as many as GDAL
# writes for GEOSGeometry.geojson, which those answers used before. (GDAL also
# trims digits it takes for round-off, 106.61665885000001 -> 106.61665885;
# PostGIS writes the stored double, so such a coordinate moves by < 1e-13 deg.)
FULL_PRECISION = 15


def feature_sql(geometry, properties, *, id=None, members=(), precision=FULL_PRECISION, srid=None, jsonb=False):
    """SQL (text) of one GeoJSON Feature and its parameters: (sql, params).

    Every SQL argument is text or (text, params). ``geometry``: a geometry in
    settings.STORAGE_SRID, written in ``srid`` (default settings.API_SRID, so
    lon/lat as RFC 7946 wants) with at most ``precision`` decimals.
    ``properties``: a list of (name, SQL) written in that order, or the SQL of
    one JSON object. ``id`` and ``members`` ([(name, SQL)]) come after "type"
    and before "geometry". With ``jsonb`` the Feature is built as jsonb, whose
    members follow jsonb's own order (the layers API has always answered so).
    """
    cast = "::jsonb" if jsonb else "::json"
    srid = settings.API_SRID if srid is None else int(srid)
    geometry_sql, geometry_params = sql_parts(geometry)
    if srid != settings.STORAGE_SRID:
        geometry_sql = f"ST_Transform({geometry_sql}, {srid})"
    pairs = [("type", ("%s", ["Feature"])), *([("id", id)] if id is not None else []), *members]
    pairs.append(("geometry", (f"ST_AsGeoJSON({geometry_sql}, {int(precision)}, 0){cast}", geometry_params)))
    pairs.append(("properties", json_object_sql(properties, jsonb) if isinstance(properties, list) else properties))
    sql, params = json_object_sql(pairs, jsonb)
    return f"{sql}::text", params


def sql_parts(value):
    """(text, params) of SQL given as text or as (text, params)."""
    return (value, []) if isinstance(value, str) else (value[0], list(value[1]))


def json_object_sql(pairs, jsonb=False):
    """(sql, params) of a JSON object of [(name, SQL)] in that order (jsonb: in
    jsonb's order); the names are parameters, the SQL is text or (text, params)."""
    build = "jsonb_build_object" if jsonb else "json_build_object"
    parts, params = [], []
    for name, value in pairs:
        sql, value_params = sql_parts(value)
        parts.append(f"%s, {sql}")
        params += [name, *value_params]
    return f"{build}({', '.join(parts)})", params


class AsFeature(Func):
    """The rows of a queryset as GeoJSON Features (JSON text), see ``feature_sql``.

    ``properties``: {name: field name or expression}, in output order;
    ``members``: the same, written after ``id``. Geometry in STORAGE_SRID,
    written in ``srid`` (default API_SRID) with ``precision`` decimals.
    """

    output_field = TextField()

    def __init__(self, geometry="geom", properties=None, *, id=None, members=None, precision=FULL_PRECISION, srid=None):
        properties, members = dict(properties or {}), dict(members or {})
        self.property_names, self.member_names = list(properties), list(members)
        self.has_id, self.precision, self.srid = id is not None, precision, srid
        expressions = [geometry, *([id] if id is not None else []), *members.values(), *properties.values()]
        super().__init__(*[F(e) if isinstance(e, str) else e for e in expressions])

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        geometry, rest = compiled[0], compiled[1:]
        id_sql = rest.pop(0) if self.has_id else None
        members = list(zip(self.member_names, rest[: len(self.member_names)], strict=True))
        properties = list(zip(self.property_names, rest[len(self.member_names) :], strict=True))
        return feature_sql(geometry, properties, id=id_sql, members=members, precision=self.precision, srid=self.srid)


@dataclass(frozen=True)
class ItemsQuery:
    """What a client asks of a collection: ``limit`` items (None: all) after
    ``offset``, or keyset: ordered by key, those with a key above ``after`` (a
    walk starts at 0, keys being positive ids; Page.next_after continues it);
    written in ``srid`` (default settings.API_SRID). Filters (bbox, properties)
    are the provider's: it applies them to its queryset before asking."""

    limit: int | None = None
    offset: int = 0
    after: int | None = None
    srid: int | None = None


@dataclass
class Page:
    """Features of one request: [(key, Feature JSON text)] in order; ``has_next``
    when more follow; ``number_matched`` when the provider knows it."""

    features: list = field(default_factory=list)
    has_next: bool = False
    number_matched: int | None = None
    # Keyset paging backwards (OGC API ``prev`` links): an earlier page exists.
    has_previous: bool = False

    @property
    def number_returned(self):
        return len(self.features)

    @property
    def next_after(self):
        """The keyset ``after`` of the next page (None on the last page)."""
        return self.features[-1][0] if self.has_next and self.features else None

    def collection(self, **members):
        """The FeatureCollection text: "type", ``members`` in order, then "features"."""
        return collection_text((text for _key, text in self.features), **members)


def items(queryset, feature, query=None, key="pk"):
    """A Page of ``queryset`` as GeoJSON: [(key, Feature text)] in the queryset's
    order, or by ``key`` when paged by keyset. ``feature``: a function of the
    output srid giving the AsFeature expression. One row more than ``limit``
    is read to know whether a next page exists; nothing is counted (the
    provider sets ``number_matched`` when it knows it cheaply)."""
    query = query or ItemsQuery()
    if query.after is not None:
        queryset = queryset.filter(**{f"{key}__gt": query.after}).order_by(key)
    rows = queryset.annotate(_geojson=feature(query.srid)).values_list(key, "_geojson")
    if query.limit is None:
        return Page(list(rows[query.offset :]))
    rows = list(rows[query.offset : query.offset + query.limit + 1])
    return Page(rows[: query.limit], has_next=len(rows) > query.limit)


def item(queryset, feature, srid=None):
    """The first row of ``queryset`` as one Feature's JSON text, None when there is none."""
    return queryset.annotate(_geojson=feature(srid)).values_list("_geojson", flat=True).first()


def collection_text(features, **members):
    """A FeatureCollection of Feature JSON texts, spliced as text (not parsed and
    written again): "type", then ``members`` in order, then "features"."""
    head = json.dumps({"type": "FeatureCollection", **members}, ensure_ascii=False)[:-1]
    return f'{head}, "features": [{", ".join(features)}]}}'


class GeoJSONText(str):
    """JSON text PostGIS wrote, to be answered as it is (see JSONTextRenderer)."""


class JSONTextRenderer(JSONRenderer):
    """DRF's JSON renderer, passing GeoJSONText through untouched."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, GeoJSONText):
            return data.encode()
        return super().render(data, accepted_media_type, renderer_context)


# For views answering GeoJSONText: JSON first, the browsable API for browsers.
RENDERERS = [JSONTextRenderer, BrowsableAPIRenderer]


class GeoJSONListMixin:
    """For a DRF ListAPIView: its queryset answered as one FeatureCollection
    written by PostGIS (``feature``: a function of the srid giving the
    AsFeature); its serializer_class still describes the answer in the schema."""

    renderer_classes = RENDERERS
    feature = None

    def list(self, request, *args, **kwargs):
        page = items(self.get_queryset(), self.feature)
        return Response(GeoJSONText(page.collection()))


class GeoJSONDetailMixin:
    """For a DRF RetrieveAPIView: the object as one Feature written by PostGIS;
    ``not_found``: the 404 message, formatted with the lookup value as ``%(<lookup_field>)s``."""

    renderer_classes = RENDERERS
    feature = None
    not_found = ""

    def retrieve(self, request, *args, **kwargs):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        text = item(self.get_queryset().filter(**{self.lookup_field: value}), self.feature)
        if text is None:
            raise NotFound(str(self.not_found) % {self.lookup_field: value})
        return Response(GeoJSONText(text))
