"""Dense point layers are clustered (leaflet.markercluster through
WebSIGLayers.clustered): 370 school points at kabupaten zoom are a few dozen
cluster discs whose counts add up to 370, and every point is its own marker
closer in; the layer page clusters them the same way."""

import os

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from playwright.sync_api import expect

from akun.models import Opd
from layers import tasks as layer_tasks
from tests.factories import make_user
from tests.factories.layers import published_layer
from tests.layers.files import point_feature
from wilayah.models import Kabupaten

from .conftest import ConsoleLog, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")

SCHOOLS = 370


def points_inside_kabupaten():
    """370 points of a 0.012° (about 1.3 km) grid over the kabupaten's extent that lie inside it."""
    kabupaten = Kabupaten.objects.get().geom
    west, south, east, north = kabupaten.extent
    grid = [
        Point(west + 0.012 * i, south + 0.012 * j, srid=4326)
        for i in range(int((east - west) / 0.012) + 1)
        for j in range(int((north - south) / 0.012) + 1)
    ]
    inside = [p for p in grid if kabupaten.contains(p)]
    assert len(inside) >= SCHOOLS
    return [(inside[k * len(inside) // SCHOOLS].x, inside[k * len(inside) // SCHOOLS].y) for k in range(SCHOOLS)]


COUNTS = """() => Array.from(document.querySelectorAll('.leaflet-marker-icon'))
    .map((node) => node.classList.contains('kluster-layer__ikon') ? Number(node.textContent.replace(/\\./g, '')) : 1)"""


@pytest.fixture
def schools(monkeypatch):
    # The import runs here, in the test; the Celery task start_upload queues is not sent.
    monkeypatch.setattr(layer_tasks.import_upload, "apply_async", lambda *args, **kwargs: None)
    call_command("load_opd", stdout=open(os.devnull, "w"))
    opd = Opd.objects.get(kode="disdik")
    operator = make_user("operator-sekolah", opd)
    reviewer = make_user("perencana-kluster", Opd.objects.get(kode="dtrb"), staff=True)
    points = points_inside_kabupaten()
    features = [point_feature(lon, lat, nama=f"Sekolah {n}") for n, (lon, lat) in enumerate(points, 1)]
    return published_layer(operator, opd, "Sekolah uji", features, reviewer)


def test_dense_points_are_clustered_at_kabupaten_zoom(live_server, page, schools, artifacts):
    console = ConsoleLog(page)
    page.goto(f"{live_server.url}/?layer={schools.slug}")
    item = page.locator(f'#sektoral-daftar li[data-slug="{schools.slug}"]')
    expect(item).to_have_attribute("data-loaded", str(SCHOOLS))
    page.evaluate("() => websigMap.setView([-6.215, 106.545], 10, {animate: false})")
    page.wait_for_timeout(600)
    counts = page.evaluate(COUNTS)
    # Far out, a few dozen discs stand for the 370 points (how many depends on the
    # map's size in pixels); every point is counted once.
    assert len(counts) < SCHOOLS // 4 and max(counts) > 1
    assert sum(counts) == SCHOOLS
    shot(page, artifacts / "peta-kluster-z10.png")
    # From zoom 16 on every point is its own marker (the view holds a few of them).
    lon, lat = schools.published_version.features.first().geom.centroid.coords
    page.evaluate("([lat, lon]) => websigMap.setView([lat, lon], 16, {animate: false})", [lat, lon])
    page.wait_for_timeout(600)
    assert page.locator(".kluster-layer__ikon").count() == 0
    assert page.locator(".leaflet-marker-icon.penanda-layer").count() >= 1
    assert console.errors == []


def test_the_layer_page_clusters_too(live_server, page, schools):
    console = ConsoleLog(page)
    page.goto(f"{live_server.url}/layers/{schools.slug}/")
    expect(page.locator("#peta-layer")).to_have_attribute("data-layer-loaded", str(SCHOOLS))
    page.evaluate("() => websigLayerMap.setView([-6.215, 106.545], 10, {animate: false})")
    page.wait_for_timeout(600)
    counts = page.evaluate(COUNTS)
    assert len(counts) < SCHOOLS // 4 and max(counts) > 1
    assert sum(counts) == SCHOOLS
    assert console.errors == []
