"""Vector tiles of a collection (OGC API - Tiles): the tile itself, kept lean
(one remembered lookup, one SQL round trip or a Redis hit), and TileJSON."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation

from core import openapi
from core.api import BadParameter
from core.params import require_int, whole_number

from .. import tilecache, tiles, tilesets
from ..encoding import MVT, check_parameters, json_response
from ..openapi import COLLECTION_ID, OGC_DOCUMENT
from .base import OgcView, collection_not_found

TILE_MATRIX_SET_ID = openapi.path(
    "tile_matrix_set_id",
    {"type": "string", "enum": [tiles.TMS_ID], "example": tiles.TMS_ID},
    "Tile matrix set (tiling scheme): WebMercatorQuad",
)
TILE_MATRIX = openapi.path(
    "tile_matrix",
    {"type": "integer", "minimum": tiles.MIN_ZOOM, "maximum": tiles.MAX_ZOOM, "example": 12},
    "Tile matrix (zoom level), 0 to 22",
)
TILE_ROW = openapi.path(
    "tile_row", {"type": "integer", "minimum": 0, "example": 2119}, "Tile row (y, from the top), 0 to 2^tileMatrix - 1"
)
TILE_COL = openapi.path(
    "tile_col", {"type": "integer", "minimum": 0, "example": 3261}, "Tile column (x), 0 to 2^tileMatrix - 1"
)
MVT_ONLY = openapi.query("f", {"type": "string", "enum": ["mvt"], "example": "mvt"}, "Encoding: mvt")
JSON_ONLY = openapi.query("f", {"type": "string", "enum": ["json"], "example": "json"}, "Encoding: json")
TILE_REVISION = openapi.query(
    "v",
    {"type": "string", "maxLength": 200, "example": "w1"},
    "The collection's revision (from TileJSON): the tile is then immutable",
)

ANONYMOUS = AnonymousUser()
IMMUTABLE = "max-age=31536000, immutable"
# A tile without ?v= (or with an old one) is checked again each time: its ETag answers 304.
REVALIDATE = "no-cache"


class AnyAccept(BaseContentNegotiation):
    """Tiles are MVT whatever the Accept header says (MapLibre sends */* or
    application/x-protobuf); errors stay JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


def tile_matrix_set(tile_matrix_set_id):
    if tile_matrix_set_id != tiles.TMS_ID:
        raise NotFound(
            _("Tile matrix set '%(id)s' not found; this server offers %(known)s.")
            % {"id": tile_matrix_set_id[:100], "known": tiles.TMS_ID}
        )


def tile_address(tile_matrix, tile_row, tile_col):
    """(z, y, x) of the path: a 400 for a zoom that is no whole number from 0
    to 22, or a row or column that is no whole number; a 404 outside the matrix."""
    z = require_int(tile_matrix, "tileMatrix", tiles.MIN_ZOOM, tiles.MAX_ZOOM)
    last = (1 << z) - 1
    y, x = _whole(tile_row, "tileRow"), _whole(tile_col, "tileCol")
    if not tiles.tile_in_range(z, x, y):
        raise NotFound(
            _("Tile %(z)d/%(y)d/%(x)d is outside tile matrix %(z)d (rows and columns 0 to %(last)d).")
            % {"z": z, "y": y, "x": x, "last": last}
        )
    return z, y, x


def _revision_hint(request):
    """``v`` of the query (None without), a 400 for any other parameter, or an ``f`` other than mvt."""
    if not request.GET:
        return None
    check_parameters(request, ("v",))
    if request.GET.get("f", "mvt") != "mvt":
        raise BadParameter("f", _("A tile is available as MVT only (f=mvt)."))
    return request.GET.get("v")


def _whole(value, name):
    number = whole_number(value, -(1 << 62), 1 << 62)
    if number is None:
        raise BadParameter(name, _("'%(name)s' must be a whole number.") % {"name": name})
    return number


def _matches(if_none_match, etag):
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


class Tile(OgcView):
    """One vector tile of a collection (MVT): the layer is named after the
    collection, features carry their id and the collection's tile properties.
    With ``v`` equal to the collection's revision (as in TileJSON) the tile is
    immutable."""

    content_negotiation_class = AnyAccept

    def perform_authentication(self, request):
        # A token is checked at once (a bad one is 401, whatever the tile); a
        # session only when the tile is no public one (``get``): the map of a
        # signed-in planner reads no session row per public tile.
        if "HTTP_AUTHORIZATION" in request.META:
            request.user  # noqa: B018 (DRF authenticates on first access)

    @extend_schema(
        operation_id="ogc_collection_tile",
        parameters=[COLLECTION_ID, TILE_MATRIX_SET_ID, TILE_MATRIX, TILE_ROW, TILE_COL, TILE_REVISION, MVT_ONLY],
        responses={
            (200, MVT): OpenApiResponse(
                response={"type": "string", "format": "binary"}, description="The tile (Mapbox Vector Tile 2.1)"
            ),
            204: OpenApiResponse(description="No feature of the collection reaches this tile"),
            304: OpenApiResponse(description="Not modified (If-None-Match)"),
        },
    )
    def get(self, request, collection_id, tile_matrix_set_id, tile_matrix, tile_row, tile_col):
        tile_matrix_set(tile_matrix_set_id)
        z, y, x = tile_address(tile_matrix, tile_row, tile_col)
        revision = _revision_hint(request)
        # What anonymous visitors see is what everyone sees of it (a published
        # version, the boundaries, the active plans): one lookup shared by all.
        tileset = tilecache.tileset_for(ANONYMOUS, collection_id, revision)
        if tileset is None and request.user.is_authenticated:
            tileset = tilecache.tileset_for(request.user, collection_id, revision)
        if tileset is None:
            raise collection_not_found(collection_id)
        etag = tileset.etag(z, y, x)
        if revision == tileset.revision:
            cache_control = ("public, " if tileset.is_public else "private, ") + IMMUTABLE
        else:
            cache_control = REVALIDATE if tileset.is_public else "private, " + REVALIDATE
        if _matches(request.META.get("HTTP_IF_NONE_MATCH"), etag):
            response = HttpResponse(status=304)
        else:
            data, store = tilecache.cached_tile(tileset, z, x, y)
            response = HttpResponse(data, content_type=MVT) if data else HttpResponse(status=204)
            if store is not None:
                # Run by response.close(), which the WSGI server calls after sending the
                # body: the client does not wait for Redis (Django's own hook for files).
                response._resource_closers.append(store)
        response["ETag"] = etag
        response["Cache-Control"] = cache_control
        return response


class TileJson(OgcView):
    """TileJSON 3.0.0 of a collection's vector tiles, for MapLibre: the tile URL
    carries the collection's revision, so it changes when the data does."""

    @extend_schema(
        operation_id="ogc_collection_tilejson",
        parameters=[COLLECTION_ID, TILE_MATRIX_SET_ID],
        responses={(200, tilesets.TILEJSON): OGC_DOCUMENT},
    )
    def get(self, request, collection_id, tile_matrix_set_id):
        tile_matrix_set(tile_matrix_set_id)
        check_parameters(request, ())
        collection = self.collection(request, collection_id)
        response = json_response(tilesets.tilejson(request, collection), tilesets.TILEJSON)
        response["Cache-Control"] = "no-cache"
        return response


def _json_only(request):
    """Tile metadata is JSON only: a 400 for another ``f`` or any other parameter."""
    check_parameters(request, ())
    if request.GET.get("f", "json") != "json":
        raise BadParameter("f", _("This resource is available as JSON only (f=json)."))


class Tilesets(OgcView):
    """The vector tilesets of a collection (one, in WebMercatorQuad)."""

    @extend_schema(
        operation_id="ogc_collection_tilesets_list",
        parameters=[COLLECTION_ID, JSON_ONLY],
        responses={200: OGC_DOCUMENT},
    )
    def get(self, request, collection_id):
        _json_only(request)
        return json_response(tilesets.tilesets_document(request, self.collection(request, collection_id)))


class Tileset(OgcView):
    """The tileset metadata of a collection's vector tiles: the templated tile
    link, the tile matrices its extent covers, the layer and its properties."""

    @extend_schema(
        operation_id="ogc_collection_tileset",
        parameters=[COLLECTION_ID, TILE_MATRIX_SET_ID, JSON_ONLY],
        responses={200: OGC_DOCUMENT},
    )
    def get(self, request, collection_id, tile_matrix_set_id):
        tile_matrix_set(tile_matrix_set_id)
        _json_only(request)
        return json_response(tilesets.tileset_document(request, self.collection(request, collection_id)))


class TileMatrixSets(OgcView):
    """The tiling schemes of this server (WebMercatorQuad)."""

    @extend_schema(operation_id="ogc_tilematrixsets_list", parameters=[JSON_ONLY], responses={200: OGC_DOCUMENT})
    def get(self, request):
        _json_only(request)
        return json_response(tilesets.tile_matrix_sets_document(request))


class TileMatrixSet(OgcView):
    """A tiling scheme as OGC 2D TMS 2.0 JSON."""

    @extend_schema(
        operation_id="ogc_tilematrixset", parameters=[TILE_MATRIX_SET_ID, JSON_ONLY], responses={200: OGC_DOCUMENT}
    )
    def get(self, request, tile_matrix_set_id):
        tile_matrix_set(tile_matrix_set_id)
        _json_only(request)
        return json_response(tilesets.tile_matrix_set_document())
