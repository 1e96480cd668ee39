"""The indicator page shows, beside the compliance figure, the share of each
kecamatan's (and desa's) area in high flood hazard, from the stored statistics
of the published flood hazard raster.

The raster: 20 km x 20 km of 100 m pixels centred on (X0, Y0) in Kelapa Dua,
index 0.9 (tinggi) west of x = X0 and 0.1 (rendah) east of it. The pixel edge
lies on x = X0, so the tinggi share of an area is exactly the share of its
polygon west of X0, which the test measures with PostGIS in EPSG:32748."""

import json
import re

import numpy as np
import pytest
from django.db import connection

from tataruang import compliance
from tests.flood.conftest import published, upload_raster  # noqa: F401
from tests.flood.rasters import X0, Y0, tif_bytes

pytestmark = pytest.mark.django_db

KESESUAIAN = "/tata-ruang/kesesuaian/"
HALF_KM = 100  # pixels of 100 m each side of X0
KELAPA_DUA = "36.03.28"


def west_share(table, kode):
    """% of the area of ``table`` row ``kode`` west of x = X0 (EPSG:32748), 2 decimals."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_Area(ST_Intersection(g, ST_MakeEnvelope(%s, %s, %s, %s, 32748))) / ST_Area(g) "
            f"FROM (SELECT ST_Transform(geom, 32748) AS g FROM {table} WHERE kode = %s) t",
            [X0 - 100 * HALF_KM, Y0 - 100 * HALF_KM, X0, Y0 + 100 * HALF_KM, kode],
        )
        return round(100 * cursor.fetchone()[0], 2)


@pytest.fixture
def computed_with_hazard(half_and_half, published):  # noqa: F811
    data = np.full((2 * HALF_KM, 2 * HALF_KM), 0.1, dtype="float32")
    data[:, :HALF_KM] = 0.9
    version = published(tif_bytes(data, x0=X0 - 100 * HALF_KM, y0=Y0 + 100 * HALF_KM, res=100.0))
    run = compliance.compute(compliance.start_run(*half_and_half))
    assert run.status == "succeeded", run.message
    return run, version


def test_kecamatan_table_and_desa_popups_show_the_high_hazard_share(browser_for, computed_with_hazard):
    run, _version = computed_with_hazard
    html = browser_for().get(KESESUAIAN).content.decode()
    expected = west_share("wilayah_kecamatan", KELAPA_DUA)
    assert 0 < expected < 100  # the kecamatan straddles x = X0
    row = re.search(rf'<tr data-kode="{KELAPA_DUA}">(.*?)</tr>', html, re.S).group(1)
    cell = re.search(r'<td class="angka bahaya-tinggi" data-nilai="([^"]*)">([^<]*)</td>', row)
    assert float(cell.group(1)) == pytest.approx(expected, abs=0.01)
    assert cell.group(2) == f"{expected:.2f}%".replace(".", ",")
    assert "Bahaya banjir tinggi" in html and "Indeks Bahaya Banjir Uji" in html

    # The popups read the desa shares from the page data.
    data = json.loads(re.search(r'<script id="data-kesesuaian" type="application/json">(.*?)</script>', html).group(1))
    banjir = data["banjir"]
    assert banjir["judul"] == "Indeks Bahaya Banjir Uji" and banjir["label"] == ""
    assert banjir["kecamatan"][KELAPA_DUA] == pytest.approx(expected, abs=0.01)
    with connection.cursor() as cursor:
        cursor.execute("SELECT kode FROM wilayah_desa WHERE kode LIKE %s ORDER BY kode", [KELAPA_DUA + ".%"])
        desa = [kode for (kode,) in cursor.fetchall()]
    for kode in desa:
        assert banjir["desa"][kode] == pytest.approx(west_share("wilayah_desa", kode), abs=0.01), kode


def test_no_hazard_column_without_a_published_raster(browser_for, half_and_half):
    run = compliance.compute(compliance.start_run(*half_and_half))
    assert run.status == "succeeded"
    html = browser_for().get(KESESUAIAN).content.decode()
    assert "bahaya-tinggi" not in html and '"banjir"' not in html
