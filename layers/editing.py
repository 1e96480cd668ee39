"""Writing single features: create, update, delete, revert, with optimistic
concurrency and a FeatureChange record for every write.

Every write names the revision it read (``expected``); a stale one raises
StaleRevision (409) carrying the current feature, so two planners editing the
same feature never overwrite each other silently. Geometry arrives as GeoJSON
in EPSG:4326 and is checked here: within the size caps (settings
EDIT_MAX_VERTICES, EDIT_MAX_PARTS), valid, of the layer's type, at least half
inside the kabupaten (the upload's rule); desa and kecamatan are re-assigned
on every geometry change.
"""

import datetime
import json
import math
import re

from django.conf import settings
from django.contrib.gis.geos import MultiLineString, MultiPoint, MultiPolygon
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core import body
from core.errors import Conflict, Invalid, NotFound, PreconditionRequired
from core.geometry import GeometryTooComplex, check_size, read_geojson_geometry
from core.params import ascii_float, whole_number
from wilayah.assignment import desa_for
from wilayah.models import KabupatenPiece

from . import attributes, permissions, rules
from .models import Feature, FeatureChange, LayerVersion

# Any whole number core.params reads from text (the attribute rule bounds it after).
ANY_WHOLE = 10**30

MULTI = {
    "point": ("Point", "MultiPoint", MultiPoint),
    "line": ("LineString", "MultiLineString", MultiLineString),
    "polygon": ("Polygon", "MultiPolygon", MultiPolygon),
}
LOCATION = re.compile(r"\[\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)")


class EditRefused(Invalid):
    """A feature write that cannot be made as sent (400)."""


class EditConflict(Conflict, EditRefused):
    """The write does not fit the feature's or the layer's current state (409)."""


class FeatureMissing(NotFound, EditRefused):
    """The feature is not in this layer (404)."""


class RevisionRequired(PreconditionRequired, EditRefused):
    """The write does not say which revision it changes (428)."""


class StaleRevision(EditConflict):
    """The feature changed since the client read it; the answer carries the current feature."""

    def __init__(self, current):
        super().__init__(
            _(
                "Someone else changed this feature meanwhile (now version %(n)d). Your change was not saved; "
                "review the current version and try again."
            )
            % {"n": current.revision}
        )
        self.current = current

    def payload(self):
        return {"current": feature_as_geojson(self.current)}


def feature_as_geojson(feature):
    """A feature as GeoJSON with its revision as ``version`` (lon/lat)."""
    properties = dict(feature.attrs)
    if feature.desa_id:
        desa = feature.desa
        properties.update(
            {
                "_desa": desa.kode,
                "_desa_nama": desa.nama,
                "_kecamatan": desa.kecamatan.kode,
                "_kecamatan_nama": desa.kecamatan.nama,
            }
        )
    return {
        "type": "Feature",
        "id": feature.pk,
        "version": feature.revision,
        "geometry": json.loads(feature.geom.geojson),
        "properties": properties,
    }


def editable_version(layer):
    """Edits apply to the layer's latest version (published or not)."""
    version = layer.versions.order_by("-number").first()
    if version is None:
        raise EditConflict(_("This layer has no data yet; upload a file first."))
    return version


def parse_geometry(geometry, kind):
    """A GeoJSON geometry (lon/lat) as a valid Multi* GEOS geometry of ``kind``."""
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise EditRefused(_("The feature needs a GeoJSON geometry."))
    try:
        check_size(geometry, settings.EDIT_MAX_VERTICES, settings.EDIT_MAX_PARTS)
    except GeometryTooComplex as exc:
        raise EditRefused(exc.message, **exc.extra) from exc
    try:
        geom = read_geojson_geometry(geometry)
    except Invalid as exc:
        raise EditRefused(exc.message) from exc
    single, multi, multi_class = MULTI[kind]
    if geom.geom_type == single:
        geom = multi_class(geom, srid=settings.STORAGE_SRID)
    if geom.geom_type != multi:
        raise EditRefused(
            _("This layer holds %(kind)s features; a %(type)s cannot be saved in it.")
            % {"kind": kind, "type": geom.geom_type}
        )
    if geom.empty:
        raise EditRefused(_("The geometry is empty."))
    if not geom.valid:
        reason = geom.valid_reason
        match = LOCATION.search(reason)
        location = {"lon": float(match.group(1)), "lat": float(match.group(2))} if match else None
        raise EditRefused(
            _("The geometry is not valid: %(reason)s. Fix it at the marked place and save again.") % {"reason": reason},
            location=location,
            reason=reason,
        )
    share = KabupatenPiece.objects.share_inside(geom)
    if share == 0:
        raise EditRefused(_("The geometry lies outside Kabupaten Tangerang."))
    # The upload's rule (layers.ingest.geometry.Checker.finish refuses a file
    # when more than half of its features lie outside), for the parts of one geometry.
    if share < 0.5:
        raise EditRefused(
            _("%(percent)d%% of the geometry lies outside Kabupaten Tangerang; at most half may.")
            % {"percent": math.floor((1 - share) * 100)},
        )
    return geom


