"""Registering a plan in a real browser, as a DTRB planner does: the form
offers the published polygon layers only, suggests the class column, shows the
values no class matches with their features and hectares; the planner
registers the draft, maps the unmapped value on the plan's page, activates it,
and the plan shows as active with its zones per class and their map.

The layer: three zones on the UTM grid around (CX, CY) in Kelapa Dua, column
KODE a class code for two of them ("KPI", 400 m x 500 m = 20.00 ha each) and
"SMP-KALI" (400 m x 250 m = 10.00 ha) for the third, which no class matches;
column NAMA holds names no class has."""

import re

import pytest
from playwright.sync_api import expect

from akun.models import Opd
from layers import tasks as layer_tasks
from tataruang.models import Plan
from tests.factories.grid import lonlat
from tests.tataruang.conftest import CX, CY, _committed_setup, polygon_layer, rect

from .conftest import PHONE, ConsoleLog, _open_page, export_legends, log_in, shot
from .test_tataruang import no_task

pytestmark = pytest.mark.usefixtures("wilayah_live")

ZONES = [
    ({"KODE": "KPI", "NAMA": "Zona industri barat"}, rect(CX - 400, CY - 500, CX, CY)),
    ({"KODE": "KPI", "NAMA": "Zona industri timur"}, rect(CX, CY - 500, CX + 400, CY)),
    ({"KODE": "SMP-KALI", "NAMA": "Sempadan kali"}, rect(CX - 400, CY, CX, CY + 250)),
]


@pytest.fixture
def layers(transactional_db, monkeypatch):
    """The planner, the published zone layer "rtrw-baru" and a draft "rtrw-draf"."""
    users, _opd = _committed_setup("perencana-daftar")
    opd = {"dtrb": Opd.objects.get(kode="dtrb")}
    with monkeypatch.context() as patch:
        patch.setattr(layer_tasks.import_upload, "apply_async", no_task)
        published = polygon_layer(users, opd, "rtrw-baru", ZONES, publish=True)
        draft = polygon_layer(users, opd, "rtrw-draf", ZONES)
    published.layer.refresh_from_db()
    assert (published.layer.published_version_id, draft.layer.published_version_id) == (published.pk, None)
    return users["dtrb"], published, draft


