"""The candidate API behind the registration form of a plan or land-use layer:
published polygon layers only, columns ranked by their share of class codes,
values with features and hectares (EPSG:32748), planners only.

The layer: three zones on the UTM grid (tests/browser/test_daftar_rencana.ZONES):
KODE "KPI" twice (400 m x 500 m = 20.00 ha each) and "SMP-KALI" (400 m x 250 m = 10.00 ha)."""

import pytest

from tests.browser.test_daftar_rencana import ZONES
from tests.factories.plans import polygon_layer

pytestmark = pytest.mark.django_db

CALON = "/api/tataruang/calon/"


@pytest.fixture
def layers(users, opd, reference):
    published = polygon_layer(users, opd, "rtrw-baru", ZONES, publish=True)
    draft = polygon_layer(users, opd, "rtrw-draf", ZONES)
    return published, draft


def test_planners_see_published_polygon_layers_only(layers, client_for):
    body = client_for("dtrb").get(CALON).json()
    assert [layer["slug"] for layer in body] == ["rtrw-baru"]
    assert body[0] == {
        "slug": "rtrw-baru",
        "title": "rtrw-baru",
        "layer_version": 1,
        "feature_count": 3,
        "is_sample": False,
        "label": "",
        "columns": ["KODE", "NAMA"],
    }
    assert client_for("dtrb").get(CALON + "rtrw-draf/kolom/").status_code == 404


@pytest.mark.parametrize("role", [None, "dinkes"])
@pytest.mark.parametrize("path", ["", "rtrw-baru/kolom/", "rtrw-baru/nilai/?kolom=KODE"])
def test_only_planners(layers, client_for, role, path):
    answer = client_for(role).get(CALON + path)
    assert answer.status_code in (401, 403)
    assert "perencana DTRB" in answer.json()["detail"] or answer.status_code == 401


def test_columns_ranked_and_values_with_areas(layers, client_for):
    planner = client_for("dtrb")
    columns = planner.get(CALON + "rtrw-baru/kolom/", {"jenis": "RTRW"}).json()["columns"]
    # KODE: 2 of 3 features are a class code (66.7%); NAMA: none.
    assert [(c["name"], c["cocok"], c["fitur"], c["persen_cocok"], c["disarankan"]) for c in columns] == [
        ("KODE", 2, 3, 66.7, True),
        ("NAMA", 0, 3, 0.0, False),
    ]
    values = planner.get(CALON + "rtrw-baru/nilai/", {"jenis": "RTRW", "kolom": "KODE"}).json()
    assert [(v["value"], v["fitur"], v["kelas"]) for v in values["values"]] == [
        ("KPI", 2, "KPI"),
        ("SMP-KALI", 1, None),
    ]
    assert [v["luas_ha"] for v in values["values"]] == pytest.approx([40.0, 10.0], abs=0.001)
    assert [v["kelas_nama"] for v in values["values"]] == ["Kawasan Peruntukan Industri", None]
    assert [v["value"] for v in values["unmapped"]] == ["SMP-KALI"]
    assert (values["unmapped_fitur"], values["unmapped_luas_ha"]) == (1, pytest.approx(10.0, abs=0.001))
    # As land use, no KODE value is a land-use class.
    land = planner.get(CALON + "rtrw-baru/nilai/", {"jenis": "lahan", "kolom": "KODE"}).json()
    assert [v["kelas"] for v in land["values"]] == [None, None]


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ({"jenis": "RTRX", "kolom": "KODE"}, "'jenis' harus salah satu dari: RTRW, RDTR, lahan."),
        ({"jenis": "RTRW", "scheme": "1999", "kolom": "KODE"}, "'scheme' harus salah satu dari: 2021, pra2021."),
        ({"jenis": "RTRW", "kolom": "TIDAK_ADA"}, "Layer tidak memiliki kolom 'TIDAK_ADA'."),
        ({"jenis": "RTRW"}, "Layer tidak memiliki kolom ''."),
    ],
)
def test_bad_parameters(layers, client_for, query, detail):
    answer = client_for("dtrb").get(CALON + "rtrw-baru/nilai/", query)
    assert answer.status_code == 400 and answer.json()["detail"] == detail
