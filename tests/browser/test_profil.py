"""The area profiles in a real browser: reached from the public map's search
and popup, the area drawn offline, no sideways scroll on a phone."""

import pytest
from playwright.sync_api import expect

from .conftest import ConsoleLog, export_legends, shot
from .test_peta import POPUP, open_map

pytestmark = pytest.mark.usefixtures("wilayah_live")


def test_search_and_popup_lead_to_the_profiles(live_server, page, artifacts):
    console = ConsoleLog(page)
    open_map(page, live_server)
    page.locator("#cari-desa").fill("Bencongan")
    option = page.locator("#hasil-cari .cari__opsi").first
    expect(option.locator(".cari__profil")).to_have_attribute("href", "/wilayah/desa/36.03.28.1002/")
    option.locator(".cari__nama").click()
    popup = page.locator(POPUP)
    expect(popup).to_have_attribute("data-kode", "36.03.28.1002")
    expect(popup.locator('.info-wilayah__profil[data-level="kecamatan"]')).to_have_attribute(
        "href", "/wilayah/kecamatan/36.03.28/"
    )
    popup.locator('.info-wilayah__profil[data-level="desa"]').click()

    expect(page.locator("h1")).to_have_text("Kelurahan Bencongan")
    expect(page.locator("#peta-profil path.wilayah-area")).to_have_count(1)
    expect(page.locator("#peta-profil")).to_have_attribute("data-neighbours", "1")
    # An export of the map names the area in its legend.
    assert export_legends(page, "websigProfilMap") == [
        {"title": "Kelurahan Bencongan", "entries": [["Kelurahan Bencongan", "#1f7a5c"]]}
    ]
    expect(page.locator("#unduh-laporan")).to_have_attribute("href", "/wilayah/desa/36.03.28.1002/laporan.pdf")
    expect(page.locator("#tetangga a").first).to_have_attribute("href", "/wilayah/desa/36.03.28.1003/")
    shot(page, artifacts / "profil-desa.png", full_page=True)
    assert console.errors == []


def test_kecamatan_profile_on_a_phone(live_server, phone_page, artifacts):
    page = phone_page
    console = ConsoleLog(page)
    page.goto(live_server.url + "/wilayah/kecamatan/36.03.28/")
    expect(page.locator("h1")).to_have_text("Kecamatan Kelapa Dua")
    expect(page.locator("#peta-profil")).to_have_attribute("data-neighbours", "2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator("#daftar-desa li")).to_have_count(6)  # the six kelurahan of Kelapa Dua
    shot(page, artifacts / "profil-kecamatan-hp.png", full_page=True)
    assert console.errors == []
