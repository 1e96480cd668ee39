"""Layer styles: a single colour, or categories of one attribute; icons for points.

A style is plain JSON so the map, the legend and the API share it:
    {"type": "single", "color": "#1f78b4", "icon": "school"}
    {"type": "categorized", "attribute": "jenis", "default_color": "#999999",
     "categories": [{"value": "SD", "label": "SD", "color": "#e31a1c", "icon": "school"}]}
"""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

ICONS = (
    "circle",
    "school",
    "hospital",
    "bus",
    "trash",
    "water",
    "warning",
    "building",
    "tree",
    "factory",
    "market",
    "office",
    "camera",
    "wifi",
    "fish",
    "bridge",
    "traffic",
    "book",
    "sport",
    "home",
)
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _color(value, where):
    if not isinstance(value, str) or not COLOR.match(value):
        raise ValidationError(_("%(where)s: a colour must look like #1f78b4.") % {"where": where})
    return value.lower()


def _icon(value, where):
    if value in (None, ""):
        return None
    if value not in ICONS:
        raise ValidationError(
            _("%(where)s: unknown icon '%(icon)s'; choose one of %(icons)s.")
            % {"where": where, "icon": value, "icons": ", ".join(ICONS)}
        )
    return value


def validate_style(style):
    if not isinstance(style, dict):
        raise ValidationError(_("The style must be a JSON object."))
    kind = style.get("type", "single")
    if kind == "single":
        clean = {"type": "single", "color": _color(style.get("color", "#1f78b4"), "color")}
        if icon := _icon(style.get("icon"), "icon"):
            clean["icon"] = icon
        return clean
    if kind != "categorized":
        raise ValidationError(_("The style type must be 'single' or 'categorized'."))
    attribute = style.get("attribute")
    categories = style.get("categories")
    if not isinstance(attribute, str) or not attribute:
        raise ValidationError(_("A categorized style needs the attribute to categorise by."))
    if not isinstance(categories, list) or not categories:
        raise ValidationError(_("A categorized style needs at least one category."))
    clean_categories = []
    for index, category in enumerate(categories, start=1):
        if not isinstance(category, dict) or "value" not in category:
            raise ValidationError(_("Category %(n)d needs a value.") % {"n": index})
        entry = {
            "value": category["value"],
            "label": str(category.get("label") or category["value"])[:100],
            "color": _color(category.get("color"), _("category %(n)d") % {"n": index}),
        }
        if icon := _icon(category.get("icon"), _("category %(n)d") % {"n": index}):
            entry["icon"] = icon
        clean_categories.append(entry)
    return {
        "type": "categorized",
        "attribute": attribute,
        "categories": clean_categories,
        "default_color": _color(style.get("default_color", "#999999"), "default_color"),
    }