def test_register_map_and_activate_a_plan(live_server, page, layers, artifacts):
    planner, published, _draft = layers
    console = ConsoleLog(page)
    log_in(page, live_server, planner.username)
    page.goto(live_server.url + "/tata-ruang/rencana/")
    page.locator("#tombol-daftar").click()
    expect(page).to_have_url(live_server.url + "/tata-ruang/rencana/baru/")

    page.locator("#daftar-layer").select_option("rtrw-baru")
    column = page.locator("#daftar-kolom")
    # KODE first and suggested: 2 of 3 features (67%) are a class code; NAMA 0%.
    expect(column).to_have_value("KODE")
    expect(column.locator("option")).to_have_text(["KODE — disarankan (67% fitur berupa kode kelas)", "NAMA (0%)"])
    rows = page.locator("#tabel-nilai tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-terpetakan", "1")
    expect(rows.nth(0).locator("td")).to_have_text(["2", "40,00", "KPI — Kawasan Peruntukan Industri"])
    expect(rows.nth(1)).to_have_attribute("data-terpetakan", "0")
    expect(rows.nth(1).locator("th")).to_have_text("SMP-KALI")
    expect(rows.nth(1).locator("td")).to_have_text(["1", "10,00", "belum dipetakan"])
    expect(page.locator("#ringkas-nilai")).to_have_text(
        "1 dari 2 nilai tidak cocok dengan kelas mana pun (1 fitur, 10,00 ha): petakan setelah mendaftarkan."
    )
    page.locator("#daftar-nama").fill("RTRW baru uji")
    page.locator("#daftar-tahun").fill("2026")
    page.locator("#daftar-dasar").fill("Perda No. 9 Tahun 2026")
    shot(page, artifacts / "tataruang-daftar.png", full_page=True)
    page.locator("#kirim-daftar").click()

    plan = _wait_for_plan(page, "RTRW baru uji")
    expect(page).to_have_url(live_server.url + f"/tata-ruang/rencana/{plan.pk}/")
    assert (plan.status, plan.jenis, plan.class_column, plan.layer_version_id) == (
        "draft",
        "RTRW",
        "KODE",
        published.pk,
    )
    assert plan.mapping == {"KPI": "KPI"}
    expect(page.locator("#kemajuan-teks")).to_have_text("1 dari 2 nilai dipetakan")
    # The unmapped value with its features and hectares, mapped to PS (sempadan).
    unmapped = page.locator("tr[data-nilai='SMP-KALI']")
    expect(unmapped.locator(".pemetaan__luas")).to_have_text("10,00 ha")
    unmapped.locator("select").select_option("PS")
    page.locator("#simpan-pemetaan").click()
    expect(page.locator("#kemajuan-teks")).to_have_text("2 dari 2 nilai dipetakan")
    page.locator("#aktifkan").click()

    expect(page.locator(".layer-kepala [data-status]")).to_have_attribute("data-status", "active")
    # Zones per class: KPI 2 zones, 2 x 20.00 ha; PS 1 zone, 10.00 ha.
    classes = page.locator("#tabel-kelas-aktif tbody tr")
    expect(classes).to_have_count(2)
    expect(classes.nth(0)).to_have_attribute("data-kode", "KPI")
    expect(classes.nth(0).locator("td")).to_have_text(["2", "40,00"])
    expect(classes.nth(1)).to_have_attribute("data-kode", "PS")
    expect(classes.nth(1).locator("td")).to_have_text(["1", "10,00"])
    # The only active RTRW is the OGC collection "rtrw": drawn from its vector tiles.
    expect(page.locator("#peta-zona")).to_have_attribute("data-sumber", "ubin")
    expect(page.locator("#peta-zona")).to_have_attribute("data-loaded", "3")
    expect(page.locator("#peta-zona .leaflet-tile-loaded").first).to_be_attached()
    # An export of the zone map has the classes of the table as its legend.
    (legend,) = export_legends(page, "websigZoneMap")
    assert legend["title"] == "Zona rencana"
    assert [label for label, _colour in legend["entries"]] == [
        t.strip() for t in classes.locator("th").all_inner_texts()
    ]
    assert [label.split()[0] for label, _colour in legend["entries"]] == ["KPI", "PS"]
    # A click on a zone opens its class from the collection's item.
    page.locator("#peta-zona").scroll_into_view_if_needed()
    lon, lat = lonlat(CX - 200, CY - 250)
    point = page.evaluate("([lat, lon]) => window.websigZoneMap.latLngToContainerPoint([lat, lon])", [lat, lon])
    box = page.locator("#peta-zona").bounding_box()
    page.wait_for_timeout(1000)  # the canvas tiles drawn
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    expect(page.locator("#peta-zona .leaflet-popup .info-kesesuaian__jenis")).to_have_text("KPI")
    plan.refresh_from_db()
    assert plan.status == "active" and plan.zones.count() == 3
    shot(page, artifacts / "tataruang-daftar-aktif.png", full_page=True)
    assert console.errors == []


def test_the_form_offers_published_layers_only(live_server, browser, layers, artifacts):
    planner, _published, _draft = layers
    context, page = _open_page(browser, PHONE, "id-ID")
    console = ConsoleLog(page)
    log_in(page, live_server, planner.username)
    page.goto(live_server.url + "/tata-ruang/rencana/baru/")
    options = page.locator("#daftar-layer option")
    expect(options).to_have_count(2)
    assert options.evaluate_all("os => os.map(o => o.value)") == ["", "rtrw-baru"]
    # The API behind the form does not answer for the draft either.
    answer = page.request.get(live_server.url + "/api/tataruang/calon/rtrw-draf/kolom/")
    assert answer.status == 404
    assert answer.json() == {"detail": "Tidak ada layer poligon terbit 'rtrw-draf'."}
    page.locator("#daftar-layer").select_option("rtrw-baru")
    expect(page.locator("#tabel-nilai tbody tr")).to_have_count(2)
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, artifacts / "tataruang-daftar-ponsel.png", full_page=True)
    assert console.errors == []
    context.close()


def _wait_for_plan(page, nama):
    page.wait_for_url(re.compile(r"/tata-ruang/rencana/\d+/$"))
    return Plan.objects.get(nama=nama)
