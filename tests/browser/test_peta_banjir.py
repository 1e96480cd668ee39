"""The flood hazard overlay on the public map: offered in the layer control,
drawn from the raster's PNG tiles in the class colours, with a legend whose
slider sets the opacity, and a click that reads the index and class."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from akun.models import Opd
from flood import services
from flood import tasks as flood_tasks
from tests.factories import make_user
from tests.factories.grid import lonlat
from tests.flood.rasters import NODATA, QUADRANTS, X0, Y0, tif_bytes

from .conftest import ConsoleLog, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")


@pytest.fixture
def hazard(monkeypatch):
    """A published raster of 200 m quadrants (rendah, sedang / tinggi, nodata) at (X0, Y0)."""
    monkeypatch.setattr(flood_tasks.compute_statistics, "apply_async", lambda *args, **kwargs: None)
    monkeypatch.setattr(flood_tasks.import_raster, "apply_async", lambda *args, **kwargs: None)
    call_command("load_opd", stdout=open(os.devnull, "w"))
    operator = make_user("operator-bpbd-peta", Opd.objects.get(kode="bpbd"))
    planner = make_user("perencana-peta", Opd.objects.get(kode="dtrb"), staff=True)
    job = services.start_raster_upload(
        uploaded_file=SimpleUploadedFile("bahaya.tif", tif_bytes(QUADRANTS, res=100.0, nodata=NODATA)),
        title="Bahaya Banjir Uji",
        opd=operator.profile.opd,
        user=operator,
    )
    version = services.run_raster_upload(job.pk).raster_version
    services.publish_version(version, planner)
    return version


def test_hazard_overlay_pixels_and_value_on_click(live_server, page, hazard, artifacts):
    console = ConsoleLog(page)
    page.goto(live_server.url + "/")
    page.wait_for_selector('#peta[data-banjir="siap"]')
    lon, lat = lonlat(X0 + 100, Y0 - 100)  # centre of the rendah quadrant (0.1)
    with page.expect_response(lambda r: f"/api/flood/rasters/{hazard.raster_id}/tiles/" in r.url and r.status == 200):
        page.get_by_label("Bahaya Banjir Uji", exact=True).check(force=True)
        page.evaluate("([lat, lon]) => websigMap.setView([lat, lon], 16, {animate: false})", [lat, lon])
    legend = page.locator(".legenda-banjir")
    expect(legend).to_contain_text("Rendah (≤ 0,333)")
    legend.locator("input[type=range]").fill("100")  # opaque: the class colour itself
    page.wait_for_timeout(1000)
    shot(page, artifacts / "peta-banjir.png")
    point = page.evaluate(
        "([lat, lon]) => { const p = websigMap.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", [lat, lon]
    )
    box = page.locator("#peta").bounding_box()
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    x, y = int(box["x"] + point[0]) + 8, int(box["y"] + point[1]) + 8  # beside the centre, off any marker
    assert image.getpixel((x, y)) == (0x38, 0xA8, 0x00)  # BNPB green of rendah
    with page.expect_response(lambda r: "/nilai/" in r.url and r.status == 200):
        page.locator("#peta").click(position={"x": point[0], "y": point[1]})
    expect(legend.locator(".legenda-banjir__nilai")).to_have_text("Indeks bahaya 0,10: Rendah")
    assert page.locator("#peta").get_attribute("data-banjir-nilai") == "rendah"
    assert not console.errors, console.errors
