"""The tata ruang pages in a real browser: the compliance indicator with its
choropleth and worklist, "Hitung ulang" computed by the real Celery worker, and
a planner mapping and activating a plan.

The inputs are the half-and-half case of tests/tataruang/conftest.py: a 4.00 ha
industrial parcel in Kelapa Dua, 2.00 ha in a KPI zone (sesuai) and 2.00 ha in
a PS zone (tidak sesuai), so the indicator is 2.00 / 4.00 x 100 = 50.00%."""

import pytest
from playwright.sync_api import expect

from akun.models import Opd
from layers import tasks as layer_tasks
from tataruang import compliance, services, tasks
from tataruang.models import Plan
from tests.layers import files
from tests.tataruang import conftest as tataruang_fixtures
from tests.tataruang.conftest import CX, CY, polygon_layer, rect

from .conftest import PHONE, ConsoleLog, export_legends, log_in, set_overlay_opacity, shot

pytestmark = pytest.mark.usefixtures("celery_worker", "wilayah_live")

half_and_half_live = tataruang_fixtures.half_and_half_live

KESESUAIAN = "/tata-ruang/kesesuaian/"
CHOROPLETH_READY = '#peta-kesesuaian[data-tingkat="desa"][data-loaded="274"]'


def no_task(*args, **kwargs):
    return None


@pytest.fixture
def inputs(request, monkeypatch):
    """The half-and-half plan and land use. Their layers are imported by the
    fixture itself (run_upload), so the worker is not told about them: it would
    import the same upload at the same time."""
    with monkeypatch.context() as patch:
        patch.setattr(layer_tasks.import_upload, "apply_async", no_task)
        return request.getfixturevalue("half_and_half_live")


@pytest.fixture
def run(inputs, monkeypatch):
    """The half-and-half run, computed here rather than by the worker so that
    the test knows when it is finished."""
    with monkeypatch.context() as patch:
        patch.setattr(tasks.compute_compliance, "apply_async", no_task)
        run = compliance.compute(compliance.start_run(*inputs))
    assert run.status == "succeeded", run.message
    return run


