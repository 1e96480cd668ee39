"""River gauges on the public map: a circle per station in its state's colour,
offered in the layer control; a click opens the latest level and time in
Indonesian, the 7-day chart (uPlot) and, in alert, the desa downstream."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from flood.models import PosDugaAir

from .conftest import ConsoleLog, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")


@pytest.fixture
def demo_gauges(users):
    call_command("generate_demo_pos", stdout=open(os.devnull, "w"))


@pytest.mark.parametrize("which", ["page", "phone_page"])
def test_the_gauges_are_drawn_and_open_a_popup_with_a_chart(live_server, demo_gauges, request, artifacts, which):
    page = request.getfixturevalue(which)
    console = ConsoleLog(page)
    page.goto(live_server.url + "/")
    page.wait_for_selector('#peta[data-pos="siap"]')
    assert page.locator("#peta").get_attribute("data-pos-jumlah") == "5"
    # Siaga 2 is orange; the normal station below Siaga 4 blue.
    teluknaga = page.locator('[data-pos="pda-cisadane-teluknaga"]')
    expect(teluknaga).to_have_attribute("fill", "#f57c00")
    expect(page.locator('[data-pos="pda-cimanceuri-tigaraksa"]')).to_have_attribute("fill", "#2b83ba")
    expect(page.locator(".pos-legenda")).to_contain_text("Siaga 1 (awas)")
    shot(page, artifacts / f"peta-pos-{which}.png")

    teluknaga.click(force=True)
    popup = page.locator(".leaflet-popup-content .info-pos")
    expect(popup).to_contain_text("Pos Cisadane Teluknaga")
    expect(popup).to_contain_text("Siaga 2 (siaga)")
    expect(popup).to_contain_text("295,0 cm")  # Indonesian decimals
    expect(popup).to_contain_text("WIB")
    expect(popup).to_contain_text("DATA CONTOH (sintetis)")
    expect(popup.locator(".info-pos__grafik")).to_have_attribute("data-grafik", "siap")
    assert popup.locator(".info-pos__grafik canvas").count() == 1
    downstream = PosDugaAir.objects.get(kode="pda-cisadane-teluknaga").desa_hilir.count()
    expect(popup.locator(".info-pos__hilir li")).to_have_count(downstream)
    expect(popup).to_contain_text(f"Desa di hilir ({downstream})")
    shot(page, artifacts / f"peta-pos-popup-{which}.png")
    assert console.errors == []
