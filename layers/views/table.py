"""The attribute table API: a page of a layer version's attributes (JSON), or
every matching row as CSV (``?export=csv``), for the table under the map of
the layer, review and editor pages. Which version: as the features API
(``shown_version``: anonymous visitors the published one only)."""

import codecs
import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from core import openapi, spreadsheet
from core.api import BadParameter
from core.params import BIGINT_MAX, parse_int
from core.sample import SAMPLE_LABEL

from .. import attribute_table as table
from ..attribute_table import TableQuery
from ..attributes import as_text
from .layers import get_layer, shown_version

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
DECIMALS = ("titik", "koma")

FILTER = OpenApiParameter(
    "filter",
    {
        "type": "array",
        "items": {"type": "string", "maxLength": 300},
        "maxItems": table.MAX_FILTERS,
        "example": ["nama:contains:Puskesmas", "kapasitas:gte:5"],
    },
    explode=True,
    description="column:operator:value, repeated (AND); operator contains or eq (text, case-insensitive "
    "contains), eq, gte or lte (numbers, written with a dot)",
)
SORT = openapi.query(
    "sort",
    {"type": "string", "maxLength": 120, "example": "_id", "default": "_id"},
    "_id (the feature id, default) or a column; '-' before it for descending. A column sorts at most "
    f"{table.SORT_LIMIT} matching rows",
)
DECIMAL = openapi.query(
    "decimal",
    {"type": "string", "enum": list(DECIMALS), "default": "titik", "example": "titik"},
    "CSV only. titik: comma-separated, decimal point (default); koma: semicolon-separated, decimal comma "
    "(Excel with Indonesian regional settings)",
)


def parse_query(request, columns):
    params = request.query_params
    sort, descending = table.parse_sort(params.get("sort", ""), columns)
    query = TableQuery(
        filters=table.parse_filters(params.getlist("filter"), columns),
        sort=sort,
        descending=descending,
        kecamatan=params.get("kecamatan", ""),
        desa=params.get("desa", ""),
        limit=parse_int(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        offset=parse_int(params, "offset", 0, 0, table.SORT_LIMIT),
        after=parse_int(params, "after", None, 0, BIGINT_MAX),
    )
    if query.after is not None and query.offset:
        raise BadParameter("after", _("Use either 'offset' or 'after', not both."))
    if query.after is not None and sort != table.FEATURE_ID:
        raise BadParameter("after", _("Parameter 'after' pages the table sorted by _id; use 'offset' for other sorts."))
    return query


@extend_schema(
    parameters=[
        openapi.VERSION,
        FILTER,
        SORT,
        openapi.KECAMATAN,
        openapi.DESA,
        openapi.limit(MAX_LIMIT, DEFAULT_LIMIT),
        openapi.query("offset", {"type": "integer", "minimum": 0, "maximum": table.SORT_LIMIT, "example": 0}),
        openapi.AFTER,
        openapi.EXPORT_CSV,
        DECIMAL,
    ],
    responses={200: openapi.OBJECT, (200, "text/csv"): bytes},
)
class AttributeTable(APIView):
    """The attribute table of a layer version: ``rows`` of a page (attributes,
    desa, kecamatan, bbox lon/lat), ``numberMatched`` (capped, see
    ``matchedExact``) and a ``next`` link; every matching row as CSV with ``?export=csv``."""

    def get(self, request, slug):
        layer = get_layer(request, slug)
        version = shown_version(request, layer)
        columns = table.columns_of(version)
        query = parse_query(request, columns)
        decimal = request.query_params.get("decimal", "titik")
        if decimal not in DECIMALS:
            raise BadParameter("decimal", _("Parameter 'decimal' is titik or koma."))
        export = request.query_params.get("export")
        if export not in (None, "", "csv"):
            raise BadParameter("export", _("Parameter 'export' is csv or absent."))
        counted = None
        if query.sort != table.FEATURE_ID:
            counted = table.count_matching(version, query)
            if counted[0] > table.SORT_LIMIT or not counted[1]:
                raise BadParameter(
                    "sort",
                    _(
                        "Sorting by a column is possible when at most %(limit)s rows match; more match now. "
                        "Filter the table first (by kecamatan, desa or a column), or sort by _id."
                    )
                    % {"limit": f"{table.SORT_LIMIT:,}".replace(",", ".")},
                )
        if export == "csv":
            return _csv(layer, version, query, columns, decimal)
        rows, has_next = table.page(version, query, columns)
        if counted is None and not has_next and query.after is None and not query.offset:
            counted = (len(rows), True)  # the whole answer is on this page: no count query
        matched, exact = counted or table.count_matching(version, query)
        body = {
            "layer": layer.slug,
            "version": version.number,
            "columns": columns,
            "sort": ("-" if query.descending else "") + query.sort,
            "numberMatched": matched,
            "matchedExact": exact,
            "numberReturned": len(rows),
            "offset": query.offset if query.after is None else None,
            "rows": rows,
            "next": _next_url(request, query, rows) if has_next else None,
        }
        if layer.is_sample:
            body["label"] = SAMPLE_LABEL
        return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")


def _next_url(request, query, rows):
    params = request.query_params.copy()
    params.pop("offset", None)
    params.pop("after", None)
    if query.sort == table.FEATURE_ID:
        params["after"] = str(rows[-1]["id"])  # keyset: constant time at any depth
    else:
        params["offset"] = str(query.offset + len(rows))
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _csv(layer, version, query, columns, decimal):
    """Every matching row, streamed; UTF-8 with a BOM so Excel reads the
    letters right. Numbers as stored with a decimal point and ',' between
    cells; decimal=koma writes a decimal comma and ';' between cells, which
    Excel with Indonesian regional settings opens as numbers."""
    separator = ";" if decimal == "koma" else ","
    names = [c["name"] for c in columns]
    numeric = {c["name"] for c in columns if c["type"] in table.NUMERIC}
    header = ["id_fitur", *names, "kode_kec", "kecamatan", "kode_desa", "desa"]

    def cell(name, value):
        if value is None:
            return ""
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, bool):
            return "true" if value else "false"
        if name in numeric and isinstance(value, int | float):
            text = as_text(value)  # as the downloads write it: 12.5, 1e+30
            return text.replace(".", ",") if decimal == "koma" else text
        return value

    def lines():
        buffer = _Line()
        writer = spreadsheet.writer(buffer, delimiter=separator, lineterminator="\r\n")
        writer.writerow(header)
        yield codecs.BOM_UTF8 + buffer.take().encode()
        for row in table.iter_rows(version, query, columns):
            attrs = row["attrs"]
            writer.writerow(
                [
                    row["id"],
                    *(cell(name, attrs.get(name)) for name in names),
                    row["kecamatan"] or "",
                    row["kecamatan_nama"] or "",
                    row["desa"] or "",
                    row["desa_nama"] or "",
                ]
            )
            yield buffer.take().encode()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tabel-{layer.slug}-v{version.number}.csv"'
    return response


class _Line:
    """A file the csv writer writes one row into, taken out as text after each row."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self):
        text = "".join(self.parts)
        self.parts.clear()
        return text
