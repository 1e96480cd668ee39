"""The LP2B and RDTR synchronisation page without a browser: LP2B area per
kecamatan, its conversion (totals, worklist) and the RDTR targets, rendered by
the server in Indonesian; without an LP2B layer the page still answers."""

import pytest
from django.core.management import call_command

from tests.tataruang.conftest import CX, CY, polygon_layer, rect

pytestmark = pytest.mark.django_db

LP2B = "/tata-ruang/lp2b/"


@pytest.fixture
def wilayah_perencanaan(wilayah):
    call_command("load_wilayah_perencanaan", stdout=open("/dev/null", "w"))


def page(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    response = client.get(LP2B)
    assert response.status_code == 200
    return response.content.decode()


def test_lp2b_areas_conversion_and_worklist(client, lp2b, wilayah_perencanaan):
    html = page(client)
    # Kelapa Dua holds the whole 1.00 ha LP2B square.
    row = html.split('<tr data-kode="36.03.28">', 1)[1].split("</tr>", 1)[0]
    assert "Kelapa Dua" in row and "1,00" in row
    # Half of it (0.50 ha, one piece) lies under the industrial land use of 2025;
    # all of it lies in the non-agricultural KPI zone of the active plan.
    conversion = html.split('id="tabel-alih-fungsi"', 1)[1].split("</table>", 1)[0]
    assert "2025" in conversion and "0,50" in conversion
    assert "RTRW uji" in html
    worklist = html.split('id="tabel-kerja-lp2b"', 1)[1].split("</table>", 1)[0]
    cells = [cell.split(">", 1)[1].split("<", 1)[0] for cell in worklist.split("<td")[1:]]
    assert cells == ["1", "Kelapa Dua", "Kelapa Dua", "LP2B", "Industri dan Pergudangan", "0,50"]
    assert 'href="/api/tataruang/lp2b/alih-fungsi/bidang/"' in html
    assert 'id="peta-lp2b"' in html and 'id="data-lp2b"' in html


@pytest.fixture
def lp2b_with_sliver(half_and_half, users, opd):
    """The 1.00 ha LP2B square of the ``lp2b`` fixture and a 5 m x 4 m = 20 m²
    sliver, both partly or wholly under the industrial parcel (CX +/- 100 m)."""
    features = [
        ({"JENIS": "LP2B"}, rect(CX - 150, CY - 50, CX - 50, CY + 50)),
        ({"JENIS": "LP2B"}, rect(CX + 20, CY + 20, CX + 25, CY + 24)),
    ]
    return polygon_layer(users, opd, "lp2b", features, expected="dpkp-lp2b", publish=True).layer


def test_worklist_leaves_out_slivers_that_read_0_00_ha(client, lp2b_with_sliver, wilayah_perencanaan):
    html = page(client)
    worklist = html.split('id="tabel-kerja-lp2b"', 1)[1].split("</table>", 1)[0]
    # One row (the 0.50 ha piece); the 20 m² sliver would read "0,00".
    assert worklist.count("<tr>") == 2 and "0,50" in worklist and "0,00" not in worklist
    note = html.split('id="serpihan-lp2b">', 1)[1].split("</p>", 1)[0]
    assert "1 serpihan di bawah 50 m² (seluruhnya 20,0 m²)" in note
    # The conversion total still counts it: 0.50 ha + 0.002 ha = 0.502 ha, "0,50".
    conversion = html.split('id="tabel-alih-fungsi"', 1)[1].split("</table>", 1)[0]
    assert "0,50" in conversion
    # The GeoJSON (map, QGIS) lists the same pieces and says what it left out.
    data = client.get("/api/tataruang/lp2b/alih-fungsi/bidang/").json()
    assert [f["properties"]["luas_ha"] for f in data["features"]] == [0.5]
    assert data["serpihan"] == {"jumlah": 1, "luas_m2": 20.0, "di_bawah_ha": 0.005}


def test_rdtr_synchronisation_table(client, wilayah_perencanaan):
    html = page(client)
    row = html.split('<tr data-tahun="2024">', 1)[1].split("</tr>", 1)[0]
    assert "3 / 14" in row and row.count("21,43%") == 2 and "✓" in row
    assert html.count('<tr data-kode="WP-') == 14
    assert 'class="sinkron sinkron--selesai"' in html and 'class="sinkron sinkron--belum"' in html


def test_page_without_lp2b_layer(client, wilayah_perencanaan):
    html = page(client)
    assert 'id="lp2b-kosong"' in html
    assert 'id="alih-fungsi"' not in html
    assert 'id="tabel-rdtr"' in html


def test_reachable_from_the_compliance_page(client, db):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    html = client.get("/tata-ruang/kesesuaian/").content.decode()
    assert 'href="/tata-ruang/lp2b/"' in html
