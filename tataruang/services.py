"""Plans and land-use layers: mapping a class column, activation, materialisation.

A plan or land-use layer is a layers.LayerVersion (it came through the same
upload pipeline as any OPD layer) plus a mapping from the values of one of its
columns to standard classes. Activation needs every value mapped; it copies the
features into PlanZone / LandUseParcel and archives the previously active one.
"""

import re

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import body
from core.errors import Invalid
from layers.models import Feature, Layer, LayerVersion

from . import class_styles, struktur
from .models import LandUse, LandUseClass, LandUseParcel, Overlap, Plan, PlanClass, PlanZone, Scheme

# Plans and land use are snapped to a 1e-8 degree (~1 mm) grid when activated:
# layers digitised from the same base have edges that nearly coincide, and
# GEOS predicates on such pairs can fail with a TopologyException.
PRECISION_GRID = 1e-8
INTENSITY_KEYS = ("KDB", "KLB", "KDH", "KTB", "GSB", "TINGGI", "JML_LANTAI")
# RDTR hierarchy: column names of WP, SWP and blok in common data, best first
# (ATR/BPN basis-data codes KODEWP/KODSWP/KODBLK, then the usual variants).
HIERARCHY_NAMES = {
    "wp_column": ("KODEWP", "KODWP", "KODE_WP", "WP", "NAMWP", "NAMA_WP", "KODBWP", "BWP"),
    "swp_column": ("KODSWP", "KODESWP", "KODE_SWP", "SWP", "NAMSWP", "NAMA_SWP", "SUBWP", "SUB_WP", "SUBBWP", "SBWP"),
    "blok_column": ("KODBLK", "KODBLOK", "KODE_BLOK", "BLOK", "NOBLOK", "NO_BLOK", "NAMBLOK", "BLK"),
}
HIERARCHY_LEVELS = {"wp_column": "WP", "swp_column": "SWP", "blok_column": "blok"}


def column_values(source):
    """[(value, feature count)] of the source's class column, most frequent first."""
    # Raw SQL: grouping on a JSONB key of up to millions of rows in one pass.
    features = Feature.objects.sql_source(source.layer_version_id)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT attrs->>%s AS v, count(*) FROM {features} GROUP BY v ORDER BY 2 DESC, 1", [source.class_column]
        )
        return cursor.fetchall()


def class_choices(source):
    if isinstance(source, Plan):
        return PlanClass.objects.filter(scheme=source.scheme)
    return LandUseClass.objects.all()


def suggest_mapping(source):
    """Map values equal to a class code or name (case-insensitive) automatically."""
    by_text = {}
    for cls in class_choices(source):
        by_text.setdefault(cls.kode.lower(), cls.kode)
        by_text.setdefault(cls.nama.lower(), cls.kode)
    mapping = dict(source.mapping)
    for value, _count in column_values(source):
        if value is not None and value not in mapping and value.strip().lower() in by_text:
            mapping[value] = by_text[value.strip().lower()]
    return mapping


def column_named(schema, names):
    """The first column of a layer version's ``schema`` named like one of
    ``names`` (any case, in that order); None when none is."""
    columns = {f["name"].upper(): f["name"] for f in schema}
    return next((columns[name.upper()] for name in names if name.upper() in columns), None)


def suggest_hierarchy(plan):
    """{wp_column, swp_column, blok_column}: the plan's own choice, else for an
    RDTR the first column of the layer named like HIERARCHY_NAMES (any case)."""
    suggested = {}
    for field, names in HIERARCHY_NAMES.items():
        chosen = getattr(plan, field)
        if not chosen and plan.jenis == Plan.Jenis.RDTR:
            chosen = column_named(plan.layer_version.schema, names) or ""
        suggested[field] = chosen
    return suggested


def clean_hierarchy(version, columns):
    """The WP/SWP/blok columns given in ``columns`` ("" or None for none), each
    checked to be a column of the layer version; a ValidationError names the first
    that is not."""
    known = {f["name"] for f in version.schema}
    cleaned = {}
    for field, level in HIERARCHY_LEVELS.items():
        if field not in columns:
            continue
        value = "" if columns[field] is None else columns[field]
        if not isinstance(value, str) or (value and value not in known):
            raise Invalid(
                _("The layer has no column '%(column)s' for the %(level)s.") % {"column": value, "level": level},
                parameter=field,
            )
        cleaned[field] = value
    return cleaned


def set_hierarchy(plan, columns):
    """Set the plan's WP/SWP/blok columns; they take effect at the next activation."""
    cleaned = clean_hierarchy(plan.layer_version, columns)
    for field, value in cleaned.items():
        setattr(plan, field, value)
    plan.save(update_fields=list(cleaned))
    return plan


