"""The public map in a real browser: boundaries drawn, search, "what is here?",
language switch and the phone layout, all without internet access."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import ConsoleLog, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")

MAP_READY = '#peta[data-kecamatan-loaded="29"][data-desa-loaded="274"]'
POPUP = ".leaflet-popup-content .info-wilayah"

# SELECT ST_AsText(ST_PointOnSurface(geom)) FROM wilayah_desa WHERE kode = '36.03.01.2003';
# -> POINT(106.43434335050115 -6.22765645): inside Desa Cangkudu, Kecamatan Balaraja
# (checked with /api/wilayah/lookup/?lon=106.434343&lat=-6.227656).
CANGKUDU = {"lat": -6.22765645, "lon": 106.43434335}
# West of the kabupaten, in Kabupaten Serang: the lookup API answers 404.
SERANG = {"lat": -6.15, "lon": 106.25}


def lookup_404(text, url):
    """The browser logs the lookup API's 404 for a point outside the kabupaten;
    that answer is expected, the page shows its message."""
    return "/api/wilayah/lookup/" in url and "404" in text


def open_map(page, live_server):
    page.goto(live_server.url + "/")
    page.wait_for_selector(MAP_READY)


def click_at(page, point, zoom):
    """Centre the map on a lon/lat and click it there, at the pixel Leaflet computes."""
    x, y = page.evaluate(
        """([lat, lon, zoom]) => {
            websigMap.closePopup();
            websigMap.setView([lat, lon], zoom, {animate: false});
            const p = websigMap.latLngToContainerPoint([lat, lon]);
            return [p.x, p.y];
        }""",
        [point["lat"], point["lon"], zoom],
    )
    page.locator("#peta").click(position={"x": x, "y": y})


def test_map_draws_boundaries_offline(live_server, page, artifacts):
    console = ConsoleLog(page)
    open_map(page, live_server)

    # One SVG path per feature: 274 desa/kelurahan, 29 kecamatan.
    assert page.locator(".leaflet-desa-pane path.batas-desa").count() == 274
    assert page.locator(".leaflet-kecamatan-pane path.batas-kecamatan").count() == 29
    # The tile server is unreachable: the map switched to the plain background.
    expect(page.locator("#peta")).to_have_attribute("data-basemap", "none")
    expect(page.locator("#peta-pesan")).to_contain_text("OpenStreetMap")
    expect(page.locator(".leaflet-control-layers-selector[type=radio]:checked + span")).to_have_text("Tanpa peta dasar")
    expect(page.locator(".leaflet-tooltip.label-kecamatan", has_text="Kelapa Dua")).to_have_count(1)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(
        "Batas desa: cahyadsn/wilayah_boundaries (MIT), kode Kemendagri"
    )
    expect(page.locator(".leaflet-control-scale-line")).to_contain_text("km")
    expect(page.locator('[data-ringkasan="desa"]')).to_contain_text("274")
    shot(page, artifacts / "peta.png")
    assert console.errors == []


def test_search_zooms_to_desa_and_opens_popup(live_server, page, artifacts):
    console = ConsoleLog(page)
    open_map(page, live_server)

    page.locator("#cari-desa").fill("Bencongan")
    options = page.locator("#hasil-cari .cari__opsi")
    expect(options).to_have_count(2)  # Bencongan and Bencongan Indah
    expect(options.first.locator(".cari__nama")).to_have_text("Bencongan")
    options.first.click()

    popup = page.locator(POPUP)
    expect(popup).to_have_attribute("data-kode", "36.03.28.1002")
    expect(popup).to_contain_text("Bencongan")
    expect(popup).to_contain_text("36.03.28.1002")
    expect(popup).to_contain_text("Kelapa Dua (36.03.28)")
    expect(popup).to_contain_text("Kelurahan")
    assert page.evaluate("websigMap.getZoom()") >= 13
    shot(page, artifacts / "peta-cari.png")

    # Enter takes the best match without touching the list.
    page.locator("#cari-desa").fill("bencongan indah")
    page.locator("#cari-desa").press("Enter")
    expect(popup).to_have_attribute("data-kode", "36.03.28.1003")
    assert console.errors == []


def test_click_tells_which_desa_and_kecamatan(live_server, page, artifacts):
    console = ConsoleLog(page, expected=[lookup_404])
    open_map(page, live_server)

    click_at(page, CANGKUDU, zoom=14)
    popup = page.locator(POPUP)
    expect(popup).to_have_attribute("data-status", "found")
    expect(popup).to_have_attribute("data-kode", "36.03.01.2003")
    expect(popup.locator(".info-wilayah__nama").first).to_have_text("Cangkudu")
    expect(popup).to_contain_text("Balaraja (36.03.01)")
    # Official area of Kecamatan Balaraja (Tabel 1.1), written the Indonesian way.
    expect(popup).to_contain_text("33,56 km²")
    # The clicked pixel is within a few metres of the point: 6,227xx° LS, 106,434xx° BT.
    expect(popup.locator(".info-wilayah__koordinat")).to_have_text(
        re.compile(r"Titik: 6,227\d\d° LS, 106,43\d\d\d° BT")
    )
    shot(page, artifacts / "peta-lookup.png")

    click_at(page, SERANG, zoom=11)
    expect(popup).to_have_attribute("data-status", "outside")
    expect(popup).to_contain_text("berada di luar Kabupaten Tangerang")
    assert console.errors == []


def test_language_switch_to_english(live_server, page, artifacts):
    console = ConsoleLog(page)
    open_map(page, live_server)
    nav_map = page.locator(".site-nav a").first
    expect(nav_map).to_have_text("Peta")
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.locator('.lang-switch button[value="en"]').click()
    page.wait_for_selector(MAP_READY)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav_map).to_have_text("Map")
    expect(page.locator("label[for=cari-desa]")).to_have_text("Find a desa/kelurahan")
    expect(page.locator(".leaflet-control-layers-overlays")).to_contain_text("Kecamatan boundaries")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Village boundaries")
    shot(page, artifacts / "peta-en.png")
    assert console.errors == []


def test_phone_layout(live_server, phone_page, artifacts):
    page = phone_page
    console = ConsoleLog(page)
    open_map(page, live_server)

    # The map fills the screen below the header; legend and information are folded away.
    header = page.locator(".site-header").bounding_box()
    peta = page.locator("#peta").bounding_box()
    assert peta["width"] == 390
    assert peta["y"] + peta["height"] == 844
    assert peta["y"] <= header["height"] + 1
    expect(page.locator("#panel-isi")).to_be_hidden()
    expect(page.locator(".site-nav")).to_be_hidden()
    shot(page, artifacts / "peta-phone.png")

    page.locator(".panel__toggle").click()
    expect(page.locator("#panel-isi")).to_be_visible()
    # The boundaries' legend (the peta jalan overlay has a legend of its own).
    expect(page.locator(".legenda").filter(has_text="Batas kecamatan")).to_be_visible()
    shot(page, artifacts / "peta-phone-legenda.png")

    page.locator(".menu-toggle").click()
    expect(page.locator(".site-nav")).to_be_visible()
    shot(page, artifacts / "peta-phone-menu.png")
    assert console.errors == []
