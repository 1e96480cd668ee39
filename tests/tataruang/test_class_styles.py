"""Activating a plan or a land use gives its source layer a style by class
(tataruang.class_styles): categorized on the class column, each value in its
class's official colour (data/tataruang/klasifikasi_rencana.csv), so the layer
is not drawn in one flat colour; a style its owner chose by an attribute stays."""

import pytest

from layers.models import Layer
from tataruang import services
from tataruang.class_styles import LAND_USE_COLOURS, class_style

pytestmark = pytest.mark.django_db


def test_the_plan_layer_is_drawn_by_class_in_the_official_colours(half_and_half):
    plan, _land_use = half_and_half
    style = Layer.objects.get(pk=plan.layer_version.layer_id).style
    assert style["type"] == "categorized" and style["attribute"] == "NAMOBJ"
    colours = {c["value"]: (c["label"], c["color"]) for c in style["categories"]}
    # KPI #690000 and PS #05d7d7 (domain-tataruang.md 1.4: Kawasan Peruntukan Industri, Perlindungan Setempat).
    assert colours == {
        "Kawasan Peruntukan Industri": ("Kawasan Peruntukan Industri (KPI)", "#690000"),
        "Kawasan Perlindungan Setempat": ("Kawasan Perlindungan Setempat (PS)", "#05d7d7"),
    }


def test_the_land_use_layer_is_drawn_by_category(half_and_half):
    _plan, land_use = half_and_half
    style = Layer.objects.get(pk=land_use.layer_version.layer_id).style
    # "Industri dan Pergudangan" -> industri (terbangun_industri): the colour of Kawasan Peruntukan Industri.
    assert style["categories"] == [
        {
            "value": "Industri dan Pergudangan",
            "label": "Industri dan Pergudangan (industri)",
            "color": LAND_USE_COLOURS["terbangun_industri"],
        }
    ]
    assert LAND_USE_COLOURS["terbangun_industri"] == "#690000"


def test_an_owner_style_by_attribute_stays(half_and_half):
    plan, _land_use = half_and_half
    layer = plan.layer_version.layer
    own = {
        "type": "categorized",
        "attribute": "NAMOBJ",
        "default_color": "#123456",
        "categories": [{"value": "x", "label": "x", "color": "#abcdef"}],
    }
    Layer.objects.filter(pk=layer.pk).update(style=own)
    services.activate(plan)
    assert Layer.objects.get(pk=layer.pk).style == own
    computed = {c["value"]: c["color"] for c in class_style(plan)["categories"]}
    assert computed["Kawasan Peruntukan Industri"] == "#690000"
