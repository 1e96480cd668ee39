"""Roadmap locations in the browser: on the public map (filter by dimension, a
popup with the programme, its target and the realisation in Indonesian), and
attached by an OPD operator who draws a point on the programme page."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from roadmap.lokasi import create_lokasi
from roadmap.models import LokasiProgram
from tests.factories.grid import CX, CY, lonlat

from .conftest import ConsoleLog, log_in, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")


@pytest.fixture
def peta_jalan(users):
    call_command("load_peta_jalan", stdout=open(os.devnull, "w"))
    point = {"type": "Point", "coordinates": lonlat(CX, CY)}
    # L-11 (Smart Living, Dishub): 34 units in 2025; one location reports 20.
    create_lokasi(
        users["dtrb"],
        {
            "program": "L-11",
            "tahun": 2025,
            "nama": "Halte Kelapa Dua",
            "geometry": point,
            "nilai_realisasi": 20,
            "status": "berjalan",
        },
    )
    far = {"type": "Point", "coordinates": lonlat(CX - 250, CY)}
    create_lokasi(users["dtrb"], {"program": "Ec-1", "tahun": 2025, "nama": "Jalan uji", "geometry": far})


def test_locations_on_the_public_map_filter_and_popup(live_server, peta_jalan, page, artifacts):
    console = ConsoleLog(page)
    page.goto(live_server.url + "/")
    page.locator("#peta-jalan-tampil").check()
    expect(page.locator("#peta-jalan")).to_have_attribute("data-loaded", "2")
    expect(page.locator("#peta-jalan-legenda")).to_contain_text("Smart Living")
    page.select_option("#pj-dimensi", "living")
    expect(page.locator("#peta-jalan")).to_have_attribute("data-loaded", "1")
    expect(page.locator("#peta-jalan-status")).to_have_text("1 lokasi ditampilkan")
    marker = page.locator("path.leaflet-interactive[fill='#e7298a']")
    box = marker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup-content .popup-peta-jalan")
    expect(popup).to_contain_text("Halte Kelapa Dua")
    expect(popup).to_contain_text("34 (Unit)")
    expect(popup).to_contain_text("Realisasi")
    shot(page, artifacts / "peta-jalan-popup.png")
    assert console.errors == []


def test_an_operator_draws_a_location_on_the_programme_page(live_server, peta_jalan, users, page, artifacts):
    console = ConsoleLog(page)
    log_in(page, live_server, "operator-dinkes")
    page.goto(live_server.url + "/peta-jalan/program/L-7/")
    page.locator(".leaflet-pm-icon-marker").click()
    box = page.locator("#peta-program").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    expect(page.locator("#lokasi-geometri")).to_contain_text("sudah digambar")
    page.locator("input[name=nama]").fill("Puskesmas uji")
    page.locator("input[name=nilai_realisasi]").fill("99,5")
    page.locator("input[name=anggaran]").fill("1.250.000")
    page.locator("#form-lokasi button[type=submit]").click()
    expect(page.locator("#tabel-lokasi")).to_contain_text("Puskesmas uji")
    expect(page.locator("#tabel-lokasi")).to_contain_text("1.250.000")
    lokasi = LokasiProgram.objects.get(nama="Puskesmas uji")
    assert (lokasi.opd.kode, float(lokasi.nilai_realisasi), int(lokasi.anggaran)) == ("dinkes", 99.5, 1250000)
    assert lokasi.desa_id is not None
    shot(page, artifacts / "peta-jalan-program-operator.png", full_page=True)
    assert console.errors == []
