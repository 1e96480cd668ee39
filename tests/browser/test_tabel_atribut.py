"""The attribute table of the layer page in a real browser: rows with
Indonesian numbers, a column filter that narrows them, a row click that zooms
the map to the feature and outlines it; the desktop and phone layouts, the
phone's without sideways scrolling."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from akun.models import Opd
from layers import services, tasks
from tests.factories import make_user
from tests.factories.grid import CX, CY, rect
from tests.factories.layers import imported_version, polygon_feature, published_layer

from .conftest import ConsoleLog, log_in, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")

TABLE = "#tabel-atribut-isi"
READY = TABLE + '[data-state="ready"]'


def blok_features(count=12):
    return [
        polygon_feature(
            rect(CX + 200 * i, CY, CX + 200 * i + 100, CY + 100), nama=f"Blok {i:02d}", luas_m2=1234.5 + 1000 * i
        )
        for i in range(count)
    ]


@pytest.fixture
def blok(wilayah_live, monkeypatch):
    """A published Dinkes polygon layer of 12 squares of 100 m, 200 m apart
    eastwards from Kelapa Dua: nama "Blok 00".."Blok 11", luas_m2 = 1234.5 + 1000 * i."""
    monkeypatch.setattr(tasks.import_upload, "apply_async", lambda *args, **kwargs: None)
    call_command("load_opd", stdout=open(os.devnull, "w"))
    dinkes, dtrb = Opd.objects.get(kode="dinkes"), Opd.objects.get(kode="dtrb")
    operator, planner = make_user("operator-blok", dinkes), make_user("perencana-blok", dtrb, staff=True)
    features = [
        polygon_feature(
            rect(CX + 200 * i, CY, CX + 200 * i + 100, CY + 100), nama=f"Blok {i:02d}", luas_m2=1234.5 + 1000 * i
        )
        for i in range(12)
    ]
    return published_layer(operator, dinkes, "Blok", features, reviewer=planner, filename="blok.geojson")


def cell_texts(page, column_index):
    return page.locator(f"{TABLE} tbody tr td:nth-child({column_index})").all_inner_texts()


def test_table_rows_filter_and_row_click_zoom(live_server, page, phone_page, blok, artifacts):
    console = ConsoleLog(page)
    page.goto(live_server.url + f"/layers/{blok.slug}/")
    page.wait_for_selector(READY)
    expect(page.locator(f"{TABLE} tbody tr")).to_have_count(12)
    # Columns: ID, nama, luas_m2, kecamatan, desa. 1234.5 + 1000 * 11 = 12234.5 -> "12.234,5".
    assert cell_texts(page, 2)[:2] == ["Blok 00", "Blok 01"]
    assert cell_texts(page, 3)[0] == "1.234,5" and cell_texts(page, 3)[11] == "12.234,5"
    expect(page.locator(".tal-ringkas")).to_have_text("12 fitur sesuai saringan")
    csv_link = page.locator(".tal-csv")
    expect(csv_link).to_have_text("Unduh CSV")
    assert csv_link.get_attribute("href").endswith("/tabel/?version=1&export=csv")
    assert page.locator(".tal-csv-koma").get_attribute("href").endswith("/tabel/?version=1&export=csv&decimal=koma")

    # "blok 1" (any case) is in Blok 10 and Blok 11 only.
    page.get_by_label("nama memuat").fill("blok 1")
    page.get_by_label("nama memuat").press("Enter")
    expect(page.locator(f"{TABLE} tbody tr")).to_have_count(2)
    assert cell_texts(page, 2) == ["Blok 10", "Blok 11"]
    expect(page.locator(".tal-ringkas")).to_have_text("2 fitur sesuai saringan")
    assert "filter=nama%3Acontains%3Ablok+1" in csv_link.get_attribute("href")

    # A number range typed the Indonesian way: 1.234,5 + 10.000 = 11.234,5 and up is Blok 10 and 11.
    page.get_by_label("nama memuat").fill("")
    page.get_by_label("luas_m2 dari").fill("11.234,5")
    page.get_by_label("luas_m2 dari").press("Enter")
    expect(page.locator(f"{TABLE} tbody tr")).to_have_count(2)
    assert cell_texts(page, 2) == ["Blok 10", "Blok 11"]

    before = page.evaluate("websigLayerMap.getZoom()")
    page.locator(f"{TABLE} tbody tr", has_text="Blok 11").click()
    expect(page.locator(TABLE)).to_have_attribute("data-outline", "feature")
    page.wait_for_timeout(600)  # Leaflet's zoom animation
    zoom, inside = page.evaluate(
        """() => {
            const row = document.querySelector('#tabel-atribut-isi tr.terpilih');
            const b = websigLayerMap.getBounds(), c = websigLayerMap.getCenter();
            return [websigLayerMap.getZoom(), row !== null && b.contains(c)];
        }"""
    )
    # The map zoomed in to a 100 m square (the layer's whole extent is 2.3 km wide).
    assert zoom > before and zoom >= 16 and inside
    assert page.locator(".leaflet-overlay-pane path[stroke='#f4b400']").count() == 1
    page.locator("#tabel-atribut").scroll_into_view_if_needed()
    shot(page, artifacts / "tabel-atribut-layer-1366.png")
    assert console.errors == []

    phone_page.goto(live_server.url + f"/layers/{blok.slug}/")
    phone_page.wait_for_selector(READY)
    expect(phone_page.locator(f"{TABLE} tbody tr")).to_have_count(12)
    # The wide table scrolls inside its box; the page itself never sideways.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.locator("#tabel-atribut").scroll_into_view_if_needed()
    shot(phone_page, artifacts / "tabel-atribut-layer-390.png")


def test_review_queue_opens_the_table_of_a_waiting_version(live_server, page, blok, artifacts):
    """Version 2 (3 squares) submitted by the operator: the planner checks its
    attributes from the queue, beside a map that zooms to the clicked row."""
    operator = blok.versions.get(number=1).created_by
    version = imported_version(operator, blok.opd, "Blok", blok_features(3), "blok-2.geojson", target_layer=blok)
    services.submit_version(version, operator)
    console = ConsoleLog(page)
    log_in(page, live_server, "perencana-blok")
    page.goto(live_server.url + "/review/")
    page.locator("a[data-periksa]").click()
    page.wait_for_selector(READY)
    expect(page.locator("#judul-periksa")).to_have_text("Atribut Blok, versi 2")
    expect(page.locator(f"{TABLE} tbody tr")).to_have_count(3)
    # 1234.5 + 1000 * 2 = 3234.5
    assert cell_texts(page, 3) == ["1.234,5", "2.234,5", "3.234,5"]
    assert page.locator(".tal-csv").get_attribute("href").endswith("/api/layers/blok/tabel/?version=2&export=csv")
    before = page.evaluate("websigReviewMap.getZoom()")
    page.locator(f"{TABLE} tbody tr", has_text="Blok 02").click()
    expect(page.locator(TABLE)).to_have_attribute("data-outline", "feature")
    page.wait_for_timeout(600)
    assert page.evaluate("websigReviewMap.getZoom()") > before
    shot(page, artifacts / "tabel-atribut-review-1366.png")
    assert console.errors == []


def test_editor_table_selects_the_clicked_feature(live_server, page, blok):
    console = ConsoleLog(page)
    log_in(page, live_server, "perencana-blok")
    page.goto(live_server.url + f"/editor/{blok.slug}/")
    page.wait_for_selector('#peta-editor[data-state="ready"]')
    page.locator("#editor-tabel summary").click()
    page.wait_for_selector(READY)
    expect(page.locator(f"{TABLE} tbody tr")).to_have_count(12)
    row = page.locator(f"{TABLE} tbody tr", has_text="Blok 03")
    row.click()
    # The editor selects the feature as a click on the map would, and opens its attributes.
    expect(page.locator("#peta-editor")).to_have_attribute("data-selected", row.get_attribute("data-id"))
    expect(page.locator("#editor-fitur")).to_be_visible()
    assert page.evaluate("websigEditorMap.getZoom()") >= 16
    assert console.errors == []
