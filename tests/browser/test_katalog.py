"""The search boxes of the catalogue and the editor's layer list
(static/js/saring-daftar.js), and the words of Leaflet's and Leaflet-Geoman's
controls (websig.js), in a real browser."""

import pytest
from playwright.sync_api import expect

from layers import tasks
from tests.factories.layers import published_layer
from tests.layers import files

from .conftest import PHONE, ConsoleLog, log_in, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")


@pytest.fixture
def layers(users, opd, monkeypatch):
    """Two published Dinkes layers and one of BPBD."""
    monkeypatch.setattr(tasks.import_upload, "apply_async", lambda *args, **kwargs: None)
    point = [files.point_feature(*files.BALARAJA[:2])]
    return [
        published_layer(users["dinkes"], opd["dinkes"], "Puskesmas Induk", point, users["dtrb"]),
        published_layer(users["dinkes"], opd["dinkes"], "Sekolah Dasar", point, users["dtrb"]),
        published_layer(users["bpbd"], opd["bpbd"], "Kejadian Banjir", point, users["dtrb"]),
    ]


def shown(page, items):
    return page.locator(items).evaluate_all(
        "els => els.filter(e => !e.hidden && e.offsetParent).map(e => e.querySelector('a').textContent.trim())"
    )


def test_catalogue_search(live_server, page, layers, artifacts):
    console = ConsoleLog(page)
    page.goto(live_server.url + "/katalog/")
    search = page.get_by_label("Cari layer")
    expect(search).to_be_visible()
    assert len(shown(page, ".daftar-layer > li")) == 3
    search.fill("sekolah")
    expect(page.locator("#cari-layer-status")).to_have_text("1 dari 3 layer ditampilkan")
    assert shown(page, ".daftar-layer > li") == ["Sekolah Dasar"]
    expect(page.locator('.grup-opd[data-opd="bpbd"]')).to_be_hidden()
    # The OPD's name finds its layers; every word must match.
    search.fill("dinkes")
    assert shown(page, ".daftar-layer > li") == ["Puskesmas Induk", "Sekolah Dasar"]
    search.fill("dinkes banjir")
    expect(page.locator("#cari-layer-kosong")).to_be_visible()
    expect(page.locator("#cari-layer-kosong")).to_have_text("Tidak ada layer yang cocok dengan pencarian.")
    search.fill("")
    assert len(shown(page, ".daftar-layer > li")) == 3
    expect(page.locator("#cari-layer-kosong")).to_be_hidden()
    shot(page, artifacts / "katalog-cari.png", full_page=True)
    assert console.errors == []


def test_editor_list_search(live_server, browser, layers, artifacts):
    context = browser.new_context(locale="id-ID", **PHONE)
    page = context.new_page()
    console = ConsoleLog(page)
    log_in(page, live_server, "perencana-dtrb")
    page.goto(live_server.url + "/editor/")
    page.get_by_label("Cari layer").fill("banjir")
    expect(page.locator("#cari-layer-editor-status")).to_have_text("1 dari 3 layer ditampilkan")
    assert shown(page, ".kartu-editor") == ["Kejadian Banjir"]
    shot(page, artifacts / "editor-cari-telepon.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert console.errors == []
    context.close()


CONTROLS = (
    ".leaflet-control-zoom a, .leaflet-control-layers-toggle, .leaflet-pm-toolbar a.leaflet-buttons-control-button"
)


def control_names(page):
    return page.locator(CONTROLS).evaluate_all(
        "els => els.map(a => [a.getAttribute('title'), a.getAttribute('aria-label')])"
    )


def test_map_controls_speak_the_pages_language(live_server, page, layers, artifacts):
    console = ConsoleLog(page)
    log_in(page, live_server, "operator-dinkes")
    page.goto(f"{live_server.url}/editor/{layers[0].slug}/")
    page.wait_for_selector('#peta-editor[data-state="ready"]')
    # Leaflet wrote "Zoom in"/"Zoom out"; Geoman's point tool had no name of its own.
    # The layer switcher (the basemap choice every map has) is named too.
    assert control_names(page) == [
        ["Perbesar", "Perbesar"],
        ["Perkecil", "Perkecil"],
        ["Tambah titik", "Tambah titik"],
        ["Layer", "Layer"],
    ]
    page.locator(".leaflet-pm-toolbar a.leaflet-buttons-control-button").hover()
    page.locator(".leaflet-pm-toolbar a.leaflet-buttons-control-button").click()
    box = page.locator("#peta-editor").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator(".leaflet-tooltip")).to_have_text("Klik di peta untuk menempatkan titik")
    shot(page, artifacts / "editor-tambah-titik.png")
    # The public map's layer switcher, then English when the user chooses it.
    page.goto(live_server.url + "/")
    expect(page.locator(".leaflet-control-layers-toggle")).to_have_attribute("title", "Layer")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/editor/{layers[0].slug}/")
    page.wait_for_selector('#peta-editor[data-state="ready"]')
    assert control_names(page) == [
        ["Zoom in", "Zoom in"],
        ["Zoom out", "Zoom out"],
        ["Add a point", "Add a point"],
        ["Layers", "Layers"],
    ]
    assert console.errors == []
