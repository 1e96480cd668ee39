"""A BPBD operator enters a flood event in the browser editor: the event
layer's rule (flood.kejadian) refuses a date in the future with its message,
the corrected event is saved in its desa and counts in the events per desa."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import expect

from akun.models import Opd
from layers import services, tasks
from layers.models import ExpectedLayer, FeatureChange
from tests.factories import make_user
from tests.layers import files

from .conftest import ConsoleLog, log_in, shot
from .test_editor import EDITOR_READY, screen_point

pytestmark = pytest.mark.usefixtures("wilayah_live")

LON, LAT = files.TELUKNAGA[:2]


@pytest.fixture
def kejadian(wilayah_live, monkeypatch):
    """The published BPBD event layer with one event in Balaraja; the operator operator-bpbd-uji."""
    monkeypatch.setattr(tasks.import_upload, "apply_async", lambda *args, **kwargs: None)
    call_command("load_opd", stdout=open(os.devnull, "w"))
    bpbd = Opd.objects.get(kode="bpbd")
    operator = make_user("operator-bpbd-uji", bpbd)
    planner = make_user("perencana-uji", Opd.objects.get(kode="dtrb"), staff=True)
    event = files.point_feature(
        *files.BALARAJA[:2], tanggal="2024-01-15", kedalaman_cm=40, durasi_jam=12, kk_terdampak=25, sumber="BPBD"
    )
    job = services.start_upload(
        uploaded_file=SimpleUploadedFile("kejadian.geojson", files.feature_collection([event])),
        title="Kejadian Banjir",
        opd=bpbd,
        user=operator,
        expected=ExpectedLayer.objects.get(kode="bpbd-kejadian-banjir"),
    )
    version = services.run_upload(job.id).layer_version
    assert version is not None, job.messages
    services.publish_version(services.submit_version(version, operator), planner)
    version.layer.refresh_from_db()
    return version.layer


def refused_save(text, url):
    return "/api/layers/" in url and "400" in text


def test_an_event_is_entered_in_the_editor_under_the_rule(live_server, page, kejadian, artifacts):
    console = ConsoleLog(page, expected=[refused_save])
    log_in(page, live_server, "operator-bpbd-uji")
    page.goto(f"{live_server.url}/editor/{kejadian.slug}/")
    page.wait_for_selector(f'{EDITOR_READY}[data-loaded="1"]')
    page.evaluate("([lat, lon]) => websigEditorMap.setView([lat, lon], 16, {animate: false})", [LAT, LON])
    page.locator(".leaflet-pm-icon-marker").click()
    x, y = screen_point(page, LON, LAT)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    expect(page.locator("#peta-editor")).to_have_attribute("data-selected", "new")
    page.get_by_label("tanggal").fill("2099-01-01")
    page.get_by_label("kedalaman_cm").fill("60")
    page.get_by_label("kk_terdampak").fill("12")
    page.get_by_label("sumber").fill("Laporan desa")
    page.locator("#tombol-simpan").click()
    message = page.locator("#editor-pesan [data-jenis=galat]")
    expect(message).to_contain_text("tanggal: berada di masa depan (2099-01-01)")
    expect(page.locator("#peta-editor")).to_have_attribute("data-selected", "new")  # the drawing stays
    shot(page, artifacts / "editor-kejadian-galat.png")

    page.get_by_label("tanggal").fill("2024-02-01")
    page.locator("#tombol-simpan").click()
    expect(page.locator("#peta-editor")).to_have_attribute("data-state", "saved")
    expect(page.locator("#editor-pesan")).to_contain_text("Teluknaga")
    shot(page, artifacts / "editor-kejadian.png")
    change = FeatureChange.objects.filter(action="create", source="editor").get()
    assert change.attrs_after["kedalaman_cm"] == 60 and change.user.username == "operator-bpbd-uji"
    rows = page.request.get(f"{live_server.url}/api/flood/kejadian/?tahun=2024").json()
    # Balaraja (the uploaded event) and Teluknaga (the one entered here), one each in 2024.
    assert [(r["desa"]["nama"], r["jumlah_kejadian"], r["kk_terdampak"]) for r in rows] == [
        ("Balaraja", 1, 25),
        ("Teluknaga", 1, 12),
    ]
    assert console.errors == []