def hierarchy_summary(plan):
    """WP -> SWP -> blok of the plan's zones: nested dicts with the zone count and
    area (ha, EPSG:32748) at each level; [] when no zone names its WP/SWP/blok."""
    rows = sorted(plan.zones.hierarchy(), key=lambda row: [natural_key(row[k]) for k in ("wp", "swp", "blok")])
    if not any(row["wp"] or row["swp"] or row["blok"] for row in rows):
        return []
    tree = {}
    for row in rows:
        wp = tree.setdefault(row["wp"], {"wp": row["wp"], "zones": 0, "luas_ha": 0.0, "swp": {}})
        swp = wp["swp"].setdefault(row["swp"], {"swp": row["swp"], "zones": 0, "luas_ha": 0.0, "blok": []})
        swp["blok"].append({"blok": row["blok"], "zones": row["zones"], "luas_ha": round(row["luas_ha"], 4)})
        for level in (wp, swp):
            level["zones"] += row["zones"]
            level["luas_ha"] += row["luas_ha"]
    return [
        {
            **wp,
            "luas_ha": round(wp["luas_ha"], 4),
            "swp": [{**swp, "luas_ha": round(swp["luas_ha"], 4)} for swp in wp["swp"].values()],
        }
        for wp in tree.values()
    ]


