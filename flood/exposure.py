"""Exposure (paparan) of a hazard raster version: what lies in each hazard class.

Permukiman and LP2B areas are computed with the statistics (flood.statistics) and
stored on the version; the features of published point layers are classed when
asked, by the raster value at each point, so a layer published later is included.
"""

from layers.models import GeometryKind, Layer
from layers.permissions import visible_layers

from . import classes as hazard_classes
from . import reader

# A point layer's feature list stops here (the counts always cover every feature).
MAX_LISTED = 2000
NAME_KEYS = ("nama", "NAMA", "name", "Name", "NAME", "nama_sekolah", "nama_faskes")


def exposure_report(user, version):
    stored = version.exposure or {}
    return {
        "raster": version.raster_id,
        "version": version.number,
        "dihitung": version.statistics_at,
        "permukiman": stored.get("permukiman"),
        "lp2b": stored.get("lp2b"),
        "titik": [point_layer_exposure(version, layer) for layer in point_layers(user)],
    }


def point_layers(user):
    """Published point layers ``user`` may see."""
    layers = visible_layers(user, Layer.objects.published()).filter(published_version__geometry_kind=GeometryKind.POINT)
    return layers.select_related("published_version", "opd").order_by("title")


def point_layer_exposure(version, layer):
    """Counts per class of ``layer``'s published features, and the list of features."""
    features = list(layer.published_version.features.order_by("id").only("id", "geom", "attrs"))
    values = reader.values_at(version, [_lonlat(f.geom) for f in features])
    counts = dict.fromkeys((*hazard_classes.KODES, hazard_classes.NO_DATA), 0)
    listed = []
    for feature, value in zip(features, values, strict=True):
        kelas = hazard_classes.class_of(version, value) if value is not None else None
        counts[kelas or hazard_classes.NO_DATA] += 1
        if len(listed) < MAX_LISTED:
            name = next((str(feature.attrs[k]) for k in NAME_KEYS if feature.attrs.get(k) not in (None, "")), "")
            listed.append(
                {"id": feature.pk, "nama": name, "nilai": None if value is None else round(value, 4), "kelas": kelas}
            )
    return {
        "layer": layer.slug,
        "title": layer.title,
        "opd": layer.opd.kode,
        "is_sample": layer.is_sample,
        "jumlah": counts,
        "fitur": listed,
    }


def _lonlat(geom):
    """A point feature's lon/lat (the first point of a multipoint)."""
    point = geom[0] if geom.geom_type == "MultiPoint" else geom
    return point.x, point.y
