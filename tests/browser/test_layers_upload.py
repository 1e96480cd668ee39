"""Program L.1.5 in a real browser: an OPD operator uploads a layer through the
wizard (a real Celery worker imports it), submits it; a DTRB reviewer
publishes it; the public map shows it. Attributes are untrusted input and
must show as text, never run."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import expect

from akun.models import Opd
from layers import services
from layers.models import UploadJob
from tests.factories import make_user
from tests.layers import files

from .conftest import DESKTOP, TILE_SERVER, ConsoleLog, log_in, shot

pytestmark = pytest.mark.usefixtures("celery_worker", "wilayah_live")

MAP_READY = '#peta[data-kecamatan-loaded="29"][data-desa-loaded="274"]'
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def actors(wilayah_live):
    call_command("load_opd", stdout=open(os.devnull, "w"))
    opd = {o.kode: o for o in Opd.objects.all()}
    return {
        "operator": make_user("operator-dinkes", opd["dinkes"]),
        "reviewer": make_user("perencana-dtrb", opd["dtrb"], staff=True),
        "opd": opd,
    }


@pytest.fixture
def open_page(browser):
    """New browser sessions (one per person), offline like the other browser tests."""
    contexts = []

    def build():
        context = browser.new_context(locale="id-ID", **DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.route(TILE_SERVER + "**", lambda route: route.abort())
        return page

    yield build
    for context in contexts:
        context.close()


def test_upload_submit_publish_and_show_on_the_map(live_server, open_page, actors, artifacts, tmp_path):
    files.write_points_shapefile(tmp_path / "src")
    archive = files.zip_dir(tmp_path / "src", tmp_path / "faskes.zip")

    # The operator uploads a zipped UTM 48S shapefile (cp1252 DBF, no .cpg).
    operator = open_page()
    operator_log = ConsoleLog(operator)
    log_in(operator, live_server, "operator-dinkes")
    operator.goto(live_server.url + "/unggah/")
    expect(operator.locator("#opd-tetap")).to_contain_text("Dinkes")
    expect(operator.locator("#expected option[value=dinkes-faskes]")).to_have_count(1)
    operator.locator("#expected").select_option("dinkes-faskes")
    expect(operator.locator("#title")).to_have_value("Fasilitas Kesehatan")
    expect(operator.locator("#theme")).to_have_value("kesehatan")
    operator.locator("#berkas").set_input_files(str(archive))
    expect(operator.locator("#nama-berkas")).to_contain_text("faskes.zip")
    shot(operator, artifacts / "layers-unggah.png", full_page=True)
    operator.locator("#kirim").click()

    expect(operator.locator("#progres")).to_have_attribute("aria-valuenow", "100", timeout=60_000)
    expect(operator.locator("#proses-status")).to_have_text("Impor selesai: 100%")
    report = operator.locator("#hasil .laporan")
    expect(report.locator('[data-laporan="imported"] dd')).to_have_text("4")
    expect(report.locator('[data-laporan="outside"] dd')).to_have_text("0")
    expect(report.locator('[data-laporan="crs"] dd')).to_have_text("EPSG:32748")
    expect(report.locator('[data-laporan="encoding"] dd')).to_have_text("CP1252")
    expect(report.locator(".laporan__catatan")).to_contain_text("CP1252")
    shot(operator, artifacts / "layers-unggah-hasil.png", full_page=True)

    # The layer page: four points drawn, submit for review.
    operator.locator("#lihat-layer").click()
    expect(operator.locator("#peta-layer")).to_have_attribute("data-layer-loaded", "4")
    expect(operator.locator("#status-versi")).to_have_attribute("data-status", "draft")
    assert operator.locator("#peta-layer .penanda-layer").count() == 4
    shot(operator, artifacts / "layers-layer-draf.png", full_page=True)
    operator.locator('[data-action="submit"]').click()
    expect(operator.locator("#status-versi")).to_have_attribute("data-status", "submitted")
    assert operator_log.errors == []

    # The reviewer finds it in the queue and publishes it.
    reviewer = open_page()
    reviewer_log = ConsoleLog(reviewer)
    log_in(reviewer, live_server, "perencana-dtrb")
    reviewer.goto(live_server.url + "/review/")
    queue = reviewer.locator("#antrean tbody tr")
    expect(queue).to_have_count(1)
    expect(queue).to_contain_text("Dinkes")
    expect(queue).to_contain_text("v1")
    shot(reviewer, artifacts / "layers-review.png", full_page=True)
    queue.locator("a", has_text="Fasilitas Kesehatan").click()
    expect(reviewer.locator("#peta-layer")).to_have_attribute("data-layer-loaded", "4")
    reviewer.locator('[data-action="publish"]').click()
    expect(reviewer.locator("#status-versi")).to_have_attribute("data-status", "published")
    assert reviewer_log.errors == []

    # Anyone: the layer is in the sectoral panel of the map.
    public = open_page()
    public_log = ConsoleLog(public)
    public.goto(live_server.url + "/")
    public.wait_for_selector(MAP_READY)
    expect(public.locator("#sektoral")).to_have_attribute("data-layers", "1")
    item = public.locator('#sektoral-daftar li[data-slug="fasilitas-kesehatan"]')
    expect(item).to_contain_text("Fasilitas Kesehatan")
    expect(item).to_contain_text("4 fitur")
    item.locator("input[type=checkbox]").check()
    expect(item).to_have_attribute("data-loaded", "4")
    markers = public.locator(".leaflet-marker-pane .penanda-layer")
    expect(markers).to_have_count(4)
    markers.first.click()
    popup = public.locator(".leaflet-popup-content .info-fitur")
    expect(popup).to_contain_text("Fasilitas Kesehatan")
    expect(popup).to_contain_text("Dinkes · Dinas Kesehatan")
    expect(popup).to_contain_text("kapasitas")
    expect(popup.locator(".info-fitur__wilayah")).to_contain_text("Kecamatan")
    shot(public, artifacts / "layers-peta.png", full_page=True)
    assert public_log.errors == []


def wait_for_job(job, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        job.refresh_from_db()
        if job.status in (UploadJob.Status.SUCCEEDED, UploadJob.Status.FAILED):
            return job
        time.sleep(0.2)
    raise AssertionError(f"upload {job.id} still {job.status}")


def test_the_wizard_follows_the_job_through_a_server_hiccup(live_server, open_page, actors, tmp_path):
    """The progress component (websig-progress.js) asks again, slower, after a
    5xx while polling the job, then shows the finished import."""
    files.write_points_shapefile(tmp_path / "src")
    archive = files.zip_dir(tmp_path / "src", tmp_path / "faskes.zip")
    operator = open_page()
    log_in(operator, live_server, "operator-dinkes")
    refused = []

    def unavailable_once(route):
        if route.request.method == "GET" and not refused:
            refused.append(route.request.url)
            route.fulfill(status=503, body="")
        else:
            route.continue_()

    operator.route("**/api/uploads/*/", unavailable_once)
    operator.goto(live_server.url + "/unggah/")
    operator.locator("#expected").select_option("dinkes-faskes")
    operator.locator("#berkas").set_input_files(str(archive))
    operator.locator("#kirim").click()
    expect(operator.locator("#proses-status")).to_have_text("Koneksi terputus; mencoba lagi…")
    expect(operator.locator("#progres")).to_have_attribute("aria-valuenow", "100", timeout=60_000)
    expect(operator.locator("#proses-status")).to_have_text("Impor selesai: 100%")
    assert len(refused) == 1 and "/api/uploads/" in refused[0]


def test_hostile_attribute_shows_as_text(live_server, open_page, actors, artifacts):
    # One point in Desa Balaraja whose name is markup that would run script.
    lon, lat, _kode, _nama = files.BALARAJA
    data = files.feature_collection([files.point_feature(lon, lat, nama=HOSTILE, keterangan="<b>tebal</b>")])
    job = services.start_upload(
        uploaded_file=SimpleUploadedFile("titik.geojson", data),
        title="Titik uji",
        opd=actors["opd"]["dinkes"],
        user=actors["operator"],
    )
    job = wait_for_job(job)
    assert job.status == UploadJob.Status.SUCCEEDED, job.messages
    services.publish_version(job.layer_version, actors["reviewer"])

    page = open_page()
    console = ConsoleLog(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + "/?layer=titik-uji")
    page.wait_for_selector(MAP_READY)
    item = page.locator('#sektoral-daftar li[data-slug="titik-uji"]')
    expect(item.locator("input[type=checkbox]")).to_be_checked()
    expect(item).to_have_attribute("data-loaded", "1")
    page.locator(".leaflet-marker-pane .penanda-layer").click()
    popup = page.locator(".leaflet-popup-content .info-fitur")
    expect(popup).to_contain_text(HOSTILE)
    expect(popup).to_contain_text("<b>tebal</b>")
    expect(popup).to_contain_text("Balaraja")
    assert popup.locator("img[src=x], b").count() == 0
    page.wait_for_timeout(500)
    shot(page, artifacts / "layers-popup-teks.png", full_page=True)
    assert dialogs == []
    assert console.errors == []