def natural_key(code):
    """Sort key putting "A.2" before "A.10"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code) if part]


def unmapped_values(source):
    return [(value, count) for value, count in column_values(source) if value is None or value not in source.mapping]


def set_mapping(source, mapping):
    """Merge ``mapping`` ({value: class code}) into the source; unknown codes are refused."""
    if not all(isinstance(code, str) for code in mapping.values()):
        raise Invalid(_("Each value of 'mapping' must be a class code (text)."), parameter="mapping")
    known = set(class_choices(source).values_list("kode", flat=True))
    wrong = sorted({str(code) for code in mapping.values() if not isinstance(code, str) or code not in known})
    if wrong:
        raise Invalid(_("Unknown class codes: %(codes)s.") % {"codes": ", ".join(wrong)})
    source.mapping = {**source.mapping, **mapping}
    source.save(update_fields=["mapping"])
    return source


def create_draft(model, data):
    """A draft Plan or LandUse (``model``) on an imported polygon layer, from the
    API's {layer, version?, class_column, nama?, year, and for a plan jenis,
    legal_basis, scheme?, wilayah_perencanaan?, wp/swp/blok_column?, struktur?};
    values of the class column equal to a class code or name come mapped.
    Invalid says what is wrong; nothing is created then."""
    version = _draft_version(data)
    column = body.text(data.get("class_column"), "class_column", 100)
    if column not in [f["name"] for f in version.schema]:
        raise Invalid(_("The layer has no column '%(column)s'.") % {"column": column})
    fields = {
        "nama": body.text(data.get("nama"), "nama", 200) or version.layer.title,
        "layer_version": version,
        "class_column": column,
        **_draft_fields(model, data),
    }
    if model is Plan:
        # Columns given win; the rest are suggested from their names (RDTR).
        given = {field: data[field] for field in HIERARCHY_LEVELS if field in data}
        fields.update(clean_hierarchy(version, {**suggest_hierarchy(Plan(**fields)), **given}))
    # Checked before the plan is created, so that a refused list leaves no draft behind.
    structure = struktur.clean(data["struktur"]) if model is Plan and "struktur" in data else []
    source = model.objects.create(**fields)
    if structure:
        source.struktur.set(structure)
    return set_mapping(source, suggest_mapping(source))


def change_source(source, data):
    """Apply the API's {"mapping": {value: class code}} and, for a plan,
    wp_column/swp_column/blok_column and "struktur" (slugs of line or point
    layers; [] unlinks every layer) to ``source``, all or nothing."""
    is_plan = isinstance(source, Plan)
    columns = {f: data[f] for f in HIERARCHY_LEVELS if f in data} if is_plan else {}
    structure = struktur.clean(data["struktur"]) if is_plan and "struktur" in data else None
    mapping = data.get("mapping")
    # A plan's columns or struktur may come without a mapping; anything else needs one.
    if not isinstance(mapping, dict) and not (mapping is None and (columns or structure is not None)):
        raise Invalid(_("'mapping' must be an object of value: class code."))
    with transaction.atomic():
        if columns:
            set_hierarchy(source, columns)
        if mapping:
            set_mapping(source, mapping)
        if structure is not None:
            source.struktur.set(structure)
    return source


def _draft_version(data):
    """The published polygon layer version a draft is made of: ``version`` of
    ``layer``, else its published one. A plan or land use is made of what DTRB
    reviewed and published, never of a draft or an upload awaiting review."""
    slug = body.text(data.get("layer"), "layer", 50)
    layer = Layer.objects.filter(slug=slug).first()
    if layer is None:
        raise Invalid(_("Layer '%(slug)s' not found.") % {"slug": slug})
    number = body.whole_number(data.get("version"), "version", high=2**31 - 1)
    version = layer.versions.filter(number=number).first() if number else layer.published_version
    if version is None and number:
        raise Invalid(_("Layer '%(slug)s' has no version %(number)s.") % {"slug": slug, "number": number})
    if version is None:
        raise Invalid(
            _(
                "Layer '%(slug)s' has no published version yet: only a version reviewed and published by DTRB "
                "can become a plan or a land use."
            )
            % {"slug": slug}
        )
    if version.status != LayerVersion.Status.PUBLISHED:
        raise Invalid(
            _(
                "Version %(number)s of layer '%(slug)s' is not published: only a version reviewed and published "
                "by DTRB can become a plan or a land use."
            )
            % {"slug": slug, "number": number}
        )
    if version.geometry_kind != "polygon":
        raise Invalid(_("A plan or land-use layer must hold polygons."))
    return version


def _draft_fields(model, data):
    """The fields of a draft plan (jenis, scheme, legal basis, year, WP) or land use (year)."""
    year = body.whole_number(data.get("year"), "year", low=1900, high=2100)
    if model is not Plan:
        fields = {"year": year}
    else:
        fields = {
            "jenis": body.text(data.get("jenis"), "jenis", 4),
            "scheme": body.text(data.get("scheme"), "scheme", 10, default=Scheme.S2021),
            "legal_basis": body.text(data.get("legal_basis"), "legal_basis", 200),
            "year": year,
            "wilayah_perencanaan": body.text(data.get("wilayah_perencanaan"), "wilayah_perencanaan", 100),
        }
    if year is None or (model is Plan and not (fields["jenis"] and fields["legal_basis"])):
        raise Invalid(_("Give jenis, legal_basis and year (plans) or year (land use)."))
    if model is Plan and fields["jenis"] not in Plan.Jenis.values:
        raise Invalid(_("'jenis' must be RTRW or RDTR."), parameter="jenis")
    if model is Plan and fields["scheme"] not in Scheme.values:
        raise Invalid(
            _("'scheme' must be one of: %(schemes)s.") % {"schemes": ", ".join(Scheme.values)}, parameter="scheme"
        )
    return fields


def _class_ids(source):
    if isinstance(source, Plan):
        return {kode: cls.pk for kode, cls in PlanClass.objects.for_plan(source).items()}
    return {c.kode: c.pk for c in LandUseClass.objects.all()}


@transaction.atomic
def activate(source):
    """Materialise the mapped features and make this source the active one."""
    missing = unmapped_values(source)
    if missing:
        raise Invalid(
            _("Map every value of column '%(column)s' first; unmapped: %(values)s.")
            % {"column": source.class_column, "values": ", ".join(str(v) for v, _c in missing[:20])}
        )
    ids = _class_ids(source)
    values = list(source.mapping)
    class_ids = [ids[source.mapping[v]] for v in values]
    if isinstance(source, Plan):
        PlanZone.objects.filter(plan=source).delete()
        sql, table, column = _ZONE_SQL, "tataruang_planzone", "plan"
        previous = Plan.objects.filter(
            jenis=source.jenis, status=Plan.Status.ACTIVE, wilayah_perencanaan=source.wilayah_perencanaan
        )
    else:
        LandUseParcel.objects.filter(land_use=source).delete()
        sql, table, column = _PARCEL_SQL, "tataruang_landuseparcel", "land_use"
        previous = LandUse.objects.filter(year=source.year, status=LandUse.Status.ACTIVE)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.format(table=table, column=column, features=Feature.objects.sql_source(source.layer_version_id)),
            {
                "source": source.pk,
                "values": values,
                "ids": class_ids,
                "col": source.class_column,
                "keys": list(INTENSITY_KEYS),
                "grid": PRECISION_GRID,
                **{
                    level: getattr(source, f"{level}_column", "") if isinstance(source, Plan) else ""
                    for level in ("wp", "swp", "blok")
                },
            },
        )
        _cut_overlaps(cursor, source, table, column)
    previous.exclude(pk=source.pk).update(status=Plan.Status.ARCHIVED)
    source.status = Plan.Status.ACTIVE
    source.activated_at = timezone.now()
    source.save(update_fields=["status", "activated_at"])
    # Its layer drawn by class on every map, not in one flat colour.
    class_styles.style_source_layer(source)
    return source


# Pieces smaller than this are the precision grid's noise, cut like the others
# but left out of the owner's report (overlap_summary).
OVERLAP_REPORT_MIN_M2 = 1.0

# Raw SQL: every two features of the source that share area (DE-9IM 2********,
# not a shared edge), the piece kept by the lower feature id; one UPDATE takes
# each loser's pieces from the snapshot of the winners, so a point under three
# features stays with the lowest, whatever the order of the rows. On PostGIS's
# fixed-precision grid, as the copy above.
_OVERLAP_SQL = """
CREATE TEMP TABLE _overlap AS
SELECT a.id AS loser, a.feature_id, b.id AS winner, b.feature_id AS kept_by,
       ST_Multi(ST_CollectionExtract(ST_Intersection(a.geom, b.geom, %(grid)s), 3)) AS geom
