"""The KKPR check page (/kkpr/) in a real browser, on the half-and-half plan of
tests/tataruang/conftest.py: a KPI zone west of x = CX and a PS zone east of it
(UTM 48S), around Desa Kelapa Dua. In the ITBX matrix "pabrik" is I in KPI and
X in PS (Contoh Pasal 50 ayat (2) and Pasal 40 ayat (3)).

The assertions read data values (zone codes, ITBX letters, numbers) rather
than translated text, so they hold whatever the Indonesian catalogue says."""

import io
import json
import os
import re

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from layers import tasks as layer_tasks
from tests.tataruang.conftest import (  # noqa: F401 (fixtures)
    CX,
    CY,
    FLOOD_HAZARD,
    half_and_half_live,
    lonlat,
    polygon_layer,
    rdtr_live,
    rect,
)

from .conftest import ConsoleLog, export_legends, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")

READY = '#peta-kkpr[data-ready="true"][data-kecamatan-loaded="29"][data-desa-loaded="274"]'
MAP = "#peta-kkpr"
VERDICT = "#kkpr-hasil .kkpr-putusan"
ZONE_ROWS = "#kkpr-hasil tr.kkpr-zona__baris"


@pytest.fixture
def plan(request, monkeypatch):
    """The active half-and-half RTRW and the ITBX matrix. Its layers are imported
    inside the fixture, so the import task that start_upload queues is not sent."""
    monkeypatch.setattr(layer_tasks.import_upload, "apply_async", lambda *args, **kwargs: None)
    plan, _land_use = request.getfixturevalue("half_and_half_live")
    call_command("load_tataruang_reference", stdout=open(os.devnull, "w"))
    return plan


def api_errors(text, url):
    """Answers the page shows itself: the 404 outside the kabupaten, the 400 of
    the replaced answer in the escaping test."""
    return "/api/tataruang/kkpr/" in url and ("404" in text or "400" in text)


def open_page(page, live_server, path="/kkpr/"):
    page.goto(live_server.url + path)
    page.wait_for_selector(READY)


