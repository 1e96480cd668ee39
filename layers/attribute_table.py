"""The attribute table of a layer version: a page of its features' attributes,
filtered per column and by kecamatan/desa, sorted, and the same rows as CSV.

Built for a million features (the bench layer) on the version's own partition
(``FeatureQuerySet.sql_source``), whose primary key (id, version_id) orders
and pages by id:

- sorted by feature id (the default, ``_id``), pages are keyset (``after``):
  the index walks to the next 100 rows whatever the depth, and a filter that
  matches many rows stops after the first 100 it meets;
- sorted by an attribute, PostgreSQL must read every matching row to find the
  first page (a top-N sort of the jsonb values). No expression index is built:
  columns differ per version and are chosen by the reader, and an index per
  column per version would cost each import of a million rows seconds per
  column. Instead the sort is allowed while the matching rows number at most
  SORT_LIMIT (counted with the same cap, below), paged by offset; beyond it the
  answer is a 400 asking to filter first;
- counts are capped at COUNT_LIMIT (a count reads every matching row): beyond
  it the table says "more than 100.000". Unfiltered, the version's own
  feature_count is the total.

Raw SQL because every column is a jsonb member typed by the version's schema
(the ORM cannot order by a typed ``attrs->>name`` with NULLS LAST and a
keyset on id at once); every value and column name is a parameter.
Geometry is not returned: each row carries its bounding box (lon/lat,
EPSG:4326) so the page can zoom to it.
"""

import json
import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.api import BadParameter

from .models import Feature

COUNT_LIMIT = 100_000
SORT_LIMIT = 100_000
MAX_FILTERS = 10
FEATURE_ID = "_id"  # the feature's own id; "id" may be an attribute (the bench layer has one)
OPERATORS = ("contains", "eq", "gte", "lte")
NUMERIC = ("integer", "number")
FILTER_FORM = re.compile(r"^(?P<column>.+?):(?P<op>contains|eq|gte|lte):(?P<value>.*)$", re.DOTALL)
NUMBER_FORM = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d{1,3})?$")

# The value of an attribute by its type, as layers.collections reads it: a
# value of another JSON type (a cell cleared to null) reads as NULL, never a cast error.
_NUMERIC_SQL = "(CASE WHEN jsonb_typeof(f.attrs->%s) = 'number' THEN (f.attrs->>%s)::numeric END)"
_TEXT_SQL = "(f.attrs->>%s)"


@dataclass
class TableQuery:
    """What a reader asked of the table: filters [(column, op, value)], sort
    column (FEATURE_ID or an attribute) and direction, kecamatan/desa codes, paging."""

    filters: list = field(default_factory=list)
    sort: str = FEATURE_ID
    descending: bool = False
    kecamatan: str = ""
    desa: str = ""
    limit: int = 100
    offset: int = 0
    after: int | None = None

    @property
    def filtered(self):
        return bool(self.filters or self.kecamatan or self.desa)


def columns_of(version):
    """[{name, type}] of the version's attributes, in the schema's order."""
    return [{"name": f["name"], "type": f.get("type", "string")} for f in version.schema if f.get("name")]


def parse_sort(raw, columns):
    """``sort`` as (column, descending): ``_id`` (default), ``-_id``, a column or ``-column``."""
    raw = raw or FEATURE_ID
    descending = raw.startswith("-")
    name = raw[1:] if descending else raw
    if name != FEATURE_ID and name not in {c["name"] for c in columns}:
        raise BadParameter(
            "sort",
            _(
                "Parameter 'sort': there is no column '%(name)s'; "
                "use _id or a column of the layer, '-' before it to reverse."
            )
            % {"name": name},
        )
    return name, descending


def parse_filters(values, columns):
    """``filter`` values ``column:op:value`` as [(column, type, op, value)];
    op is contains or eq (text), gte or lte (numbers, also eq)."""
    if len(values) > MAX_FILTERS:
        raise BadParameter("filter", _("Parameter 'filter': at most %(n)d filters.") % {"n": MAX_FILTERS})
    kinds = {c["name"]: c["type"] for c in columns}
    parsed = []
    for raw in values:
        match = FILTER_FORM.match(raw)
        if match is None:
            raise BadParameter(
                "filter",
                _(
                    "Parameter 'filter' is written column:operator:value "
                    "(operator contains, eq, gte or lte), not '%(value)s'."
                )
                % {"value": raw[:100]},
            )
        column, op, value = match["column"], match["op"], match["value"]
        if column not in kinds:
            message = _("Parameter 'filter': there is no column '%(name)s'.") % {"name": column[:100]}
            raise BadParameter("filter", message)
        kind = kinds[column]
        if "\x00" in value or len(value) > 200:
            raise BadParameter("filter", _("Parameter 'filter': the value is too long or not text."))
        if op in ("gte", "lte") and kind not in NUMERIC:
            raise BadParameter(
                "filter",
                _("Parameter 'filter': column '%(name)s' holds text; ranges (gte, lte) are for number columns.")
                % {"name": column},
            )
        if kind in NUMERIC and op != "contains":
            if not NUMBER_FORM.match(value.strip()):
                raise BadParameter(
                    "filter",
                    _("Parameter 'filter': '%(value)s' is not a number (write 1234.5, with a dot).")
                    % {"value": value[:100]},
                )
            value = value.strip()
        parsed.append((column, kind, op, value))
    return parsed