FROM {table} a
JOIN {table} b ON b.{column}_id = %(source)s AND b.geom && a.geom AND b.feature_id < a.feature_id
WHERE a.{column}_id = %(source)s AND ST_Relate(a.geom, b.geom, '2********');
UPDATE {table} t SET geom = ST_Multi(ST_CollectionExtract(ST_Difference(t.geom, w.geom, %(grid)s), 3))
FROM (SELECT o.loser, ST_Union(b.geom, %(grid)s) AS geom
      FROM _overlap o JOIN {table} b ON b.id = o.winner GROUP BY o.loser) w
WHERE t.id = w.loser;
DELETE FROM {table} WHERE {column}_id = %(source)s AND ST_IsEmpty(geom);
INSERT INTO tataruang_overlap ({column}_id, feature_id, kept_by, luas_m2, geom)
SELECT %(source)s, feature_id, kept_by, ST_Area(ST_Transform(geom, %(metric_srid)s)), geom
FROM _overlap WHERE NOT ST_IsEmpty(geom);
DROP TABLE _overlap;
"""


def _cut_overlaps(cursor, source, table, column):
    """Cut the overlaps between the features just copied (Overlap: the lower
    feature id keeps a piece) so the indicator counts each square metre once."""
    Overlap.objects.filter(**{column: source}).delete()
    cursor.execute(
        _OVERLAP_SQL.format(table=table, column=column),
        {"source": source.pk, "grid": PRECISION_GRID, "metric_srid": settings.METRIC_SRID},
    )


def overlap_summary(source):
    """{jumlah, luas_m2, luas_ha, kecil}: the overlaps found at activation of at
    least OVERLAP_REPORT_MIN_M2 (count, area in EPSG:32748) and how many smaller
    pieces were cut as well."""
    large = Q(luas_m2__gte=OVERLAP_REPORT_MIN_M2)
    found = source.overlaps.aggregate(
        n=Count("id", filter=large), m2=Sum("luas_m2", filter=large), kecil=Count("id", filter=~large)
    )
    return {
        "jumlah": found["n"],
        "luas_m2": round(found["m2"] or 0, 1),
        "luas_ha": round((found["m2"] or 0) / 10_000, 4),
        "kecil": found["kecil"],
    }


# Raw SQL: a set-based copy of up to 10^6 features with the mapping as a join;
# {features} is the layer version's own feature table (FeatureQuerySet.sql_source).
_MAPPING_JOIN = """
    FROM {features} f
    JOIN unnest(%(values)s::text[], %(ids)s::bigint[]) AS m(value, class_id) ON m.value = f.attrs->>%(col)s
    WHERE ST_Dimension(f.geom) = 2
"""
# A blank hierarchy column reads attrs->>'' (NULL): the zone's wp/swp/blok stay ''.
_ZONE_SQL = (
    "INSERT INTO {table} ({column}_id, plan_class_id, feature_id, attrs, wp, swp, blok, geom) "
    "SELECT %(source)s, m.class_id, f.id, "
    "  COALESCE((SELECT jsonb_object_agg(upper(k), v) FROM jsonb_each(f.attrs) AS e(k, v) "
    "            WHERE upper(k) = ANY(%(keys)s) AND v <> 'null'::jsonb), '{{}}'::jsonb), "
    "  COALESCE(left(btrim(f.attrs->>%(wp)s), 100), ''), COALESCE(left(btrim(f.attrs->>%(swp)s), 100), ''), "
    "  COALESCE(left(btrim(f.attrs->>%(blok)s), 100), ''), "
    "  ST_Multi(ST_ReducePrecision(f.geom, %(grid)s))" + _MAPPING_JOIN
)
_PARCEL_SQL = (
    "INSERT INTO {table} ({column}_id, land_use_class_id, feature_id, geom) "
    "SELECT %(source)s, m.class_id, f.id, ST_Multi(ST_ReducePrecision(f.geom, %(grid)s))" + _MAPPING_JOIN
)