def screen_point(page, lon, lat):
    """The page pixel of a lon/lat on the map."""
    return page.evaluate(
        """([lat, lon]) => {
            const p = websigKkprMap.latLngToContainerPoint([lat, lon]);
            const box = websigKkprMap.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [lat, lon],
    )


def click_map(page, lon, lat, zoom=15):
    """Centre the map on a lon/lat and click there, at the pixel Leaflet computes."""
    page.locator(MAP).scroll_into_view_if_needed()
    page.evaluate("([lat, lon, z]) => websigKkprMap.setView([lat, lon], z, {animate: false})", [lat, lon, zoom])
    x, y = screen_point(page, lon, lat)
    page.mouse.click(x, y)


def check(page):
    page.locator("#tombol-periksa").click()
    expect(page.locator(MAP)).to_have_attribute("data-state", "done")


def number(text):
    """A number as the Indonesian page writes it (decimal comma)."""
    return float(text.strip().replace(".", "").replace(",", "."))


def test_points_west_and_east_of_the_zone_boundary(live_server, page, plan, artifacts):
    console = ConsoleLog(page)
    open_page(page, live_server)
    # The select holds the 13 activities of the reference data in 6 kelompok.
    expect(page.locator("#pilih-kegiatan optgroup")).to_have_count(6)
    expect(page.locator("#pilih-kegiatan option[value=pabrik]")).to_have_count(1)
    page.locator("#pilih-kegiatan").select_option("pabrik")

    # 250 m west of the boundary: the KPI zone, industry permitted (I).
    click_map(page, *lonlat(CX - 250, CY))
    expect(page.locator("#kkpr-lokasi")).to_have_attribute("data-jenis", "point")
    check(page)
    expect(page.locator(MAP)).to_have_attribute("data-itbx", "I")
    expect(page.locator(VERDICT)).to_have_attribute("data-itbx", "I")
    expect(page.locator(f"{VERDICT} .kkpr-putusan__kode")).to_have_text("I")
    rows = page.locator(ZONE_ROWS)
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-kode", "KPI")
    expect(rows.first).to_have_attribute("data-itbx", "I")
    expect(rows.first.locator(".kkpr-zona__porsi")).to_have_text("100%")
    result = page.locator("#kkpr-hasil")
    expect(result).to_contain_text("Contoh Pasal 50 ayat (2)")
    expect(result).to_contain_text("Perda No. 1 Tahun 2026")
    expect(result).to_contain_text("Kelapa Dua (36.03.28)")
    # No LP2B or flood layer is published in this database; the plan is not a sample.
    expect(page.locator("#kkpr-hasil [data-lapisan=lp2b]")).to_have_attribute("data-kena", "none")
    expect(page.locator("#kkpr-hasil [data-lapisan=rawan_banjir]")).to_have_attribute("data-kena", "none")
    expect(page.locator("#kkpr-hasil [data-lapisan=bahaya_banjir]")).to_have_attribute("data-kena", "none")
    expect(page.locator("#kkpr-hasil .kkpr-contoh")).to_have_count(0)
    # The point check is kept in the address, so the link can be shared.
    assert "kegiatan=pabrik" in page.url and "lon=" in page.url
    shot(page, artifacts / "kkpr-i.png")

    # 250 m east: the PS (sempadan) zone, industry not permitted (X).
    click_map(page, *lonlat(CX + 250, CY))
    check(page)
    expect(page.locator(VERDICT)).to_have_attribute("data-itbx", "X")
    expect(page.locator(f"{VERDICT} .kkpr-putusan__kode")).to_have_text("X")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-kode", "PS")
    expect(rows.first).to_have_attribute("data-itbx", "X")
    expect(result).to_contain_text("Contoh Pasal 40 ayat (3)")
    assert page.evaluate("getComputedStyle(document.querySelector('.kkpr-putusan__kode')).backgroundColor") == (
        "rgb(197, 34, 31)"  # --itbx-X: #c5221f
    )
    shot(page, artifacts / "kkpr.png")
    assert console.errors == []


def test_parcel_across_the_boundary_and_its_pdf(live_server, page, plan, artifacts):
    console = ConsoleLog(page)
    open_page(page, live_server)
    page.locator("#pilih-kegiatan").select_option("pabrik")
    # A 100 m x 100 m parcel centred on the boundary, drawn with Geoman's polygon
    # tool and closed on its first corner: half KPI (I), half PS (X).
    centre = lonlat(CX, CY)
    page.evaluate("([lat, lon]) => websigKkprMap.setView([lat, lon], 17, {animate: false})", [centre[1], centre[0]])
    page.locator(".leaflet-pm-icon-polygon").click()
    corners = [lonlat(CX - 50, CY - 50), lonlat(CX + 50, CY - 50), lonlat(CX + 50, CY + 50), lonlat(CX - 50, CY + 50)]
    for lon, lat in [*corners, corners[0]]:
        x, y = screen_point(page, lon, lat)
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        page.wait_for_timeout(150)
    expect(page.locator("#kkpr-lokasi")).to_have_attribute("data-jenis", "parcel")
    check(page)

    expect(page.locator(VERDICT)).to_have_attribute("data-itbx", "X")  # the strictest zone counts
    rows = page.locator(ZONE_ROWS)
    expect(rows).to_have_count(2)
    zones = {
        rows.nth(i).get_attribute("data-kode"): (
            rows.nth(i).get_attribute("data-itbx"),
            number(rows.nth(i).locator(".kkpr-zona__persen").text_content().rstrip("%")),
        )
        for i in range(2)
    }
    # Each zone holds 50 m x 100 m = 0.5 ha of the 1.00 ha parcel: 50%. The
    # corners were clicked on whole pixels of about 1.2 m (zoom 17), so the
    # shares and the area may be off by a pixel's width: +-1.5 points, +-0.03 ha.
    assert {kode: verdict for kode, (verdict, _share) in zones.items()} == {"KPI": "I", "PS": "X"}
    assert all(abs(share - 50) <= 1.5 for _verdict, share in zones.values())
    area = page.locator("#kkpr-hasil .kkpr-fakta dd").first.text_content()
    assert abs(number(re.search(r"([\d,]+) ha", area).group(1)) - 1.0) <= 0.03

    # "Download PDF" posts the same parcel and saves the PDF it gets back.
    with page.expect_download() as download:
        page.locator("#tombol-pdf").click()
    assert download.value.suggested_filename == "cek-kesesuaian-ruang-indikatif.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    shot(page, artifacts / "kkpr-persil.png")

    # A click on the map keeps the drawn parcel; "Remove" clears it.
    click_map(page, *lonlat(CX - 250, CY), zoom=17)
    expect(page.locator("#kkpr-lokasi")).to_have_attribute("data-jenis", "parcel")
    page.locator("#tombol-hapus-lokasi").click()
    expect(page.locator("#kkpr-lokasi")).to_have_attribute("data-jenis", "")
    assert console.errors == []


def test_errors_are_shown_and_escaped(live_server, page, plan, artifacts):
    console = ConsoleLog(page, expected=[api_errors])
    open_page(page, live_server)
    # Check without a location: the page asks for one and sends nothing.
    page.locator("#pilih-kegiatan").select_option("pabrik")
    page.locator("#tombol-periksa").click()
    expect(page.locator("#kkpr-galat")).to_be_visible()
    expect(page.locator(MAP)).to_have_attribute("data-state", "idle")

    # Outside the kabupaten (Jakarta, Monas), chosen with the keyboard: Enter on
    # the focused map takes its centre. The API's 404 message is shown.
    page.evaluate("() => websigKkprMap.setView([-6.1754, 106.8272], 12, {animate: false})")
    page.locator(MAP).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#kkpr-lokasi")).to_have_attribute("data-jenis", "point")
    page.locator("#tombol-periksa").click()
    expect(page.locator(MAP)).to_have_attribute("data-state", "error")
    expect(page.locator("#kkpr-galat")).to_contain_text("Kabupaten Tangerang")
    expect(page.locator("#kkpr-hasil")).to_be_hidden()

    # An answer carrying markup is written as text, never parsed.
    evil = '<img src=x id="jahat" onerror="window.diserang=1">'
    page.route(
        "**/api/tataruang/kkpr/?*",
        lambda route: route.fulfill(status=400, json={"detail": evil, "parameter": "kegiatan"}),
    )
    click_map(page, *lonlat(CX - 250, CY))
    expect(page.locator("#kkpr-galat .kkpr-galat__isi")).to_have_text(evil)
    expect(page.locator("#jahat")).to_have_count(0)
    expect(page.locator("#pilih-kegiatan")).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("window.diserang") is None

    # A sample plan is flagged; names from the API stay text.
    page.unroute("**/api/tataruang/kkpr/?*")

    def sample(route):
        body = route.fetch().json()
        body["is_sample"] = True
        body["zona"][0]["nama"] = evil
        route.fulfill(json=body)

    page.route("**/api/tataruang/kkpr/?*", sample)
    check(page)
    expect(page.locator("#kkpr-hasil .kkpr-contoh")).to_contain_text("DATA CONTOH (sintetis)")
    expect(page.locator(f"{ZONE_ROWS} .kkpr-zona__nama-teks")).to_have_text(evil)
    expect(page.locator("#jahat")).to_have_count(0)
    shot(page, artifacts / "kkpr-contoh.png")
    assert console.errors == []


def test_phone_layout(live_server, phone_page, plan, artifacts):
    page = phone_page
    console = ConsoleLog(page)
    open_page(page, live_server, "/kkpr/?kegiatan=pabrik")
    # The map comes first, the form below it; nothing is wider than the screen.
    map_box = page.locator(MAP).bounding_box()
    form_box = page.locator("#form-kkpr").bounding_box()
    assert map_box["y"] + map_box["height"] <= form_box["y"]
    assert map_box["height"] >= 280
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, artifacts / "kkpr-ponsel.png")

    click_map(page, *lonlat(CX - 250, CY))
    check(page)
    expect(page.locator(VERDICT)).to_have_attribute("data-itbx", "I")
    expect(page.locator(VERDICT)).to_be_in_viewport()  # scrolled to the result
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, artifacts / "kkpr-ponsel-hasil.png")
    assert console.errors == []


@pytest.fixture
def rdtr(request, monkeypatch):
    """The constructed RDTR of WP-03 (tests/tataruang/conftest.py RDTR_ZONES), active."""
    monkeypatch.setattr(layer_tasks.import_upload, "apply_async", lambda *args, **kwargs: None)
    return request.getfixturevalue("rdtr_live")


def test_the_verdict_names_wp_swp_and_blok(live_server, page, rdtr, artifacts):
    console = ConsoleLog(page)
    open_page(page, live_server, "/kkpr/?kegiatan=ruko")
    # 200 m north-east of (CX, CY): the K-2 zone of WP-03, SWP-1, blok 1.2, where a ruko is I.
    click_map(page, *lonlat(CX + 200, CY + 200))
    check(page)
    rows = page.locator(ZONE_ROWS)
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-kode", "K-2")
    expect(rows.first).to_have_attribute("data-itbx", "I")
    expect(rows.first).to_have_attribute("data-wp", "WP-03")
    expect(rows.first).to_have_attribute("data-swp", "SWP-1")
    expect(rows.first).to_have_attribute("data-blok", "1.2")
    expect(rows.first.locator(".kkpr-zona__hierarki")).to_have_text("WP: WP-03 · SWP: SWP-1 · Blok: 1.2")
    result = page.locator("#kkpr-hasil")
    expect(result).to_contain_text("RDTR WP-03 uji")
    expect(result).to_contain_text("KDB 70 · KDH 10 · KLB 2,80")
    page.locator(".kkpr-zona__hierarki").scroll_into_view_if_needed()
    shot(page, artifacts / "kkpr-rdtr.png")
    assert console.errors == []


def test_flood_hazard_classes_are_listed(live_server, page, plan, artifacts):
    """A published BPBD flood-hazard layer with a KELAS column: the verdict
    names the hazard class the point lies in."""
    from django.contrib.auth import get_user_model

    from akun.models import Opd

    opd = {o.kode: o for o in Opd.objects.all()}
    users = {"dtrb": get_user_model().objects.get(username="perencana-live")}
    polygon_layer(users, opd, "rawan-banjir-uji", FLOOD_HAZARD, expected="bpbd-rawan-banjir", publish=True)
    console = ConsoleLog(page)
    open_page(page, live_server, "/kkpr/?kegiatan=pabrik")
    click_map(page, *lonlat(CX - 250, CY - 350))
    check(page)
    flood = page.locator("#kkpr-hasil [data-lapisan=rawan_banjir]")
    expect(flood).to_have_attribute("data-kena", "true")
    expect(flood.locator(".kkpr-tumpang__rincian li")).to_have_count(1)
    expect(flood.locator(".kkpr-tumpang__rincian li")).to_have_attribute("data-kelas", "Sedang")
    expect(flood.locator(".kkpr-tumpang__rincian li")).to_contain_text("Sedang")
    expect(page.locator("#kkpr-hasil [data-lapisan=lp2b]")).to_have_attribute("data-kena", "none")
    flood.scroll_into_view_if_needed()
    shot(page, artifacts / "kkpr-banjir.png")
    assert console.errors == []


def pixel(page, x, y):
    """The (r, g, b) the page shows at a page pixel."""
    png = page.screenshot(clip={"x": x - 1, "y": y - 1, "width": 3, "height": 3})
    return Image.open(io.BytesIO(png)).convert("RGB").getpixel((1, 1))


def hex_rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_zones_under_an_uploaded_parcel_are_drawn_with_their_share(live_server, page, plan, artifacts, tmp_path):
    """A GeoJSON parcel of 300 m x 200 m = 6.00 ha from x = CX - 200 to CX + 100: 200 m x 200 m
    = 4.00 ha (66.67%) in KPI, 100 m x 200 m = 2.00 ha (33.33%) in PS. Both decide (over 2%);
    the strictest, PS (X for a factory), gives the verdict."""
    console = ConsoleLog(page)
    parcel = tmp_path / "persil.geojson"
    parcel.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Polygon", "coordinates": rect(CX - 200, CY - 100, CX + 100, CY + 100)},
                    }
                ],
            }
        )
    )
    open_page(page, live_server)
    page.locator("#pilih-kegiatan").select_option("pabrik")
    page.locator("#masukan-berkas summary").click()
    page.locator("#berkas-persil").set_input_files(str(parcel))
    expect(page.locator("#kkpr-lokasi")).to_have_attribute("data-jenis", "parcel")
    # The box shows the server's area (EPSG:32748) before the check: 6,00 ha.
    expect(page.locator("#kkpr-lokasi-teks")).to_have_attribute("data-luas-ha", "6")
    expect(page.locator("#kkpr-lokasi-teks")).to_contain_text("6,00 ha")
    check(page)
    expect(page.locator(MAP)).to_have_attribute("data-zones", "2")
    rows = page.locator(ZONE_ROWS)
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-kode", "KPI")
    expect(rows.nth(0).locator(".kkpr-zona__persen")).to_have_text("66,67%")
    expect(rows.nth(0).locator(".kkpr-zona__ha")).to_have_text("4,00 ha")
    expect(rows.nth(1)).to_have_attribute("data-kode", "PS")
    expect(rows.nth(1).locator(".kkpr-zona__persen")).to_have_text("33,33%")
    expect(rows.nth(1)).to_have_attribute("data-menentukan", "true")
    expect(page.locator("#kkpr-aturan")).to_have_attribute("data-zona", "PS")
    expect(page.locator("#kkpr-aturan")).to_contain_text("PS (33,33%")
    # The same area in the location box, the result and (tests/tataruang/test_kkpr_pdf.py) the PDF.
    expect(page.locator("#kkpr-hasil .kkpr-fakta dd").first).to_contain_text("6,00 ha")
    expect(page.locator("#kkpr-lokasi-teks")).to_contain_text("6,00 ha")
    # The legend lists both classes with their share.
    expect(page.locator(".kkpr-legenda__item")).to_have_count(2)
    expect(page.locator(".kkpr-legenda__item[data-kode=KPI]")).to_contain_text("66,67%")
    # An export of the map shows the same legend.
    (legend,) = export_legends(page, "websigKkprMap")
    assert legend["title"] == "Zona di bawah persil"
    assert [label.split(" · ")[1] for label, _colour in legend["entries"]] == ["66,67%", "33,33%"]
    assert [label.split()[0] for label, _colour in legend["entries"]] == ["KPI", "PS"]

    # Pixels: in the KPI part the class colour at 72% over the map's background, likewise in PS.
    colours = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.kkpr-legenda__item')].map(
            (i) => [i.dataset.kode, i.querySelector('.kkpr-legenda__warna').style.background]))"""
    )
    # The parcel's vertex handles and the toolbar would cover sampled pixels.
    page.evaluate(
        """() => websigKkprMap.getContainer()
            .querySelectorAll('.leaflet-marker-pane, .leaflet-pm-toolbar').forEach((e) => e.remove())"""
    )
    centre = lonlat(CX - 50, CY)
    page.evaluate("([lat, lon]) => websigKkprMap.setView([lat, lon], 17, {animate: false})", [centre[1], centre[0]])
    page.wait_for_timeout(300)
    background = pixel(page, *screen_point(page, *lonlat(CX - 200, CY + 160)))  # outside the parcel
    for kode, x in (("KPI", CX - 120), ("PS", CX + 50)):
        rgb = tuple(int(v) for v in re.findall(r"\d+", colours[kode])[:3])
        expected = tuple(0.72 * c + 0.28 * b for c, b in zip(rgb, background, strict=True))
        seen = pixel(page, *screen_point(page, *lonlat(x, CY + 30)))
        assert all(abs(s - e) <= 14 for s, e in zip(seen, expected, strict=True)), (kode, seen, expected)
    shot(page, artifacts / "kkpr-zona.png")
    assert console.errors == []