def _escape_like(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _value_sql(column, kind):
    if kind in NUMERIC:
        return _NUMERIC_SQL, [column, column]
    return _TEXT_SQL, [column]


def _where(query):
    """(SQL conditions joined by AND, params) of the query's filters on alias f."""
    conditions, params = ["TRUE"], []
    for column, kind, op, value in query.filters:
        if op == "contains":
            conditions.append("(f.attrs->>%s) ILIKE %s")
            params += [column, f"%{_escape_like(value)}%"]
        elif kind in NUMERIC:
            sql, sql_params = _value_sql(column, kind)
            conditions.append(f"{sql} {'=' if op == 'eq' else '>=' if op == 'gte' else '<='} %s::numeric")
            params += [*sql_params, value]
        else:
            conditions.append("(f.attrs->>%s) = %s")
            params += [column, value]
    if query.desa:
        conditions.append("f.desa_id IN (SELECT id FROM wilayah_desa WHERE kode = %s)")
        params.append(query.desa)
    if query.kecamatan:
        # Through the desa ids, as FeatureQuerySet.in_kecamatan: the (version, desa) index serves it.
        conditions.append(
            "f.desa_id IN (SELECT d.id FROM wilayah_desa d JOIN wilayah_kecamatan k ON k.id = d.kecamatan_id"
            " WHERE k.kode = %s)"
        )
        params.append(query.kecamatan)
    return " AND ".join(conditions), params


def count_matching(version, query, cap=None):
    """(number of matching features, exact): exact up to ``cap`` (COUNT_LIMIT); (cap, False) beyond it."""
    cap = COUNT_LIMIT if cap is None else cap
    if not query.filtered:
        return version.feature_count, True
    where, params = _where(query)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {Feature.objects.sql_source(version)} f WHERE {where} LIMIT %s) m"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, cap + 1])
        (count,) = cursor.fetchone()
    return (count, True) if count <= cap else (cap, False)


def _order(query, columns):
    """(ORDER BY SQL, params): the sort column, then the id so the order is total."""
    direction = "DESC" if query.descending else "ASC"
    if query.sort == FEATURE_ID:
        return f"f.id {direction}", []
    kind = {c["name"]: c["type"] for c in columns}[query.sort]
    sql, params = _value_sql(query.sort, kind)
    return f"{sql} {direction} NULLS LAST, f.id {direction}", params


def _select(version, query, columns):
    """(SQL, params) of the matching rows in order, without LIMIT: id, attrs,
    desa and kecamatan code and name, bbox."""
    where, params = _where(query)
    if query.after is not None and query.sort == FEATURE_ID:
        where += f" AND f.id {'<' if query.descending else '>'} %s"
        params.append(query.after)
    order, order_params = _order(query, columns)
    sql = f"""
        SELECT f.id, f.attrs, d.kode, d.nama, k.kode, k.nama,
               ST_XMin(box2d(f.geom)), ST_YMin(box2d(f.geom)), ST_XMax(box2d(f.geom)), ST_YMax(box2d(f.geom))
        FROM {Feature.objects.sql_source(version)} f
        LEFT JOIN wilayah_desa d ON d.id = f.desa_id
        LEFT JOIN wilayah_kecamatan k ON k.id = f.kecamatan_id
        WHERE {where}
        ORDER BY {order}
    """
    return sql, [*params, *order_params]


def page(version, query, columns):
    """(rows, has_next): up to ``query.limit`` rows as dicts {id, attrs,
    desa, desa_nama, kecamatan, kecamatan_nama, bbox [minlon, minlat, maxlon, maxlat]}."""
    sql, params = _select(version, query, columns)
    sql += " LIMIT %s OFFSET %s"
    offset = 0 if query.after is not None and query.sort == FEATURE_ID else query.offset
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, query.limit + 1, offset])
        found = cursor.fetchall()
    rows = [_row(values) for values in found[: query.limit]]
    return rows, len(found) > query.limit


def _row(values):
    pk, attrs, desa, desa_nama, kec, kec_nama, *box = values
    return {
        "id": pk,
        # Django reads jsonb from a raw cursor as text.
        "attrs": json.loads(attrs) if isinstance(attrs, str) else (attrs or {}),
        "desa": desa,
        "desa_nama": desa_nama,
        "kecamatan": kec,
        "kecamatan_nama": kec_nama,
        "bbox": box if box[0] is not None else None,
    }


def iter_rows(version, query, columns, chunk=2000):
    """Every matching row in order (``_row`` dicts), read through a server-side
    cursor ``chunk`` rows at a time: the CSV of a million rows never sits in memory."""
    sql, params = _select(version, query, columns)
    # A named cursor needs a transaction; the CSV is streamed after the view
    # returns, so the generator opens its own.
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            batch = cursor.fetchmany(chunk)
            if not batch:
                return
            for values in batch:
                yield _row(values)