def click_on_map(page, lon, lat):
    page.locator("#peta-kesesuaian").scroll_into_view_if_needed()
    point = page.evaluate("([lat, lon]) => window.websigKesesuaianMap.latLngToContainerPoint([lat, lon])", [lat, lon])
    box = page.locator("#peta-kesesuaian").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_indicator_page(live_server, page, run, artifacts):
    console = ConsoleLog(page)
    page.goto(live_server.url + KESESUAIAN)
    expect(page.locator(CHOROPLETH_READY)).to_be_visible()
    expect(page.locator("#angka-indikator")).to_have_text("50,00%")
    expect(page.locator("#nama-rencana")).to_have_text("RTRW uji")
    expect(page.locator("#legenda-luas [data-hasil=tidak_sesuai]")).to_contain_text("2,00 ha")
    expect(page.locator("#tabel-kecamatan tbody tr")).to_have_count(1)

    # An export of the map has the page's legend: the indicator classes and "nothing assessed".
    classes = [t.strip() for t in page.locator("#legenda-kelas li:not(.legenda-kelas__bidang)").all_inner_texts()]
    assert len(classes) >= 3 and classes[-1] == "tidak ada yang dinilai"
    (legend,) = export_legends(page, "websigKesesuaianMap")
    assert legend["title"] == "Kesesuaian dengan RTRW"
    assert [label for label, _colour in legend["entries"]] == classes
    # The choropleth is an overlay of the layer control: its slider fades its pane.
    set_overlay_opacity(page, "#peta-kesesuaian", "Kesesuaian dengan RTRW", 40)
    assert page.evaluate("() => websigKesesuaianMap.getPane('pilihan').style.opacity") == "0.4"
    page.mouse.move(0, 0)

    # The worklist: one piece of 2.00 ha (200 m x 100 m) in desa Kelapa Dua.
    rows = page.locator("#tabel-kerja tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".kerja__desa")).to_have_text("Kelapa Dua")
    expect(rows.first.locator(".kerja__kecamatan")).to_have_text("Kelapa Dua")
    expect(rows.first.locator(".kerja__luas")).to_have_text("2,00 ha")
    expect(rows.first.locator(".kerja__guna")).to_have_text("Industri dan Pergudangan")
    expect(page.locator("#jumlah-kerja")).to_have_text("1 bidang, 2,00 ha")

    # The desa popup gives the figures of Kelapa Dua.
    click_on_map(page, *files.KELAPA_DUA[:2])
    popup = page.locator(".popup-kesesuaian")
    expect(popup).to_contain_text("Kelapa Dua")
    expect(popup).to_contain_text("50,00%")
    expect(popup.locator(".info-kesesuaian__baris--tidak_sesuai dd")).to_have_text("2,00 ha")
    shot(page, artifacts / "tataruang-kesesuaian.png", full_page=True)

    # Per kecamatan: 29 areas; the pieces on the map; a row's "Peta" opens its popup.
    page.locator(".segmen label", has_text="Kecamatan").click()
    expect(page.locator("#peta-kesesuaian")).to_have_attribute("data-loaded", "29")
    page.locator(".saklar").click()
    expect(page.locator("#peta-kesesuaian")).to_have_attribute("data-issues-loaded", "1")
    pieces = export_legends(page, "websigKesesuaianMap")[-1]
    assert pieces == {"title": "Bidang tidak sesuai", "entries": [["Bidang tidak sesuai", "#7b2cbf"]]}
    # Hidden from the layer control, the pieces' switch on the page follows.
    page.locator("#peta-kesesuaian .leaflet-control-layers").hover()
    page.locator("#peta-kesesuaian .leaflet-control-layers-overlays label", has_text="Bidang tidak sesuai").locator(
        "input"
    ).uncheck()
    expect(page.locator("#tampil-tidak-sesuai")).not_to_be_checked()
    assert export_legends(page, "websigKesesuaianMap")[-1]["title"] == "Kesesuaian dengan RTRW"
    page.mouse.move(0, 0)
    rows.first.locator(".tautan-peta").click()
    # The desa popup may still be fading out: look for the piece's own.
    piece = page.locator(".popup-kesesuaian", has_text="Bidang tidak sesuai")
    expect(piece).to_be_visible()
    expect(piece).to_contain_text("Kawasan Perlindungan Setempat (PS)")
    shot(page, artifacts / "tataruang-kesesuaian-bidang.png", full_page=True)

    # Filtering by another kecamatan empties the list and the CSV link follows.
    page.locator("#saring-kecamatan").select_option("36.03.01")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Tidak ada bidang tidak sesuai di sini.")
    expect(page.locator("#unduh-csv")).to_have_attribute(
        "href", f"/api/tataruang/kesesuaian/{run.pk}/tidak-sesuai/?kecamatan=36.03.01&export=csv"
    )
    assert console.errors == []


def test_indicator_page_on_a_phone(live_server, phone_page, run, artifacts):
    console = ConsoleLog(phone_page)
    phone_page.goto(live_server.url + KESESUAIAN)
    expect(phone_page.locator(CHOROPLETH_READY)).to_be_visible()
    expect(phone_page.locator("#tabel-kerja tbody tr")).to_have_count(1)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    shot(phone_page, artifacts / "tataruang-kesesuaian-phone.png", full_page=True)
    assert console.errors == []


def test_a_planner_recomputes(live_server, page, run, inputs):
    console = ConsoleLog(page)
    log_in(page, live_server, inputs.planner.username)
    page.goto(live_server.url + KESESUAIAN)
    expect(page.locator("#indikator")).to_have_attribute("data-run", str(run.pk))
    # A planner's eleven links (Peta Jalan and Dasbor among them), language switch
    # and account fit a 1366 px laptop screen unfolded, whatever the font's width.
    assert page.viewport_size["width"] == 1366
    expect(page.locator(".site-nav a")).to_have_count(11)
    expect(page.locator(".menu-toggle")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # The English labels are longer; they fit too.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
    expect(page.locator(".site-nav a").first).to_have_text("Map")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.context.add_cookies([{"name": "django_language", "value": "id", "url": live_server.url}])
    page.reload()
    page.locator("#tombol-hitung").click()
    expect(page.locator("#hitung-proses")).to_be_visible()
    # The worker computes the new run; the page then loads its figures.
    expect(page.locator("#indikator")).not_to_have_attribute("data-run", str(run.pk), timeout=60_000)
    expect(page.locator("#angka-indikator")).to_have_text("50,00%")
    expect(page.locator(CHOROPLETH_READY)).to_be_visible()
    assert console.errors == []


def test_a_planner_maps_and_activates_a_plan(live_server, page, inputs, artifacts, monkeypatch):
    planner = inputs.planner
    monkeypatch.setattr(layer_tasks.import_upload, "apply_async", no_task)
    version = polygon_layer(
        {"dtrb": planner},
        {"dtrb": Opd.objects.get(kode="dtrb")},
        "rdtr-uji",
        [
            ({"ZONA": "R-3"}, rect(CX - 300, CY - 300, CX, CY)),
            ({"ZONA": "Zona campuran lama"}, rect(CX, CY - 300, CX + 300, CY)),
        ],
    )
    plan = Plan.objects.create(
        nama="RDTR Kelapa Dua uji",
        jenis="RDTR",
        legal_basis="Perbup No. 2 Tahun 2026",
        year=2026,
        layer_version=version,
        class_column="ZONA",
    )
    services.set_mapping(plan, services.suggest_mapping(plan))
    console = ConsoleLog(page, expected=[lambda text, url: "aktifkan" in url])
    log_in(page, live_server, planner.username)
    page.goto(live_server.url + "/tata-ruang/rencana/")
    page.locator("a", has_text="RDTR Kelapa Dua uji").first.click()
    activate = page.locator("#aktifkan")
    expect(activate).to_be_disabled()
    expect(page.locator("#kemajuan-teks")).to_have_text("1 dari 2 nilai dipetakan")

    # Forced past the disabled button, the server refuses and the page says why.
    page.evaluate("document.getElementById('aktifkan').disabled = false")
    activate.click()
    expect(page.locator("#galat-pemetaan")).to_contain_text("Zona campuran lama")
    shot(page, artifacts / "tataruang-pemetaan.png", full_page=True)

    unmapped = page.locator("tr[data-nilai='Zona campuran lama'] select")
    unmapped.select_option("R-3")
    expect(activate).to_be_disabled()  # saved first
    page.locator("#simpan-pemetaan").click()
    expect(page.locator("#kemajuan-teks")).to_have_text("2 dari 2 nilai dipetakan")
    expect(activate).to_be_enabled()
    activate.click()
    expect(page.locator(".layer-kepala [data-status]")).to_have_attribute("data-status", "active")
    plan.refresh_from_db()
    assert plan.status == "active" and plan.zones.count() == 2
    shot(page, artifacts / "tataruang-pemetaan-aktif.png", full_page=True)
    assert console.errors == []


def test_plan_pages_refuse_the_public(live_server, page, wilayah_live):
    page.goto(live_server.url + "/tata-ruang/rencana/")
    expect(page).to_have_url(live_server.url + "/masuk/?next=/tata-ruang/rencana/")
