"""The map style of a plan's or a land use's source layer, by class: the layer
is drawn categorized on its class column, each value in the colour of the
class it is mapped to, so the raw layer on the public map and the layer page
shows the zoning instead of one flat colour.

Plan classes carry their official fill colour (``PlanClass.warna``,
../shared/reference/domain-tataruang.md 1.4). Land-use classes have none;
each category takes the colour of the plan class of the same meaning
(settlements as Permukiman Perkotaan, wet fields as Tanaman Pangan, ...), and
the three categories without a counterpart in 1.4 (commerce, public
buildings, vegetation) and bare land a colour of their own (marked below).
"""

from layers.styles import MAX_CATEGORIES, validate_style

from .models import LandUseClass, Plan, PlanClass

FALLBACK = "#999999"
LAND_USE_COLOURS = {
    "air": "#97dbf2",  # Badan Air
    "hutan": "#325f28",  # Hutan Lindung
    "mangrove": "#2d966e",  # Ekosistem Mangrove
    "perikanan": "#82b9d2",  # Perikanan Budi Daya
    "pertanian_basah": "#c8f546",  # Tanaman Pangan
    "pertanian_kering": "#afaf37",  # Perkebunan
    "terbangun_hunian": "#f59b1e",  # Permukiman Perkotaan
    "terbangun_industri": "#690000",  # Kawasan Peruntukan Industri
    "terbangun_komersial": "#e0484f",  # not in 1.4: a red between housing and industry
    "terbangun_umum": "#b07cc6",  # not in 1.4
    "vegetasi": "#7fbf5a",  # not in 1.4: green space
    "kosong": "#d9d9d9",  # not in 1.4: bare land
}


def class_colours(source):
    """{class code: colour} of the classification ``source`` (a Plan or a LandUse) is mapped to."""
    if isinstance(source, Plan):
        return {kode: cls.warna.lower() for kode, cls in PlanClass.objects.for_plan(source).items()}
    return {c.kode: LAND_USE_COLOURS.get(c.kategori, FALLBACK) for c in LandUseClass.objects.all()}


def class_style(source):
    """The categorized style (layers.styles) of ``source``'s layer on its class
    column: one category per mapped value (the first MAX_CATEGORIES by value),
    labelled "value (class code)", in its class's colour."""
    colours = class_colours(source)
    categories = [
        {"value": value, "label": f"{value} ({kode})", "color": colours.get(kode, FALLBACK)}
        for value, kode in sorted(source.mapping.items())[:MAX_CATEGORIES]
    ]
    return validate_style(
        {
            "type": "categorized",
            "attribute": source.class_column,
            "categories": categories,
            "default_color": FALLBACK,
        }
    )


def style_source_layer(source):
    """Give ``source``'s layer its class style, unless its owner chose a style by an attribute."""
    layer = source.layer_version.layer
    if (layer.style or {}).get("type") in ("categorized", "graduated") or not source.mapping:
        return False
    layer.style = class_style(source)
    layer.save(update_fields=["style", "updated_at"])
    return True
