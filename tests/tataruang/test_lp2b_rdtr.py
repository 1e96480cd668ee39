"""LP2B areas and conversion on constructed geometry; RDTR synchronisation indicator."""

import pytest
from django.core.management import call_command

from tataruang.models import SinkronisasiRdtr

pytestmark = pytest.mark.django_db


def test_lp2b_area_per_kecamatan(lp2b, client_for):
    body = client_for().get("/api/tataruang/lp2b/").json()
    assert [(r["kode"], r["lp2b_ha"]) for r in body["results"]] == [("36.03.28", pytest.approx(1.0, abs=0.001))]
    desa = client_for().get("/api/tataruang/lp2b/", {"level": "desa"}).json()["results"]
    assert sum(r["total_ha"] for r in desa) == pytest.approx(1.0, abs=0.001)


def test_lp2b_conversion_by_land_use_and_zoning(lp2b, client_for):
    body = client_for().get("/api/tataruang/lp2b/alih-fungsi/").json()
    assert [(y["tahun"], y["bidang"]) for y in body["per_tahun"]] == [(2025, 1)]
    assert body["per_tahun"][0]["luas_ha"] == pytest.approx(0.5, abs=0.001)
    # The whole square lies in the industrial (non-agricultural) zone.
    assert body["zonasi_non_pertanian"]["luas_ha"] == pytest.approx(1.0, abs=0.001)


def test_no_lp2b_layer_is_404(client_for, db):
    for url in ("/api/tataruang/lp2b/", "/api/tataruang/lp2b/alih-fungsi/"):
        response = client_for().get(url)
        assert response.status_code == 404 and "LP2B" in response.json()["detail"], url


def test_rdtr_synchronisation_beside_targets(wilayah, client_for):
    call_command("load_wilayah_perencanaan", stdout=open("/dev/null", "w"))
    rows = client_for().get("/api/tataruang/sinkronisasi-rdtr/").json()["per_tahun"]
    assert [(r["tahun"], r["selesai"], r["realisasi"], r["target"]) for r in rows] == [
        (2024, 3, 0.2143, 0.2143),
        (2025, 4, 0.2857, 0.2857),
        (2026, 6, 0.4286, 0.4286),
    ]
    SinkronisasiRdtr.objects.filter(wilayah__kode="WP-04", tahun=2025).update(status="proses")
    rows = client_for().get("/api/tataruang/sinkronisasi-rdtr/").json()["per_tahun"]
    assert rows[1]["realisasi"] == 0.2143 and rows[1]["tercapai"] is False


def test_lp2b_conversion_worklist(lp2b, client_for):
    body = client_for().get("/api/tataruang/lp2b/alih-fungsi/bidang/").json()
    assert body["tahun"] == 2025 and len(body["features"]) == 1
    props = body["features"][0]["properties"]
    assert props["penggunaan_lahan"] == "Industri dan Pergudangan" and props["jenis"] == "LP2B"
    assert props["luas_ha"] == pytest.approx(0.5, abs=0.001)
    assert props["kecamatan_nama"] == "Kelapa Dua"
    assert client_for().get("/api/tataruang/lp2b/alih-fungsi/bidang/", {"tahun": "1990"}).status_code == 404
    assert client_for().get("/api/tataruang/lp2b/alih-fungsi/bidang/", {"tahun": "x"}).status_code == 400
