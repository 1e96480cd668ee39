"""The feature editor in a real browser: a DTRB planner draws a polygon with
Leaflet-Geoman, fills in its attributes and saves; the server places it in
Desa Kelapa Dua; undo, the history page and restore bring it back and forth.
Failed saves (no connection, invalid geometry, someone else's newer version)
keep the drawing on the map."""

import json
import os

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import expect

from akun.models import Opd
from layers import editing, services, tasks
from layers.models import Feature, FeatureChange
from tests.factories import PASSWORD, make_user
from tests.layers import files

from .conftest import PHONE, TILE_SERVER, ConsoleLog, export_legends, log_in, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")

# A point inside Desa Kelapa Dua (ST_PointOnSurface of 36.03.28.1001, see
# tests/layers/files.py); the drawn square is 2 x 0.0003° (about 66 m) around it.
LON, LAT = files.KELAPA_DUA[:2]
HALF = 0.0003
EDITOR_READY = '#peta-editor[data-state="ready"]'


@pytest.fixture
def taman(wilayah_live, monkeypatch):
    """A published DTRB polygon layer (one park in Balaraja, attributes nama and
    luas) and the planner perencana-uji. The import runs here, not in Celery."""
    monkeypatch.setattr(tasks.import_upload, "apply_async", lambda *args, **kwargs: None)
    call_command("load_opd", stdout=open(os.devnull, "w"))
    opd_dtrb = Opd.objects.get(kode="dtrb")
    planner = make_user("perencana-uji", opd_dtrb, staff=True)
    data = files.feature_collection(
        [
            {
                "type": "Feature",
                "properties": {"nama": "Taman Awal", "luas": 10},
                "geometry": {"type": "Polygon", "coordinates": [files.square(*files.BALARAJA[:2], half=0.0005)]},
            }
        ]
    )
    job = services.start_upload(
        uploaded_file=SimpleUploadedFile("taman.geojson", data), title="Taman Kota", opd=opd_dtrb, user=planner
    )
    version = services.run_upload(job.id).layer_version
    services.publish_version(services.submit_version(version, planner), planner)
    version.layer.refresh_from_db()
    return version.layer


def expected_errors(text, url):
    """Answers the editor handles itself: the refused or conflicting save, the
    aborted request of the offline test."""
    return "/api/layers/" in url and any(code in text for code in ("400", "409", "ERR_FAILED", "404"))


def open_editor(page, live_server, layer, loaded):
    page.goto(f"{live_server.url}/editor/{layer.slug}/")
    page.wait_for_selector(f'{EDITOR_READY}[data-loaded="{loaded}"]')


