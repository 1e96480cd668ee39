"""Which zones decide a KKPR verdict (tataruang.kkpr_putusan): slivers along a
parcel's edge never do. On the half-and-half plan (tests/factories/plans.py):
KPI west of x = CX, PS (sempadan) east of it, 500 m each side, 1 km tall; in the
ITBX matrix "pabrik" is I in KPI and X in PS."""

import pytest
from django.core.management import call_command
from django.utils import translation

from tataruang import kkpr_putusan
from tests.factories.grid import CX, CY, rect

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(half_and_half):
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    return half_and_half[0]


def post(client_for, coordinates, kegiatan="pabrik"):
    parcel = {"type": "Polygon", "coordinates": coordinates}
    response = client_for().post("/api/tataruang/kkpr/", {"geometry": parcel, "kegiatan": kegiatan}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_one_percent_forbidden_sliver_does_not_decide(plan, client_for):
    # 100 m x 100 m = 1.00 ha from x = CX - 99 to CX + 1: 99 m x 100 m = 0.99 ha (99%) in KPI,
    # 1 m x 100 m = 0.01 ha (1%) in PS. 1% < 2% and 0.01 ha < 1 ha: the sliver does not decide.
    body = post(client_for, rect(CX - 99, CY - 50, CX + 1, CY + 50))
    zones = {z["kode"]: z for z in body["zona"]}
    assert (zones["KPI"]["persen"], zones["KPI"]["luas_ha"], zones["KPI"]["menentukan"]) == (99.0, 0.99, True)
    assert (zones["PS"]["persen"], zones["PS"]["luas_ha"], zones["PS"]["menentukan"]) == (1.0, 0.01, False)
    assert zones["PS"]["itbx"] == "X"  # forbidden there, but it does not decide
    assert body["itbx"] == "I" and body["putusan"]["itbx"] == "I" and body["putusan"]["zona"] == "KPI"
    # The rule names the deciding zone with its share and area, in Indonesian.
    assert body["putusan"]["aturan"] == (
        "Diizinkan: zona KPI (99,00% luas persil, 0,99 ha) mengizinkan kegiatan ini. "
        "1 zona kecil di tepi persil tidak menentukan."
    )
    assert "2%" in body["putusan"]["ambang"] and "1 ha" in body["putusan"]["ambang"]
    # Each zone comes with its part of the parcel to draw, in lon/lat.
    assert zones["KPI"]["geometri"]["type"] in ("Polygon", "MultiPolygon")
    assert zones["KPI"]["warna"].startswith("#")


def test_a_zone_over_the_threshold_decides(plan, client_for):
    # 100 m x 100 m from CX - 95 to CX + 5: 5 m x 100 m = 0.05 ha (5%) in PS: 5% >= 2%, PS decides, X.
    body = post(client_for, rect(CX - 95, CY - 50, CX + 5, CY + 50))
    assert body["itbx"] == "X" and body["putusan"]["zona"] == "PS"
    assert body["putusan"]["aturan"].startswith("Tidak diizinkan: zona PS (5,00% luas persil, 0,05 ha)")


def test_a_hectare_decides_in_a_large_parcel(plan, client_for):
    # 1,511 m x 990 m = 149.589 ha, reaching 1 km west of the plan; PS holds 11 m x 990 m
    # = 1.089 ha = 0.73% of it: under 2%, but over 1 ha and over the 0.1% sliver floor, so it decides.
    body = post(client_for, rect(CX - 1500, CY - 495, CX + 11, CY + 495))
    assert body["lokasi"]["luas_ha"] == pytest.approx(149.59, abs=0.01)
    ps = next(z for z in body["zona"] if z["kode"] == "PS")
    assert ps["luas_ha"] == pytest.approx(1.09, abs=0.01) and ps["persen"] == pytest.approx(0.73, abs=0.01)
    assert ps["menentukan"] is True and body["itbx"] == "X"


def test_a_point_is_decided_by_its_zone():
    zone = {"kode": "R-2", "porsi": 1.0, "persen": 100.0, "luas_ha": None, "itbx": "T"}
    with translation.override("id"):
        verdict = kkpr_putusan.decide([zone], is_point=True)
    assert verdict == {
        "itbx": "T",
        "zona": "R-2",
        "aturan": "Terbatas: titik berada di zona R-2, yang mengizinkan kegiatan ini secara terbatas.",
    }


def test_slivers_at_zero_percent_never_decide():
    # A 1,072 ha parcel: R-2 holds 0.3 ha (0.03%, under the 0.1% floor even though its
    # verdict is the strictest); the rest is a zone that permits the activity.
    zones = [
        {"kode": "KPI", "porsi": 0.9997, "persen": 99.97, "luas_ha": 1071.89, "itbx": "I"},
        {"kode": "R-2", "porsi": 0.0003, "persen": 0.03, "luas_ha": 0.3, "itbx": "X"},
    ]
    with translation.override("id"):
        verdict = kkpr_putusan.decide(zones, is_point=False)
    assert verdict["itbx"] == "I" and verdict["zona"] == "KPI"
    assert [z["menentukan"] for z in zones] == [True, False]


def test_without_a_zone_over_the_threshold_the_largest_decides():
    # Fifty zones of 2% minus a little each (1.96%, 0.5 ha): none passes, the largest decides.
    zones = [{"kode": f"Z{i}", "porsi": 0.0196, "persen": 1.96, "luas_ha": 0.5, "itbx": "B"} for i in range(50)]
    zones[7]["porsi"] = 0.0199
    verdict = kkpr_putusan.decide(zones, is_point=False)
    assert verdict["zona"] == "Z7" and sum(z["menentukan"] for z in zones) == 1


def test_the_page_states_the_threshold(client, wilayah, reference):
    html = client.get("/kkpr/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert (
        '<p id="kkpr-ambang">Zona yang meliputi sedikitnya 2% luas persil, atau sedikitnya 1 ha (dan lebih dari 0,1%), '
        "menentukan putusan" in html
    )