def clean_attributes(schema, properties, partial_base=None):
    """Attributes checked against the layer's schema; keys starting with '_' are
    read-only (desa, kecamatan) and ignored."""
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        raise EditRefused(_("'properties' must be an object."))
    types = {field["name"]: field["type"] for field in schema}
    clean = dict(partial_base or {})
    errors = {}
    for name, value in properties.items():
        if name.startswith("_"):
            continue
        if name not in types:
            errors[name] = _("unknown attribute")
            continue
        try:
            clean[name] = _coerce(types[name], value)
        except attributes.OutOfRange as exc:
            errors[name] = str(exc)
        except (TypeError, ValueError):
            errors[name] = _("must be of type %(type)s") % {"type": types[name]}
    _refuse_attributes(errors)
    return clean


def _follow_rule(layer, attrs):
    """Refuse ``attrs`` when they break the attribute rule of ``layer``'s catalogue entry (layers.rules)."""
    rule = rules.rule_for(layer)
    if rule is not None and attrs is not None:
        _refuse_attributes(rule.value_problems(attrs))


def _refuse_attributes(errors):
    if errors:
        raise EditRefused(
            _("Some attributes are not valid: %(list)s.") % {"list": "; ".join(f"{k}: {v}" for k, v in errors.items())},
            errors=errors,
        )


def _coerce(kind, value):
    if value is None or value == "":
        return None
    # Text is read as core.params reads a query: ASCII digits only (int() and
    # float() also take "١٠" and "1_0" as 10).
    if kind == "integer":
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(value)
        number = whole_number(value, -ANY_WHOLE, ANY_WHOLE) if isinstance(value, str) else int(value)
        if number is None:
            raise ValueError(value)
        return attributes.checked(kind, number)
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, str):
            value = ascii_float(value)  # text such as "2.5"
        elif not isinstance(value, int | float):
            raise TypeError(value)
        return float(attributes.checked(kind, value))
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "1", "ya"):
            return True
        if str(value).lower() in ("false", "0", "tidak"):
            return False
        raise ValueError(value)
    if kind == "datetime":
        text = str(value)
        (datetime.date.fromisoformat if len(text) == 10 else datetime.datetime.fromisoformat)(text)
        return text
    if isinstance(value, dict | list):
        raise TypeError(value)
    return str(value)


def _record(feature, action, source, user, before=None, note=""):
    return FeatureChange.objects.create(
        layer_id=feature.version.layer_id,
        version_id=feature.version_id,
        feature_id=feature.pk,
        action=action,
        source=source,
        user=user if user and user.is_authenticated else None,
        revision_before=before.revision if before else None,
        revision_after=feature.revision if action != FeatureChange.Action.DELETE else None,
        geom_before=before.geom if before else None,
        attrs_before=before.attrs if before else None,
        geom_after=feature.geom if action != FeatureChange.Action.DELETE else None,
        attrs_after=feature.attrs if action != FeatureChange.Action.DELETE else None,
        desa_id=feature.desa_id,
        kecamatan_id=feature.kecamatan_id,
        note=note,
    )


def _assign(feature):
    feature.desa_id, feature.kecamatan_id = desa_for(feature.geom)


def _locked(version, feature_id, expected):
    feature = Feature.objects.select_for_update().filter(version=version, pk=feature_id).first()
    if feature is None:
        raise FeatureMissing(_("Feature %(id)s not found in this layer.") % {"id": feature_id})
    if expected is None:
        raise RevisionRequired(_("Say which version of the feature you changed (If-Match header or 'version' field)."))
    if expected != feature.revision:
        raise StaleRevision(feature)
    return feature


def _snapshot(feature):
    return Feature(pk=feature.pk, revision=feature.revision, geom=feature.geom.clone(), attrs=dict(feature.attrs))


def _require_edit(user, layer):
    permissions.require(permissions.can_edit_features(user, layer), _("You may not edit the features of this layer."))


def create_feature(layer, data, user, source):
    _require_edit(user, layer)
    version = editable_version(layer)
    with transaction.atomic():
        feature = Feature(
            version=version,
            fid=-1,
            geom=parse_geometry(data.get("geometry"), version.geometry_kind),
            attrs=clean_attributes(version.schema, data.get("properties")),
            revision=1,
        )
        _follow_rule(layer, feature.attrs)
        _assign(feature)
        feature.save()
        LayerVersion.objects.filter(pk=version.pk).update(feature_count=F("feature_count") + 1)
        _record(feature, FeatureChange.Action.CREATE, source, user)
    return feature


def update_feature(layer, feature_id, data, user, source, expected, partial=False):
    _require_edit(user, layer)
    version = editable_version(layer)
    with transaction.atomic():
        feature = _locked(version, feature_id, expected)
        before = _snapshot(feature)
        if "geometry" in data or not partial:
            feature.geom = parse_geometry(data.get("geometry"), version.geometry_kind)
            _assign(feature)
        if "properties" in data or not partial:
            base = feature.attrs if partial else None
            feature.attrs = clean_attributes(version.schema, data.get("properties"), partial_base=base)
            _follow_rule(layer, feature.attrs)
        feature.revision += 1
        feature.save()
        _record(feature, FeatureChange.Action.UPDATE, source, user, before=before)
    return feature


