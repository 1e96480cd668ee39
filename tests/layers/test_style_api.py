"""The style API of a layer: graduated classes and frequent values computed
over every feature (GET /api/layers/<slug>/gaya/kelas/), and saving a style
(PUT /api/layers/<slug>/gaya/) by its owner only, validated."""

import pytest

from tests.factories.layers import published_layer
from tests.layers.files import point_feature

pytestmark = pytest.mark.django_db

# Ten points with luas 1..10 and jenis "SD" (6) / "SMP" (3) / none (1).
LUAS = list(range(1, 11))
JENIS = ["SD"] * 6 + ["SMP"] * 3 + [None]


@pytest.fixture
def layer(users, opd):
    features = [
        point_feature(106.60 + i * 0.001, -6.24, luas=luas, **({"jenis": jenis} if jenis else {}))
        for i, (luas, jenis) in enumerate(zip(LUAS, JENIS, strict=True))
    ]
    return published_layer(users["dinkes"], opd["dinkes"], "Titik gaya", features, users["dtrb"])


def url(layer, suffix=""):
    return f"/api/layers/{layer.slug}/gaya/{suffix}"


def test_equal_classes_of_a_numeric_attribute(client_for, layer):
    answer = client_for().get(url(layer, "kelas/"), {"kolom": "luas", "metode": "equal", "kelas": 3})
    assert answer.status_code == 200
    data = answer.json()
    assert data["type"] in ("integer", "number")
    # Width (10 - 1) / 3 = 3: [1, 4) holds 1,2,3; [4, 7) 4,5,6; [7, 10] 7,8,9,10.
    assert data["classes"] == [
        {"min": 1.0, "max": 4.0, "count": 3},
        {"min": 4.0, "max": 7.0, "count": 3},
        {"min": 7.0, "max": 10.0, "count": 4},
    ]


def test_quantile_classes_hold_about_as_many_features(client_for, layer):
    data = client_for().get(url(layer, "kelas/"), {"kolom": "luas", "metode": "quantile", "kelas": 2}).json()
    # percentile_disc(0, 0.5, 1) of 1..10 = 1, 5, 10: [1, 5) holds 1-4, [5, 10] 5-10.
    assert data["classes"] == [{"min": 1.0, "max": 5.0, "count": 4}, {"min": 5.0, "max": 10.0, "count": 6}]


def test_frequent_values_of_a_text_attribute(client_for, layer):
    data = client_for().get(url(layer, "kelas/"), {"kolom": "jenis"}).json()
    assert data["classes"] == []
    assert data["values"] == [{"value": "SD", "count": 6}, {"value": "SMP", "count": 3}]
    assert (data["others"], data["empty"]) == (0, 1)


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({}, "kolom"),
        ({"kolom": "tidak-ada"}, "kolom"),
        ({"kolom": "luas", "metode": "x"}, "metode"),
        ({"kolom": "luas", "kelas": 20}, "kelas"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client_for, layer, params, parameter):
    answer = client_for().get(url(layer, "kelas/"), params)
    assert answer.status_code == 400
    assert answer.json()["parameter"] == parameter


GRADUATED = {
    "type": "graduated",
    "attribute": "luas",
    "method": "equal",
    "classes": [
        {"min": 1, "max": 4, "label": "1 - 4", "color": "#FEE5D9"},
        {"min": 4, "max": 10, "label": "4 - 10", "color": "#a50f15"},
    ],
}


def test_the_owner_saves_a_graduated_style(client_for, layer):
    answer = client_for("dinkes").put(url(layer), {"style": GRADUATED}, format="json")
    assert answer.status_code == 200, answer.json()
    layer.refresh_from_db()
    assert layer.style["type"] == "graduated"
    assert layer.style["classes"][0] == {"min": 1, "max": 4, "label": "1 - 4", "color": "#fee5d9"}
    assert client_for().get(url(layer)).json()["style"] == layer.style


@pytest.mark.parametrize("role, status", [(None, 403), ("bpbd", 403), ("dtrb", 200)])
def test_only_the_owner_or_a_planner_saves(client_for, layer, role, status):
    answer = client_for(role).put(url(layer), {"style": GRADUATED}, format="json")
    assert answer.status_code == status


@pytest.mark.parametrize(
    "style",
    [
        {**GRADUATED, "classes": [{"min": 1, "max": 4, "color": "#ffffff"}, {"min": 5, "max": 9, "color": "#000000"}]},
        {**GRADUATED, "classes": [{"min": 4, "max": 1, "color": "#ffffff"}]},
        {**GRADUATED, "classes": [{"min": "a", "max": 1, "color": "#ffffff"}]},
        {**GRADUATED, "method": "jenks"},
        {**GRADUATED, "classes": []},
        {"type": "heatmap"},
    ],
)
def test_a_bad_style_is_a_400_in_indonesian(client_for, layer, style):
    answer = client_for("dinkes").put(url(layer), {"style": style}, format="json")
    assert answer.status_code == 400
    # In Bahasa Indonesia (the client asks for id).
    assert any(word in str(answer.json()) for word in ("kelas", "Gaya", "gaya", "Metode", "harus"))


def test_a_body_without_style_is_a_400(client_for, layer):
    assert client_for("dinkes").put(url(layer), [1, 2], format="json").status_code == 400
