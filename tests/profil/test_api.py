"""/api/profil/...: the profile as JSON, refusals in Indonesian."""

import pytest
from rest_framework.test import APIClient

from flood.models import HazardStatistic
from wilayah.models import Desa

from .conftest import KEC_KELAPA_DUA, KELAPA_DUA

pytestmark = pytest.mark.django_db


def get(path):
    return APIClient(HTTP_ACCEPT_LANGUAGE="id").get(path)


def test_desa_profile_json_is_the_stored_figures(profiled):
    _plan, _land_use, run, version = profiled
    response = get(f"/api/profil/desa/{KELAPA_DUA}/")
    assert response.status_code == 200
    data = response.json()
    desa = Desa.objects.get(kode=KELAPA_DUA)
    assert (data["kode"], data["luas_ukur_ha"]) == (KELAPA_DUA, desa.luas_ukur_ha)
    assert data["kecamatan"]["kode"] == KEC_KELAPA_DUA
    (compliance,) = [row for row in data["indikator"] if row["indikator"]["kode"] == "kesesuaian-rtrw"]
    assert compliance["nilai"][0]["nilai"] == 50.0 and compliance["nilai"][0]["sumber"] == f"compliance-run:{run.pk}"
    stat = HazardStatistic.objects.get(version=version, level="desa", kode=KELAPA_DUA)
    (hazard,) = data["bahaya"]
    assert {k["kode"]: k["luas_ha"] for k in hazard["kelas"]} == {
        key: round(m2 / 10000, 4) for key, m2 in stat.luas_m2.items()
    }
    assert data["lp2b"]["total_ha"] == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/profil/desa/36.03.28/", 400),
        ("/api/profil/kecamatan/x/", 400),
        ("/api/profil/desa/36.03.28.9999/", 404),
        ("/api/profil/kecamatan/36.03.99/", 404),
    ],
)
def test_bad_and_unknown_codes(wilayah, path, status):
    response = get(path)
    assert response.status_code == status
    assert "kode" in response.json()["detail"]


def test_kabupaten_profile_json(wilayah):
    data = get("/api/profil/kabupaten/").json()
    assert data["kode"] == "36.03" and len(data["desa"]) == 29  # the kecamatan of the kabupaten