def delete_feature(layer, feature_id, user, source, expected):
    _require_edit(user, layer)
    version = editable_version(layer)
    with transaction.atomic():
        feature = _locked(version, feature_id, expected)
        change = _record(feature, FeatureChange.Action.DELETE, source, user, before=_snapshot(feature))
        feature.delete()
        LayerVersion.objects.filter(pk=version.pk).update(feature_count=F("feature_count") - 1)
    return change


def revert_feature(layer, change, state, user, source, expected=None):
    """Bring a feature back to the state before or after ``change`` (a new,
    recorded write). A deleted feature is restored with its old id."""
    _require_edit(user, layer)
    geom, attrs = (change.geom_before, change.attrs_before) if state == "before" else change.state_after()
    if geom is not None:  # a state saved before the number rule may break it
        _refuse_attributes(attributes.problems(LayerVersion.objects.get(pk=change.version_id).schema, attrs))
        _follow_rule(layer, attrs)
    with transaction.atomic():
        feature = Feature.objects.select_for_update().filter(pk=change.feature_id).first()
        if geom is None:
            # The chosen state is "not there" (before a create, after a delete).
            if feature is None:
                raise EditConflict(_("The feature is already absent in that state."))
            return delete_feature(layer, feature.pk, user, source, expected)
        if feature is None:
            version = LayerVersion.objects.get(pk=change.version_id)
            last = FeatureChange.objects.filter(feature_id=change.feature_id).order_by("-id").first()
            feature = Feature(
                pk=change.feature_id,
                version=version,
                fid=-1,
                geom=geom,
                attrs=attrs,
                revision=(last.revision_before or 0) + 1,
            )
            _assign(feature)
            feature.save(force_insert=True)
            LayerVersion.objects.filter(pk=version.pk).update(feature_count=F("feature_count") + 1)
            _record(feature, FeatureChange.Action.RESTORE, source, user, note=f"#{change.pk}")
            return feature
        if expected is None:
            expected = feature.revision  # a revert is an explicit choice of state
        if expected != feature.revision:
            raise StaleRevision(feature)
        before = _snapshot(feature)
        feature.geom, feature.attrs = geom, attrs
        feature.revision += 1
        _assign(feature)
        feature.save()
        _record(feature, FeatureChange.Action.REVERT, source, user, before=before, note=f"#{change.pk}")
    return feature


def apply_bulk(layer, operations, user, source):
    """Creates, updates and deletes in one transaction: all or nothing.

    ``operations``: {"create": [feature...], "update": [{"id", "version", ...}],
    "delete": [{"id", "version"}]}. Returns counts; the first failure aborts all.
    """
    if not isinstance(operations, dict):
        raise EditRefused(_("The bulk request must be an object with create, update and/or delete lists."))
    creates, updates, deletes = (_bulk_items(operations, kind) for kind in ("create", "update", "delete"))
    done = {"created": [], "updated": [], "deleted": []}
    with transaction.atomic():
        for index, (data, _id, _version) in enumerate(creates):
            done["created"].append(_step(index, "create", lambda d=data: create_feature(layer, d, user, source).pk))
        for index, (data, feature_id, version) in enumerate(updates):
            done["updated"].append(
                _step(
                    index,
                    "update",
                    lambda d=data, i=feature_id, v=version: update_feature(
                        layer, i, d, user, source, v, partial=True
                    ).pk,
                )
            )
        for index, (_data, feature_id, version) in enumerate(deletes):
            _step(index, "delete", lambda i=feature_id, v=version: delete_feature(layer, i, user, source, v))
            done["deleted"].append(feature_id)
    return done


def _bulk_items(operations, kind):
    """The ``kind`` list of a bulk request as (item, id, version) triples, checked
    before anything is written: a list of objects, and for update and delete a
    whole-number ``id`` and ``version`` (a missing version is left to answer 428).
    EditRefused (400) names the first item that is wrong."""
    items = operations.get(kind)
    if items is None:
        return []
    if not isinstance(items, list):
        raise EditRefused(_("'%(kind)s' must be a list of objects.") % {"kind": kind})
    checked = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise EditRefused(_("%(kind)s[%(index)d] must be an object.") % {"kind": kind, "index": index})
        feature_id = version = None
        if kind != "create":
            try:
                feature_id = body.whole_number(item.get("id"), "id")
                version = body.whole_number(item.get("version"), "version")
            except Invalid as exc:
                raise EditRefused(f"{kind}[{index}]: {exc.message}") from None
            if feature_id is None:
                raise EditRefused(_("%(kind)s[%(index)d] needs the feature's 'id'.") % {"kind": kind, "index": index})
        checked.append((item, feature_id, version))
    return checked


def _step(index, kind, run):
    try:
        return run()
    except EditRefused as exc:
        exc.message = f"{kind}[{index}]: {exc.message}"
        raise
