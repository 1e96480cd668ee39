"""Published sectoral layers as feature collections (core.collections), one
per layer, by its slug: the version a visitor of /api/ sees (published, else
for its owner and reviewers the latest), through the same permission rules.

Features come from the version's own partition (``FeatureQuerySet.sql_source``),
their attributes typed from the version's schema; each also carries the code
of the desa and kecamatan it was assigned to.
"""

import hashlib

from django.db.models import Max

from core.collections import Collection, Provider, Queryable
from core.sample import SAMPLE_LABEL
from wilayah.collections import boundary_meta

from . import permissions
from .models import Feature, FeatureChange, Layer

# JSON Schema type and format of each attribute type the import infers.
_TYPES = {
    "integer": ("integer", ""),
    "number": ("number", ""),
    "boolean": ("boolean", ""),
    "date": ("string", "date"),
    "datetime": ("string", "date-time"),
    "string": ("string", ""),
}
# The SQL of an attribute by its type: a value of another JSON type (an edit
# may have cleared a cell to null) reads as NULL, never as a cast error.
_VALUE_SQL = {
    "integer": "(CASE WHEN jsonb_typeof(f.attrs->%s) = 'number' THEN (f.attrs->>%s)::numeric END)",
    "number": "(CASE WHEN jsonb_typeof(f.attrs->%s) = 'number' THEN (f.attrs->>%s)::double precision END)",
    "boolean": "(CASE WHEN jsonb_typeof(f.attrs->%s) = 'boolean' THEN (f.attrs->>%s)::boolean END)",
}
_WILAYAH = {"kode_desa": "d.kode", "kode_kec": "k.kode"}


def _queryable(field):
    name, kind = field["name"], field.get("type", "string")
    json_type, json_format = _TYPES.get(kind, ("string", ""))
    if kind in _VALUE_SQL:
        return Queryable((_VALUE_SQL[kind], [name, name]), json_type, name, json_format)
    return Queryable(("(f.attrs->>%s)", [name]), json_type, name, json_format)


def _date_queryable(schema):
    """The attribute holding the features' date: the first date or datetime column."""
    for field in schema:
        if field.get("type") in ("date", "datetime"):
            return field["name"]
    return None


def layer_collection(layer, version, last_change=None):
    schema = [field for field in version.schema if field.get("name") not in _WILAYAH]
    queryables = {field["name"]: _queryable(field) for field in schema}
    queryables.update({name: Queryable(sql, "string", name) for name, sql in _WILAYAH.items()})
    properties = [(field["name"], ("f.attrs->%s", [field["name"]])) for field in schema]
    properties += list(_WILAYAH.items())
    source = (
        f"{Feature.objects.sql_source(version)} f"
        " LEFT JOIN wilayah_desa d ON d.id = f.desa_id LEFT JOIN wilayah_kecamatan k ON k.id = f.kecamatan_id"
    )
    style = layer.style or {}
    by_attribute = style.get("type") in ("categorized", "graduated")
    tile_names = [style["attribute"]] if by_attribute and style.get("attribute") else []
    tile_names += [name for name in ("nama", "name", "NAMA", "Name", "kode", "KODE") if name in queryables]
    tile_properties = tuple(dict.fromkeys(name for name in tile_names if name in queryables))
    # The revision names what the tiles hold: the version (with the moment it
    # was made: ids start again in a new or restored database, and the cached
    # tiles of another database's version 12 must never answer for this one),
    # its last edit and, for a categorized or graduated style, the attribute the tiles carry.
    revision = _revision(version, last_change)
    if by_attribute:
        revision += "." + hashlib.blake2b("\n".join(tile_properties).encode(), digest_size=3).hexdigest()
    extra = {"opd": layer.opd.singkatan, "licence": layer.licence, "version": version.number}
    if layer.is_sample:
        extra["label"] = SAMPLE_LABEL
    return Collection(
        id=layer.slug,
        title=layer.title,
        description=layer.abstract or layer.description,
        source=source,
        properties=properties,
        queryables=queryables,
        tile_properties=tile_properties,
        revision=revision,
        bbox=list(version.bbox) if version.bbox else None,
        geometry_kind=version.geometry_kind,
        datetime_queryable=_date_queryable(schema),
        feature_count=version.feature_count,
        is_sample=layer.is_sample,
        extra=extra,
        style=style,
        keywords=list(layer.keywords),
    )


def _revision(version, last_change):
    made = int(version.created_at.timestamp() * 1000) if version.created_at else 0
    return f"v{version.pk}.{made:x}.{last_change or 0}"


def version_revision(version):
    """A text naming the state of ``version``'s features (the version, when it was
    made, its last edit): what a result computed from them (an indicator's
    overlay) is kept under."""
    return _revision(version, _last_changes([version.pk]).get(version.pk))


def overlay_revision(*versions):
    """What an overlay of the desa with ``versions``' features depends on: the
    boundaries' revision and each version's (version_revision)."""
    return (boundary_meta()["revision"], *(version_revision(v) for v in versions))


def _last_changes(version_ids):
    rows = FeatureChange.objects.filter(version_id__in=version_ids).values("version_id").annotate(last=Max("id"))
    return {row["version_id"]: row["last"] for row in rows}


class LayerProvider(Provider):
    def _layers(self, user):
        layers = Layer.objects.select_related("opd", "published_version")
        return permissions.visible_layers(user, layers).order_by("slug")

    def _collections(self, user, layers):
        shown = [(layer, permissions.default_version(user, layer)) for layer in layers]
        shown = [(layer, version) for layer, version in shown if version is not None]
        last = _last_changes([version.pk for _layer, version in shown])
        return [layer_collection(layer, version, last.get(version.pk)) for layer, version in shown]

    def collections(self, user):
        return self._collections(user, self._layers(user))

    def collection(self, user, collection_id):
        found = self._collections(user, self._layers(user).filter(slug=collection_id))
        return found[0] if found else None
