"""What the OpenAPI schema (/api/schema/, drf-spectacular) says about the API's
shared parameters and bodies, written once: formats, ranges, enums and real
example values of Kabupaten Tangerang, so that a client (and the Schemathesis
test, tests/webgis/test_fuzz_api.py) reaches the real logic instead of a 404.

Parameters are ``OpenApiParameter`` with a JSON-schema dict as type (the
example sits in the schema); bodies are plain JSON schemas. Coordinates are
lon/lat, WGS 84 (settings.API_SRID).
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter

# A point in desa Kelapa Dua (36.03.28.1001) and a 100 m parcel around it.
EXAMPLE_LON, EXAMPLE_LAT = 106.6065, -6.2362
EXAMPLE_POLYGON = {
    "type": "Polygon",
    "coordinates": [
        [[106.606, -6.2367], [106.607, -6.2367], [106.607, -6.2357], [106.606, -6.2357], [106.606, -6.2367]]
    ],
}
KECAMATAN_PATTERN = r"^\d{2}\.\d{2}\.\d{2}$"
DESA_PATTERN = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"
THEMES = [
    "tata_ruang",
    "infrastruktur",
    "transportasi",
    "lingkungan",
    "bencana",
    "kesehatan",
    "pendidikan",
    "sosial",
    "ekonomi",
    "pertanian",
    "pemerintahan",
]


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with ``_list`` operation ids for the APIViews
    that answer a list (``openapi_list = True``) so they do not collide with
    their detail twin (``..._retrieve``)."""

    def get_operation_id(self):
        operation_id = super().get_operation_id()
        if getattr(self.view, "openapi_list", False) and operation_id.endswith("_retrieve"):
            return operation_id.removesuffix("_retrieve") + "_list"
        return operation_id


EXAMPLE_UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
# Path parameters Django's converters type but do not describe, by name.
PATH_PARAMETERS = {
    "slug": {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "example": "puskesmas"},
    "id": {"type": "integer", "minimum": 0, "example": 1},
    "number": {"type": "integer", "minimum": 0, "example": 1, "description": "Version number of the layer"},
}