def test_typed_utm_coordinates_and_the_desa_search(live_server, page, plan, artifacts):
    console = ConsoleLog(page)
    open_page(page, live_server, "/kkpr/?kegiatan=pabrik")
    # 250 m west of the boundary typed in UTM 48S, Indonesian style (thousands dots, decimal comma).
    page.locator("#masukan-koordinat summary").click()
    page.locator("input[name=sistem-koordinat][value=utm]").check()
    easting = f"{CX - 250:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    northing = f"{CY:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    page.locator("#koordinat-1").fill(easting)
    page.locator("#koordinat-2").fill(northing)
    page.locator("#tombol-koordinat").click()
    expect(page.locator("#kkpr-lokasi")).to_have_attribute("data-jenis", "point")
    expect(page.locator("#kkpr-lokasi-teks")).to_contain_text("UTM 48S")
    check(page)
    rows = page.locator(ZONE_ROWS)
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-kode", "KPI")
    # The placed point is the typed one to under a metre (compare its lon/lat with the grid's).
    lon, lat = lonlat(CX - 250, CY)
    placed = page.evaluate(
        "() => new URLSearchParams(location.search).get('lon') + ',' + new URLSearchParams(location.search).get('lat')"
    )
    placed_lon, placed_lat = (float(v) for v in placed.split(","))
    assert abs(placed_lon - lon) * 110_500 < 1 and abs(placed_lat - lat) * 110_500 < 1
    # A point's zone is drawn around it (300 m).
    expect(page.locator(MAP)).to_have_attribute("data-zones", "1")

    # Degrees that lie outside the regency: the server's 404 message.
    page.locator("input[name=sistem-koordinat][value=derajat]").check()
    page.locator("#koordinat-1").fill("106,8272")
    page.locator("#koordinat-2").fill("-6,1754")
    page.locator("#tombol-koordinat").click()
    expect(page.locator("#kkpr-galat")).to_contain_text("Kabupaten Tangerang")

    # The desa search zooms to the desa and outlines it.
    page.locator("#masukan-desa summary").click()
    page.locator("#cari-desa").fill("Kelapa Dua")
    page.locator("#hasil-cari .cari__opsi").first.wait_for()
    page.locator("#cari-desa").press("Enter")
    expect(page.locator(MAP)).to_have_attribute("data-desa", re.compile(r"^36\.03\.28\."))
    shot(page, artifacts / "kkpr-koordinat.png")
    assert console.errors == [] or all("/kkpr/titik/" in e for e in console.errors)
