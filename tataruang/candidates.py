"""What a planner registering a plan or land-use layer chooses from: the
published polygon layers, the columns that look like class codes and the
values of a column with what they would be mapped to.

A column "looks like class codes" by the share of features whose value is a
class code or name (services.suggest_mapping's rule, case-insensitive), for
the kind of source being registered: an RTRW's pola ruang classes, an RDTR's
zones (of the chosen scheme) or the land-use classes.
"""

from django.db import connection
from django.utils.translation import gettext as _

from core.errors import Invalid
from core.functions import area_ha_sql
from layers.models import Feature, GeometryKind, Layer

from . import services
from .models import LandUse, Plan, PlanClass, Scheme

# A column is suggested when at least this share of the features have a class
# code or name as value: a code column usually matches almost all of them, a
# name or remark column almost none.
SUGGEST_MIN_SHARE = 0.5
KINDS = ("RTRW", "RDTR", "lahan")


def published_polygon_layers():
    """Layers whose published version holds polygons, by title: what a plan or
    land-use layer is registered from (drafts and layers awaiting review are not)."""
    return (
        Layer.objects.published()
        .filter(published_version__geometry_kind=GeometryKind.POLYGON)
        .select_related("published_version")
        .order_by("title")
    )


def published_polygon_layer(slug):
    """The published polygon layer ``slug``; None when there is none."""
    return published_polygon_layers().filter(slug=slug).first()


def blank_source(kind, scheme=Scheme.S2021):
    """An unsaved Plan (``kind`` RTRW or RDTR, of ``scheme``) or LandUse
    (``kind`` "lahan"), for the class lookups of services."""
    if kind not in KINDS:
        raise Invalid(_("'jenis' must be one of: %(kinds)s.") % {"kinds": ", ".join(KINDS)}, parameter="jenis")
    if kind == "lahan":
        return LandUse()
    if scheme not in Scheme.values:
        raise Invalid(
            _("'scheme' must be one of: %(schemes)s.") % {"schemes": ", ".join(Scheme.values)}, parameter="scheme"
        )
    return Plan(jenis=kind, scheme=scheme)


def class_by_text(source):
    """{code or name in lower case: class code} of the classes ``source`` may be mapped to."""
    by_text = {}
    for cls in services.class_choices(source):
        by_text.setdefault(cls.kode.lower(), cls.kode)
        by_text.setdefault(cls.nama.lower(), cls.kode)
    return by_text


def class_names(source):
    """{class code: name} of the classes ``source`` may be mapped to; for a plan the
    name its jenis uses (PlanClass.objects.for_plan: pola ruang for an RTRW)."""
    if isinstance(source, Plan):
        return {kode: cls.nama for kode, cls in PlanClass.objects.for_plan(source).items()}
    return {cls.kode: cls.nama for cls in services.class_choices(source)}


def value_summary(version, column):
    """[(value, feature count, area in ha)] of ``column`` in a layer version,
    most features first; areas measured in settings.METRIC_SRID (EPSG:32748)."""
    # Raw SQL: grouping on a JSONB key of the version's own partition in one pass.
    features = Feature.objects.sql_source(version)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT attrs->>%s AS v, count(*), coalesce(sum({area_ha_sql('geom')}), 0) "
            f"FROM {features} GROUP BY v ORDER BY 2 DESC, 1",
            [column],
        )
        return cursor.fetchall()


def column_suggestions(version, source):
    """The text columns of ``version``, best class column first: {name, fitur
    (features with a value), cocok (features whose value is a class code or
    name of ``source``), persen_cocok, nilai_unik, disarankan}."""
    by_text = class_by_text(source)
    columns = []
    for field in version.schema:
        if field.get("type") != "string":
            continue
        rows = value_summary(version, field["name"])
        valued = sum(count for value, count, _ha in rows if value is not None)
        matched = sum(count for value, count, _ha in rows if value is not None and value.strip().lower() in by_text)
        share = matched / valued if valued else 0.0
        columns.append(
            {
                "name": field["name"],
                "fitur": valued,
                "cocok": matched,
                "persen_cocok": round(100 * share, 1),
                "nilai_unik": sum(1 for value, _c, _ha in rows if value is not None),
                "disarankan": share >= SUGGEST_MIN_SHARE,
            }
        )
    return sorted(columns, key=lambda c: (-c["persen_cocok"], c["nilai_unik"], c["name"]))


def value_preview(version, column, source):
    """Every value of ``column``: {value, fitur, luas_ha, kelas (the class code
    it would be mapped to, None when no class matches), kelas_nama}, most features first."""
    if column not in [f["name"] for f in version.schema]:
        raise Invalid(_("The layer has no column '%(column)s'.") % {"column": column}, parameter="kolom")
    by_text, names = class_by_text(source), class_names(source)
    preview = []
    for value, count, ha in value_summary(version, column):
        kelas = by_text.get(value.strip().lower()) if value is not None else None
        preview.append(
            {"value": value, "fitur": count, "luas_ha": round(ha, 4), "kelas": kelas, "kelas_nama": names.get(kelas)}
        )
    return preview
