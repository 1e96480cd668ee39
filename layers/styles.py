"""Layer styles: a single colour, categories of one attribute, or graduated
classes of a numeric attribute; icons for points.

A style is plain JSON so the map, the legend and the API share it:
    {"type": "single", "color": "#1f78b4", "icon": "school"}
    {"type": "categorized", "attribute": "jenis", "default_color": "#999999",
     "categories": [{"value": "SD", "label": "SD", "color": "#e31a1c", "icon": "school"}]}
    {"type": "graduated", "attribute": "luas_m2", "method": "quantile", "default_color": "#999999",
     "classes": [{"min": 0, "max": 120.5, "label": "0 - 120,5", "color": "#fee5d9"}, ...]}
A graduated class holds min <= value < max (the last one also its max); the
classes ascend without gaps or overlaps.
"""

import math
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
STYLE_TYPES = ("single", "categorized", "graduated")
GRADUATED_METHODS = ("quantile", "equal", "manual")
MAX_CLASSES = 9
MAX_CATEGORIES = 50


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
    if kind == "graduated":
        return _graduated(style)
    if kind != "categorized":
        raise ValidationError(_("The style type must be 'single', 'categorized' or 'graduated'."))
    attribute = style.get("attribute")
    categories = style.get("categories")
    if not isinstance(attribute, str) or not attribute:
        raise ValidationError(_("A categorized style needs the attribute to categorise by."))
    if not isinstance(categories, list) or not categories:
        raise ValidationError(_("A categorized style needs at least one category."))
    if len(categories) > MAX_CATEGORIES:
        raise ValidationError(_("A style has at most %(n)d categories.") % {"n": MAX_CATEGORIES})
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


def _bound(value, where):
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(_("%(where)s: the class bounds must be numbers.") % {"where": where})
    return value


def _graduated(style):
    """A graduated style: 2 to MAX_CLASSES ascending classes of a numeric attribute."""
    attribute = style.get("attribute")
    classes = style.get("classes")
    method = style.get("method", "manual")
    if not isinstance(attribute, str) or not attribute:
        raise ValidationError(_("A graduated style needs the numeric attribute to classify by."))
    if method not in GRADUATED_METHODS:
        raise ValidationError(
            _("The classification method must be one of %(methods)s.") % {"methods": ", ".join(GRADUATED_METHODS)}
        )
    if not isinstance(classes, list) or not 1 <= len(classes) <= MAX_CLASSES:
        raise ValidationError(_("A graduated style needs 1 to %(n)d classes.") % {"n": MAX_CLASSES})
    clean = []
    for index, item in enumerate(classes, start=1):
        where = _("class %(n)d") % {"n": index}
        if not isinstance(item, dict):
            raise ValidationError(_("%(where)s: a class must be a JSON object.") % {"where": where})
        low, high = _bound(item.get("min"), where), _bound(item.get("max"), where)
        if low > high:
            raise ValidationError(_("%(where)s: min must not be above max.") % {"where": where})
        if clean and low != clean[-1]["max"]:
            raise ValidationError(_("%(where)s must start where the class before it ends.") % {"where": where})
        entry = {"min": low, "max": high, "color": _color(item.get("color"), where)}
        entry["label"] = str(item.get("label") or f"{low} - {high}")[:100]
        clean.append(entry)
    return {
        "type": "graduated",
        "attribute": attribute,
        "method": method,
        "classes": clean,
        "default_color": _color(style.get("default_color", "#999999"), "default_color"),
    }
