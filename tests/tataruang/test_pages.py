"""The tata ruang pages without a browser: the compliance indicator shows the
figures of a computed run, in the visitor's language; only DTRB planners open
the plan and land-use pages; values from uploaded files are escaped."""

import pytest

from tataruang import compliance
from tataruang.models import Plan
from tests.factories.grid import CX, CY, rect
from tests.factories.plans import plan_of_zones

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=x onerror=alert(1)>"
KESESUAIAN = "/tata-ruang/kesesuaian/"
RENCANA = "/tata-ruang/rencana/"


@pytest.fixture
def computed(half_and_half):
    """The half-and-half run: a 4.00 ha industrial parcel, 2.00 ha in a KPI zone
    (sesuai) and 2.00 ha in a PS zone (tidak sesuai), all in desa/kecamatan
    Kelapa Dua (36.03.28): indicator 2.00 / (2.00 + 0 + 2.00) x 100 = 50.00%."""
    plan, land_use = half_and_half
    run = compliance.compute(compliance.start_run(plan, land_use))
    assert run.status == "succeeded", run.message
    return run


def test_indicator_page_shows_the_computed_run(browser_for, computed):
    response = browser_for().get(KESESUAIAN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="angka-indikator">50,00%<' in html
    assert "Persentase Realisasi Pola Pemanfaatan Ruang Sesuai RTRW" in html
    assert "RTRW uji" in html and "Perda No. 1 Tahun 2026" in html
    assert "Penggunaan lahan uji" in html and "Tahun 2025" in html
    # Areas in ha: 2.00 sesuai, 0 belum terwujud, 2.00 tidak sesuai, 0 tidak dinilai;
    # the formula repeats them: 2,00 / (2,00 + 0 + 2,00) x 100.
    assert '<li data-hasil="sesuai">' in html and "2,00 ha" in html
    assert "= 2,00 ÷ 4,00 × 100" in html
    # The table per kecamatan has one row, Kelapa Dua at 50,00%; per plan class KPI 100% and PS 0%.
    assert '<tr data-kode="36.03.28">' in html and ">Kelapa Dua</th>" in html
    assert html.count('<tr data-kode="') == 1
    assert '<tr data-kelas="KPI">' in html and "100,00%" in html
    assert '<tr data-kelas="PS">' in html and "0,00%" in html
    # Not sample data: no banner. Anonymous visitors see no recompute button.
    assert 'id="banner-contoh"' not in html
    assert 'id="tombol-hitung"' not in html
    # The worklist and the map come from the API whose addresses the page carries.
    assert f"/api/tataruang/kesesuaian/{computed.pk}/tidak-sesuai/?export=csv" in html
    assert 'id="data-kesesuaian"' in html and "Metode" in html and "EPSG:32748" in html


def test_indicator_page_in_english_and_for_planners(browser_for, computed):
    english = browser_for(language="en").get(KESESUAIAN).content.decode()
    assert 'id="angka-indikator">50.00%<' in english and "Per kecamatan" in english
    assert "Persentase Realisasi Pola Pemanfaatan Ruang Sesuai RTRW" in english  # the official name
    assert "Percentage of spatial use realised in line with the RTRW spatial pattern" in english
    planner = browser_for("dtrb").get(KESESUAIAN).content.decode()
    assert 'id="tombol-hitung"' in planner and "Hitung ulang" in planner
    assert f'href="{RENCANA}"' in planner  # the planners' tab
    operator = browser_for("dinkes").get(KESESUAIAN).content.decode()
    assert 'id="tombol-hitung"' not in operator


def test_sample_data_is_labelled(browser_for, computed):
    Plan.objects.filter(pk=computed.plan_id).update(is_sample=True)
    html = browser_for().get(KESESUAIAN).content.decode()
    assert 'id="banner-contoh"' in html and "DATA CONTOH (sintetis)" in html


def test_indicator_page_before_any_run_and_an_unknown_run(browser_for, wilayah):
    client = browser_for()
    response = client.get(KESESUAIAN)
    assert response.status_code == 200
    assert "Belum ada perhitungan yang selesai" in response.content.decode()
    assert client.get(KESESUAIAN + "?run=999999").status_code == 404
    assert client.get(KESESUAIAN + "?run=abc").status_code == 404
    assert client.get("/tata-ruang/").status_code == 302


def test_the_nav_links_to_the_indicator(browser_for, wilayah):
    html = browser_for().get("/katalog/").content.decode()
    assert f'<a href="{KESESUAIAN}"' in html and ">Tata Ruang</a>" in html


@pytest.fixture
def rdtr_with_unmapped(users, opd, wilayah, reference):
    """A draft RDTR whose class column holds a code (mapped automatically), a
    value no class matches and hostile markup."""
    return plan_of_zones(
        users,
        opd,
        "rdtr-uji",
        [
            ({"ZONA": "R-3"}, rect(CX - 300, CY - 300, CX, CY)),
            ({"ZONA": "R-3"}, rect(CX, CY - 300, CX + 300, CY)),
            ({"ZONA": "Zona Aneh"}, rect(CX - 300, CY, CX, CY + 300)),
            ({"ZONA": HOSTILE}, rect(CX, CY, CX + 300, CY + 300)),
        ],
        "ZONA",
        activate=False,
        nama="RDTR Kelapa Dua uji",
        jenis="RDTR",
        legal_basis="Perbup No. 2 Tahun 2026",
    )


def test_plan_pages_are_for_planners_only(browser_for, rdtr_with_unmapped):
    detail = f"{RENCANA}{rdtr_with_unmapped.pk}/"
    for url in (RENCANA, detail, f"/tata-ruang/lahan/{rdtr_with_unmapped.pk}/"):
        anonymous = browser_for().get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/masuk/?next=")
        refused = browser_for("dinkes").get(url)
        assert refused.status_code == 403 and "perencana DTRB" in refused.content.decode()
    assert browser_for("dtrb").get(f"{RENCANA}999999/").status_code == 404


def test_plan_list_shows_status_and_unmapped_values(browser_for, rdtr_with_unmapped, half_and_half):
    html = browser_for("dtrb").get(RENCANA).content.decode()
    assert "RDTR Kelapa Dua uji" in html and "Perbup No. 2 Tahun 2026" in html
    assert 'data-status="draft"' in html and "Draf" in html
    assert "2 nilai belum dipetakan" in html  # "Zona Aneh" and the hostile value
    assert "RTRW uji" in html and 'data-status="active"' in html and "Penggunaan lahan uji" in html


def test_mapping_page_prefills_and_escapes(browser_for, rdtr_with_unmapped):
    html = browser_for("dtrb").get(f"{RENCANA}{rdtr_with_unmapped.pk}/").content.decode()
    # R-3 (2 features) is mapped to itself; the other two values are not mapped.
    assert html.count('data-terpetakan="1"') == 1 and html.count('data-terpetakan="0"') == 2
    assert '<option value="R-3" selected>' in html
    assert html.count(" selected>") == 1
    assert 'data-unmapped="2"' in html
    assert 'id="aktifkan" aria-describedby="pesan-pemetaan" disabled' in html
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert f'data-api-detail="/api/tataruang/rencana/{rdtr_with_unmapped.pk}/"' in html
