"""Statistics per desa/kecamatan/kabupaten and exposure, through the API.

The raster covers the whole kabupaten with 100 m pixels: 0.2 (rendah) west of the
line x = X0 (UTM 48S), 0.9 (tinggi) east of it. A desa's rendah area is then the
part of its polygon west of the line, which PostGIS measures independently.
"""

import numpy as np
import pytest
from django.db import connection

from flood.models import HazardStatistic
from tests.factories.grid import rect
from tests.factories.plans import land_use_of_parcels
from tests.flood.rasters import X0, Y0, lp2b_east, three_schools, tif_bytes
from wilayah.models import Desa, Kecamatan

KELAPA_DUA = "36.03.28.1001"


def kabupaten_utm_extent():
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Extent(ST_Transform(geom, 32748)) FROM wilayah_kabupaten")
        box = cursor.fetchone()[0]  # BOX(xmin ymin,xmax ymax)
    (xmin, ymin), (xmax, ymax) = (map(float, p.split()) for p in box[4:-1].split(","))
    return xmin, ymin, xmax, ymax


def split_raster():
    xmin, ymin, xmax, ymax = kabupaten_utm_extent()
    left, top = np.floor(xmin / 100) * 100 - 500, np.ceil(ymax / 100) * 100 + 500
    cols, rows = int((xmax - left) / 100) + 10, int((top - ymin) / 100) + 10
    data = np.full((rows, cols), 0.9, dtype="float32")
    data[:, : int((X0 - left) / 100)] = 0.2  # columns west of x = X0
    return tif_bytes(data, x0=left, y0=top, res=100.0)


def west_of_line_ha(kode):
    """PostGIS: the area (ha) of the desa west of x = X0, in EPSG:32748."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Area(ST_Intersection(ST_Transform(geom, 32748),"
            " ST_MakeEnvelope(0, 0, %s, 20000000, 32748))) / 10000 FROM wilayah_desa WHERE kode = %s",
            [X0, kode],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def split(published):
    return published(split_raster())


def test_desa_classes_add_up_to_the_desa_area_and_match_postgis(client_for, split):
    rows = client_for().get(f"/api/flood/rasters/{split.raster_id}/statistik/", {"level": "desa"}).json()
    assert len(rows) == 274
    area = dict(Desa.objects.values_list("kode", "luas_ukur_ha"))
    for row in rows:
        assert sum(row["luas_ha"].values()) == pytest.approx(area[row["kode"]], rel=1e-4)
        assert sum(row["persen"].values()) == pytest.approx(100, abs=0.05)
        assert row["luas_ha"]["sedang"] == 0 and row["luas_ha"]["tanpa_data"] == pytest.approx(0, abs=0.01)
    kd = next(r for r in rows if r["kode"] == KELAPA_DUA)
    west = west_of_line_ha(KELAPA_DUA)
    assert 0 < west < area[KELAPA_DUA]  # the line x = X0 crosses Kelapa Dua (it passes through its centre)
    # Pixel-aligned line (X0 is a whole hundred of metres): rendah = the desa west of it, exactly.
    assert kd["luas_ha"]["rendah"] == pytest.approx(west, rel=2e-3)
    assert kd["luas_ha"]["tinggi"] == pytest.approx(area[KELAPA_DUA] - west, rel=2e-3)
    # Mean of the index weighted by area: (0.2 * west + 0.9 * east) / area.
    expected_mean = (0.2 * west + 0.9 * (area[KELAPA_DUA] - west)) / area[KELAPA_DUA]
    assert kd["rata_rata"] == pytest.approx(expected_mean, abs=2e-3)
    assert kd["maks"] == pytest.approx(0.9, abs=1e-6)


def test_kecamatan_and_kabupaten_are_sums_of_their_desa(client_for, split):
    client = client_for()
    url = f"/api/flood/rasters/{split.raster_id}/statistik/"
    kecamatan = {r["kode"]: r for r in client.get(url, {"level": "kecamatan"}).json()}
    assert len(kecamatan) == Kecamatan.objects.count() == 29
    desa = client.get(url).json()
    kelapa_dua = [r for r in desa if r["kode"].startswith("36.03.28.")]
    assert kecamatan["36.03.28"]["luas_ha"]["rendah"] == pytest.approx(sum(r["luas_ha"]["rendah"] for r in kelapa_dua))
    (kab,) = client.get(url, {"level": "kabupaten"}).json()
    total = sum(Desa.objects.values_list("luas_ukur_ha", flat=True))
    assert sum(kab["luas_ha"].values()) == pytest.approx(total, rel=1e-4)
    assert client.get(url, {"level": "provinsi"}).status_code == 400
    assert HazardStatistic.objects.filter(version=split).count() == 274 + 29 + 1


def test_statistics_before_they_are_computed_is_409(client_for, upload_raster):
    job = upload_raster(split_raster())
    client = client_for("bpbd")
    response = client.get(f"/api/flood/rasters/{job.raster_version.raster_id}/statistik/")
    assert response.status_code == 409 and "belum dihitung" in response.json()["detail"]


def test_exposure_counts_settlement_once_lp2b_and_points_per_class(client_for, published, users, opd):
    from django.core.management import call_command

    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    # A 200 m x 200 m settlement parcel across the line (2 ha each side) and a
    # second parcel lying on its west half: the union is still 4 ha.
    land_use_of_parcels(
        users,
        opd,
        "lahan-banjir",
        [
            ({"REMARK": "Permukiman dan Tempat Kegiatan"}, rect(X0 - 100, Y0 - 100, X0 + 100, Y0 + 100)),
            ({"REMARK": "Permukiman dan Tempat Kegiatan"}, rect(X0 - 100, Y0 - 100, X0, Y0 + 100)),
            ({"REMARK": "Sawah"}, rect(X0 - 300, Y0 - 100, X0 - 100, Y0 + 100)),
        ],
    )
    lp2b_east(users, opd)  # 1 ha tinggi
    three_schools(users, opd)  # 1 rendah, 2 tinggi
    version = published(split_raster())
    body = client_for().get(f"/api/flood/rasters/{version.raster_id}/paparan/").json()
    settlement = body["permukiman"]["total_ha"]
    assert settlement["rendah"] == pytest.approx(2.0, abs=0.01) and settlement["tinggi"] == pytest.approx(2.0, abs=0.01)
    assert body["permukiman"]["desa"][0]["kode"] == KELAPA_DUA
    assert body["lp2b"]["total_ha"]["tinggi"] == pytest.approx(1.0, abs=0.01)
    assert body["lp2b"]["total_ha"]["rendah"] == pytest.approx(0, abs=0.001)
    (layer,) = [t for t in body["titik"] if t["title"] == "Sekolah Uji"]
    assert layer["jumlah"] == {"rendah": 1, "sedang": 0, "tinggi": 2, "tanpa_data": 0}
    assert {f["nama"]: f["kelas"] for f in layer["fitur"]} == {
        "SD Barat": "rendah",
        "SD Timur": "tinggi",
        "SMP Timur": "tinggi",
    }