def describe_path_parameters(result, generator, request, public):
    """Postprocessing hook: formats and examples of the path parameters above
    (an ``id`` that is a UUID or a run's "terbaru" keeps its own)."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                known = PATH_PARAMETERS.get(parameter["name"])
                schema = parameter.get("schema", {})
                if parameter["in"] == "path" and schema.get("format") == "uuid" and "example" not in schema:
                    schema["example"] = EXAMPLE_UUID
                if parameter["in"] != "path" or not known or "example" in schema or "format" in schema:
                    continue
                if schema.get("type") == known["type"]:
                    parameter["schema"] = {**known, **schema}
    return result


def _schema(type_, example, **more):
    return {"type": type_, "example": example, **more}


def query(name, schema, description="", required=False):
    return OpenApiParameter(name, schema, description=description, required=required)


def path(name, schema, description=""):
    return OpenApiParameter(name, schema, OpenApiParameter.PATH, required=True, description=description)


def limit(maximum, default):
    return query(
        "limit",
        _schema("integer", min(default, 100), minimum=1, maximum=maximum, default=default),
        f"Page size, 1 to {maximum} (default {default})",
    )


OFFSET = query("offset", _schema("integer", 0, minimum=0, maximum=10**9, default=0), "Features to skip")
AFTER = query(
    "after",
    _schema("integer", 1, minimum=0, maximum=2**62),
    "Keyset paging: features with an id above this one (the `next` links use it; "
    "constant time however deep the page); not together with offset",
)
VERSION = query("version", _schema("integer", 1, minimum=1), "A version other than the published one (owner, reviewer)")
KECAMATAN = query("kecamatan", _schema("string", "36.03.28", pattern=KECAMATAN_PATTERN), "Kecamatan code")
DESA = query("desa", _schema("string", "36.03.28.1001", pattern=DESA_PATTERN), "Desa/kelurahan code")
OPD = query("opd", _schema("string", "dinkes", pattern=r"^[-a-z0-9_]+$", maxLength=30), "OPD code")
THEME = query("theme", _schema("string", "kesehatan", enum=THEMES), "Theme of the layer")
Q = query("q", _schema("string", "Kelapa", maxLength=100), "Name (case-insensitive) or code prefix")
BBOX = query(
    "bbox",
    _schema("string", "106.55,-6.30,106.65,-6.20", pattern=r"^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$"),
    "minlon,minlat,maxlon,maxlat (WGS 84 degrees)",
)
LON = query("lon", _schema("number", EXAMPLE_LON, format="double", minimum=-180, maximum=180), "Longitude (WGS 84)")
LAT = query("lat", _schema("number", EXAMPLE_LAT, format="double", minimum=-90, maximum=90), "Latitude (WGS 84)")
KEGIATAN = query(
    "kegiatan", _schema("string", "", maxLength=50), "Activity code of the peraturan zonasi (/api/tataruang/kegiatan/)"
)
EXPORT_CSV = query("export", _schema("string", "csv", enum=["csv"]), "csv: the same rows as a CSV file")
TAHUN = query("tahun", _schema("integer", 2025, minimum=1900, maximum=2100), "Year of the land use")

KECAMATAN_KODE = path("kode", _schema("string", "36.03.28", pattern=KECAMATAN_PATTERN), "Kecamatan code")
DESA_KODE = path("kode", _schema("string", "36.03.28.1001", pattern=DESA_PATTERN), "Desa/kelurahan code")
RUN_ID = path(
    "id", _schema("string", "terbaru", pattern=r"^(\d+|terbaru)$"), "A compliance run's id, or 'terbaru' (latest)"
)

# ---- bodies --------------------------------------------------------------------

GEOMETRY = {
    "type": "object",
    "description": "A GeoJSON geometry (RFC 7946, lon/lat) of the layer's kind, inside the kabupaten",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {
            "type": "string",
            "enum": ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"],
        },
        "coordinates": {"type": "array", "items": {}},
    },
    "example": {"type": "Point", "coordinates": [EXAMPLE_LON, EXAMPLE_LAT]},
}
PROPERTIES = {
    "type": "object",
    "description": "Attribute values by column name (strings, numbers, booleans or null)",
    "additionalProperties": {"description": "a string, number, boolean or null"},
    "example": {"nama": "Puskesmas Kelapa Dua"},
}
REVISION = {"type": "integer", "minimum": 1, "description": "The feature version the write is based on"}
FEATURE_ID = {"type": "integer", "minimum": 1}
FEATURE_WRITE = {
    "type": "object",
    "required": ["geometry"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "geometry": GEOMETRY,
        "properties": PROPERTIES,
        "version": REVISION,
    },
    "example": {"type": "Feature", "geometry": GEOMETRY["example"], "properties": PROPERTIES["example"]},
}
FEATURE_CHANGE = {
    "type": "object",
    "properties": {"geometry": GEOMETRY, "properties": PROPERTIES, "version": REVISION},
    "example": {"properties": PROPERTIES["example"], "version": 1},
}
BULK = {
    "type": "object",
    "description": "Creates, updates and deletes in one transaction: all or nothing",
    "properties": {
        "create": {"type": "array", "items": FEATURE_WRITE},
        "update": {
            "type": "array",
            "items": {
                **FEATURE_CHANGE,
                "required": ["id", "version"],
                "properties": {**FEATURE_CHANGE["properties"], "id": FEATURE_ID},
            },
        },
        "delete": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "version"],
                "properties": {"id": FEATURE_ID, "version": REVISION},
            },
        },
    },
    "example": {"create": [FEATURE_WRITE["example"]], "update": [], "delete": []},
}
REVERT = {
    "type": "object",
    "required": ["change"],
    "properties": {
        "change": {"type": "integer", "minimum": 1, "description": "The history entry's id"},
        "state": {"type": "string", "enum": ["before", "after"], "default": "after"},
        "version": REVISION,
    },
    "example": {"change": 1, "state": "before"},
}
REJECTION = {
    "type": "object",
    "properties": {"reason": {"type": "string", "maxLength": 2000, "description": "Why (action reject)"}},
    "example": {"reason": "Atribut nama belum diisi."},
}
RUN_START = {
    "type": "object",
    "description": "The plan and land use to compare; the active ones when left out",
    "properties": {"plan": {"type": "integer", "minimum": 1}, "land_use": {"type": "integer", "minimum": 1}},
    "example": {},
}
KKPR = {
    "type": "object",
    "required": ["geometry"],
    "properties": {
        "geometry": {**GEOMETRY, "example": EXAMPLE_POLYGON},
        "kegiatan": {"type": "string", "maxLength": 50},
    },
    "example": {"geometry": EXAMPLE_POLYGON, "kegiatan": ""},
}
_COLUMN = {"type": "string", "maxLength": 100, "description": "A column of the layer"}
HIERARCHY = {"wp_column": _COLUMN, "swp_column": _COLUMN, "blok_column": _COLUMN}
STRUKTUR = {"type": "array", "items": {"type": "string"}, "description": "Slugs of line or point layers"}
MAPPING = {
    "type": "object",
    "description": "value of the class column: standard class code",
    "additionalProperties": {"type": "string"},
    "example": {"Kawasan Peruntukan Industri": "KPI"},
}
SOURCE_CREATE = {
    "type": "object",
    "required": ["layer", "class_column"],
    "properties": {
        "layer": {"type": "string", "description": "Slug of an imported polygon layer"},
        "version": {"type": "integer", "minimum": 1},
        "class_column": _COLUMN,
        "nama": {"type": "string", "maxLength": 200},
        "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
        "jenis": {"type": "string", "enum": ["RTRW", "RDTR"], "description": "plans only"},
        "legal_basis": {"type": "string", "maxLength": 200, "description": "plans only"},
        "scheme": {"type": "string", "description": "plans only"},
        "wilayah_perencanaan": {"type": "string", "description": "plans only"},
        **HIERARCHY,
        "struktur": STRUKTUR,
    },
    "example": {"layer": "rtrw-uji", "class_column": "NAMOBJ", "nama": "RTRW 2026", "year": 2026, "jenis": "RTRW"},
}
SOURCE_CHANGE = {
    "type": "object",
    "properties": {"mapping": MAPPING, **HIERARCHY, "struktur": STRUKTUR},
    "example": {"mapping": MAPPING["example"]},
}
FEATURE_COLLECTION = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection (lon/lat)",
    "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]}, "features": {"type": "array"}},
}
FEATURE = {"type": "object", "description": "A GeoJSON Feature (lon/lat)"}
OBJECT = {"type": "object"}


def example(value, name="Contoh", media_type="application/json"):
    """A request example for a serializer's body (drf-spectacular puts it beside the schema)."""
    return OpenApiExample(name, value=value, request_only=True, media_type=media_type)


def json_body(schema):
    return {"application/json": schema}


def file_body(example, field="file"):
    """A multipart body of one required file field (``example``: a file name)."""
    return {
        "multipart/form-data": {
            "type": "object",
            "required": [field],
            "properties": {field: {"type": "string", "format": "binary"}},
            "example": {field: example},
        }
    }