def screen_point(page, lon, lat):
    """The page pixel of a lon/lat on the editor map."""
    return page.evaluate(
        """([lat, lon]) => {
            const p = websigEditorMap.latLngToContainerPoint([lat, lon]);
            const box = websigEditorMap.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [lat, lon],
    )


def draw_square(page):
    """Centre the map on Kelapa Dua and draw a square with Geoman's polygon tool,
    closing it on its first corner."""
    page.evaluate("([lat, lon]) => websigEditorMap.setView([lat, lon], 17, {animate: false})", [LAT, LON])
    page.locator(".leaflet-pm-icon-polygon").click()
    corners = [(LON - HALF, LAT - HALF), (LON + HALF, LAT - HALF), (LON + HALF, LAT + HALF), (LON - HALF, LAT + HALF)]
    for lon, lat in [*corners, corners[0]]:
        x, y = screen_point(page, lon, lat)
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        page.wait_for_timeout(150)
    expect(page.locator("#peta-editor")).to_have_attribute("data-selected", "new")


def fill_attributes(page, nama, luas):
    page.locator("input[name=nama]").fill(nama)
    page.locator("input[name=luas]").fill(str(luas))


def api_feature(page, live_server, layer, feature_id):
    response = page.request.get(f"{live_server.url}/api/layers/{layer.slug}/features/{feature_id}/")
    return response.status, (response.json() if response.ok else None)


def test_draw_save_undo_and_restore(live_server, page, taman, artifacts):
    console = ConsoleLog(page)
    log_in(page, live_server, "perencana-uji")
    open_editor(page, live_server, taman, loaded=1)
    expect(page.locator(".leaflet-pm-icon-marker")).to_have_count(0)  # polygon layer: no marker tool
    expect(page.locator(".leaflet-pm-icon-rectangle")).to_have_count(1)
    # An export of the map names the layer in its legend, in the colour the editor draws it.
    (legend,) = export_legends(page, "websigEditorMap")
    assert legend["title"] == taman.title and len(legend["entries"]) == 1
    assert legend["entries"][0][0] == taman.title
    assert legend["entries"][0][1] == page.evaluate("() => websigEditorMap.pm.globalOptions.pathOptions.color")
    shot(page, artifacts / "editor-layer.png")

    draw_square(page)
    fill_attributes(page, "Taman Uji", 25)
    shot(page, artifacts / "editor-draw.png")
    page.locator("#tombol-simpan").click()
    expect(page.locator("#peta-editor")).to_have_attribute("data-state", "saved")
    expect(page.locator("#editor-pesan")).to_contain_text("Kelapa Dua")
    expect(page.locator("#fitur-wilayah")).to_have_text("Desa/Kelurahan Kelapa Dua, Kecamatan Kelapa Dua")
    expect(page.locator("#editor-sesi")).to_be_visible()
    shot(page, artifacts / "editor-saved.png")
    feature_id = int(page.locator("#peta-editor").get_attribute("data-last-saved"))

    status, body = api_feature(page, live_server, taman, feature_id)
    assert status == 200 and body["version"] == 1
    assert body["properties"]["_desa_nama"] == "Kelapa Dua" and body["properties"]["luas"] == 25
    assert body["geometry"]["type"] == "MultiPolygon"
    ring = body["geometry"]["coordinates"][0][0]
    assert len(ring) == 5 and all(abs(lon - LON) < 2 * HALF and abs(lat - LAT) < 2 * HALF for lon, lat in ring)
    change = FeatureChange.objects.get(feature_id=feature_id)
    assert (change.action, change.source, change.user.username) == ("create", "editor", "perencana-uji")

    # After a reload the polygon comes from the server.
    open_editor(page, live_server, taman, loaded=2)

    # Change an attribute, save, then undo that save: back to luas 25.
    page.evaluate("([lat, lon]) => websigEditorMap.setView([lat, lon], 17, {animate: false})", [LAT, LON])
    x, y = screen_point(page, LON, LAT)
    page.mouse.click(x, y)
    expect(page.locator("#peta-editor")).to_have_attribute("data-selected", str(feature_id))
    expect(page.locator("input[name=luas]")).to_have_value("25")
    page.locator("input[name=luas]").fill("30")
    page.locator("#tombol-simpan").click()
    expect(page.locator("#peta-editor")).to_have_attribute("data-state", "saved")
    assert api_feature(page, live_server, taman, feature_id)[1]["properties"]["luas"] == 30
    expect(page.locator("#tombol-urungkan")).to_be_enabled()
    page.locator("#tombol-urungkan").click()
    expect(page.locator("#peta-editor")).to_have_attribute("data-state", "undone")
    status, body = api_feature(page, live_server, taman, feature_id)
    assert body["properties"]["luas"] == 25 and body["version"] == 3
    assert FeatureChange.objects.filter(feature_id=feature_id).latest("id").action == "revert"

    # Delete it (with confirmation) and restore it on its history page.
    page.mouse.click(x, y)
    page.locator("#tombol-hapus").click()
    expect(page.locator("#konfirmasi-hapus")).to_be_visible()
    page.locator("#tombol-hapus-ya").click()
    expect(page.locator("#peta-editor")).to_have_attribute("data-state", "deleted")
    expect(page.locator("#peta-editor")).to_have_attribute("data-loaded", "1")
    assert api_feature(page, live_server, taman, feature_id)[0] == 404

    page.goto(f"{live_server.url}/editor/{taman.slug}/fitur/{feature_id}/riwayat/")
    expect(page.locator("[data-keadaan=dihapus]")).to_be_visible()
    expect(page.locator(".linimasa__tombol")).to_have_count(4)  # delete, revert, update, create
    page.locator(".linimasa__tombol").nth(2).click()  # the update: luas 25 -> 30
    expect(page.locator(".tabel-atribut tr.berubah")).to_contain_text("30")
    shot(page, artifacts / "editor-riwayat-dihapus.png")
    page.locator("#tombol-pulihkan").click()
    expect(page.locator("[data-keadaan=ada]")).to_be_visible()
    expect(page.locator("#riwayat-pesan")).to_contain_text("versi 4")
    status, body = api_feature(page, live_server, taman, feature_id)
    assert status == 200 and body["properties"]["_desa_nama"] == "Kelapa Dua" and body["properties"]["luas"] == 25
    shot(page, artifacts / "editor-riwayat.png")

    # The change log lists the five edits and the upload of the first feature.
    page.goto(f"{live_server.url}/editor/{taman.slug}/riwayat/")
    expect(page.locator("tr[data-change]")).to_have_count(
        6
    )  # five edits + the upload that created the layer's first feature
    shot(page, artifacts / "editor-riwayat-layer.png")
    assert console.errors == []


def test_failed_saves_keep_the_drawing(live_server, page, taman, artifacts):
    console = ConsoleLog(page, expected=[expected_errors])
    log_in(page, live_server, "perencana-uji")
    open_editor(page, live_server, taman, loaded=1)
    draw_square(page)
    fill_attributes(page, "Taman Luring", 5)
    features_url = f"{live_server.url}/api/layers/{taman.slug}/features/"

    # No connection: the drawing and the values stay, a retry button appears.
    page.route(features_url, lambda route: route.abort())
    page.locator("#tombol-simpan").click()
    message = page.locator("#editor-pesan [data-jenis=galat]")
    expect(message).to_contain_text("Server tidak dapat dihubungi")
    expect(page.locator("#peta-editor")).to_have_attribute("data-selected", "new")
    expect(page.locator("input[name=nama]")).to_have_value("Taman Luring")
    page.unroute(features_url)

    # An invalid geometry (as the server reports it): a marker where it is wrong.
    location = {"lon": LON, "lat": LAT}
    refusal = {
        "detail": "Geometri tidak valid: Self-intersection.",
        "reason": "Self-intersection",
        "location": location,
    }
    page.route(
        features_url,
        lambda route: route.fulfill(status=400, content_type="application/json", body=json.dumps(refusal)),
    )
    page.locator("#tombol-simpan").click()
    expect(message).to_contain_text("Self-intersection")
    expect(page.locator("path.titik-masalah")).to_have_count(1)
    expect(page.locator(".popup-masalah")).to_contain_text("Self-intersection")
    shot(page, artifacts / "editor-galat-geometri.png")
    page.unroute(features_url)

    # The retry succeeds with the same drawing.
    page.locator("#tombol-simpan").click()
    expect(page.locator("#peta-editor")).to_have_attribute("data-state", "saved")
    assert Feature.objects.filter(attrs__nama="Taman Luring", desa__nama="Kelapa Dua").count() == 1
    assert console.errors == []


def test_conflict_shows_who_and_keeps_my_change(live_server, page, taman, artifacts):
    console = ConsoleLog(page, expected=[expected_errors])
    other = make_user("perencana-lain", taman.opd, staff=True)
    feature = Feature.objects.get(version__layer=taman)
    log_in(page, live_server, "perencana-uji")
    open_editor(page, live_server, taman, loaded=1)
    lon, lat = files.BALARAJA[:2]
    page.evaluate("([lat, lon]) => websigEditorMap.setView([lat, lon], 17, {animate: false})", [lat, lon])
    x, y = screen_point(page, lon, lat)
    page.mouse.click(x, y)
    expect(page.locator("#peta-editor")).to_have_attribute("data-selected", str(feature.pk))

    # Meanwhile another planner renames the park.
    editing.update_feature(taman, feature.pk, {"properties": {"nama": "Taman Mereka"}}, other, "api", 1, partial=True)
    page.locator("input[name=nama]").fill("Taman Saya")
    page.locator("#tombol-simpan").click()
    message = page.locator("#editor-pesan [data-jenis=konflik]")
    expect(message).to_contain_text("perencana-lain")
    expect(page.locator("#peta-editor")).to_have_attribute("data-state", "conflict")
    # My unsaved version is drawn dashed on the map.
    expect(page.locator('path[stroke-dasharray="8 6"]')).to_have_count(1)
    shot(page, artifacts / "editor-konflik.png")

    message.get_by_role("button", name="Muat versi terbaru").click()
    expect(page.locator("input[name=nama]")).to_have_value("Taman Mereka")
    expect(page.locator('path[stroke-dasharray="8 6"]')).to_have_count(1)
    page.locator("#editor-pesan").get_by_role("button", name="Pakai ubahan saya").click()
    expect(page.locator("input[name=nama]")).to_have_value("Taman Saya")
    page.locator("#tombol-simpan").click()
    expect(page.locator("#peta-editor")).to_have_attribute("data-state", "saved")
    feature.refresh_from_db()
    assert feature.attrs["nama"] == "Taman Saya" and feature.revision == 3
    assert console.errors == []


def test_editor_on_a_phone(live_server, browser, taman, artifacts):
    context = browser.new_context(locale="id-ID", **PHONE)
    page = context.new_page()
    page.route(TILE_SERVER + "**", lambda route: route.abort())
    console = ConsoleLog(page)
    log_in_phone = page.goto(live_server.url + "/masuk/")
    assert log_in_phone.ok
    page.locator("#id_username").fill("perencana-uji")
    page.locator("#id_password").fill(PASSWORD)
    page.locator(".masuk__kartu button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    open_editor(page, live_server, taman, loaded=1)
    box = page.locator("#peta-editor").bounding_box()
    assert box["width"] == 390 and box["height"] > 300
    expect(page.locator(".leaflet-pm-icon-polygon")).to_be_visible()
    shot(page, artifacts / "editor-ponsel.png")
    context.close()
    assert console.errors == []


def test_after_a_revert_the_history_highlights_the_revert(live_server, page, taman, artifacts):
    # The park updated once (luas 10 -> 99); the planner opens its history on
    # that update (?perubahan=, as the layer's change log links it) and reverts
    # to the state before it. The page used to reload on the same address, so the
    # old "Diubah" entry stayed highlighted as if nothing had happened.
    console = ConsoleLog(page)
    feature = Feature.objects.get(version=taman.published_version)
    user = User.objects.get(username="perencana-uji")
    editing.update_feature(taman, feature.pk, {"properties": {"luas": 99}}, user, "api", feature.revision, partial=True)
    update = FeatureChange.objects.filter(feature_id=feature.pk).latest("id")
    assert update.action == "update"
    log_in(page, live_server, "perencana-uji")
    page.goto(f"{live_server.url}/editor/{taman.slug}/fitur/{feature.pk}/riwayat/?perubahan={update.pk}")
    pressed = page.locator('.linimasa__tombol[aria-pressed="true"]')
    expect(pressed).to_have_attribute("data-change", str(update.pk))
    expect(pressed.locator("[data-kini]")).to_have_text("keadaan sekarang")
    page.locator('.pilih-keadaan button[data-keadaan="before"]').click()
    page.locator("#tombol-kembalikan").click()
    expect(page.locator("#riwayat-pesan")).to_contain_text("versi 3")
    revert = FeatureChange.objects.filter(feature_id=feature.pk).latest("id")
    assert revert.action == "revert" and "perubahan=" not in page.url
    expect(pressed).to_have_attribute("data-change", str(revert.pk))
    expect(pressed.locator(".aksi-label")).to_have_text("Dikembalikan")
    expect(pressed.locator("[data-kini]")).to_have_text("keadaan sekarang")
    expect(page.locator("[data-kini]")).to_have_count(1)
    shot(page, artifacts / "editor-riwayat-setelah-kembalikan.png")
    assert console.errors == []
