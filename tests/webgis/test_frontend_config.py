"""The front end's configuration (WebSIG.config) is served by the server, once:
the kabupaten's bounds come from the database and the sample label from
core.sample; no template, script or style sheet writes either itself."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from core.sample import SAMPLE_LABEL
from tests.pages import websig_config
from wilayah.managers import BOUNDS_CACHE_KEY

pytestmark = pytest.mark.django_db

FRONT_END = [
    Path(settings.BASE_DIR) / "templates",
    Path(settings.BASE_DIR) / "static" / "js",
    Path(settings.BASE_DIR) / "static" / "css",
]


@pytest.fixture
def fresh_bounds():
    """The bounds computed from the database of this test, not a cached copy."""
    cache.delete(BOUNDS_CACHE_KEY)
    yield
    cache.delete(BOUNDS_CACHE_KEY)


def extent_rounded_outwards():
    # SELECT ST_Extent(geom) FROM wilayah_kabupaten, rounded outwards to 0.01°:
    # floor of south/west, ceiling of north/east, in hundredths of a degree.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT floor(ST_YMin(e) * 100), floor(ST_XMin(e) * 100), ceil(ST_YMax(e) * 100), ceil(ST_XMax(e) * 100)"
            " FROM (SELECT ST_Extent(geom) AS e FROM wilayah_kabupaten) AS x"
        )
        south, west, north, east = (value / 100 for value in cursor.fetchone())
    return [[south, west], [north, east]]


@pytest.mark.parametrize("path", ["/", "/kkpr/", "/tata-ruang/kesesuaian/", "/tata-ruang/lp2b/"])
def test_map_pages_carry_the_bounds_from_the_database_and_the_label(client, wilayah, fresh_bounds, path):
    config = websig_config(client, client.get(path).content.decode())
    assert config["bounds"] == extent_rounded_outwards()
    # Kabupaten Tangerang lies about 6.0-6.4° S, 106.3-106.8° E.
    (south, west), (north, east) = config["bounds"]
    assert -6.5 < south < north < -5.9 and 106.2 < west < east < 106.8
    assert config["sampleLabel"] == SAMPLE_LABEL == "DATA CONTOH (sintetis)"
    assert config["api"] == {
        "kecamatan": "/api/wilayah/kecamatan/",
        "desa": "/api/wilayah/desa/",
        "lookup": "/api/wilayah/lookup/",
        "ogcCollections": "/ogc/collections",
        "floodPos": "/api/flood/pos/",
    }


def test_config_is_a_script_of_its_own(client, wilayah):
    response = client.get("/websig-config.js")
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]
    # A page without sample data does not carry the label in its HTML.
    assert SAMPLE_LABEL not in client.get("/").content.decode()


def test_bounds_are_cached_and_absent_without_boundaries(client, fresh_bounds):
    from wilayah.models import Kabupaten

    Kabupaten.objects.all().delete()
    assert websig_config(client, client.get("/kkpr/").content.decode())["bounds"] is None
    cache.set(BOUNDS_CACHE_KEY, [[-1.0, 2.0], [-0.5, 2.5]])
    assert websig_config(client, client.get("/kkpr/").content.decode())["bounds"] == [[-1.0, 2.0], [-0.5, 2.5]]


def front_end_files():
    for root in FRONT_END:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".html", ".js", ".css", ".txt"}:
                yield path


def test_no_front_end_file_writes_the_bounds_or_the_label():
    # The bounds as the pages wrote them before they were served (-6.37, 106.33,
    # -6.0, 106.73), with or without a trailing zero; the label in any case.
    bounds = re.compile(r"-6\.37\b|106\.33\b|106\.73\b")
    label = re.compile(r"DATA CONTOH", re.IGNORECASE)
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in front_end_files()
        if bounds.search(path.read_text(encoding="utf-8")) or label.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert len(list(front_end_files())) > 50  # the walk found the front end


def test_the_imagery_basemap_comes_from_the_settings(client, wilayah, settings):
    settings.BASEMAP_IMAGERY_URL = "https://citra.example/{z}/{y}/{x}.jpg"
    settings.BASEMAP_IMAGERY_ATTRIBUTION = "Citra © Contoh"
    settings.BASEMAP_IMAGERY_MAX_ZOOM = 18
    config = websig_config(client, client.get("/").content.decode())
    assert config["basemaps"] == {
        "imagery": {"url": "https://citra.example/{z}/{y}/{x}.jpg", "attribution": "Citra © Contoh", "maxZoom": 18}
    }
    settings.BASEMAP_IMAGERY_URL = ""
    assert websig_config(client, client.get("/").content.decode())["basemaps"] == {"imagery": None}


def test_the_default_imagery_host_is_an_allowed_image_source(client, wilayah):
    # webgis/settings.py adds the host of BASEMAP_IMAGERY_URL to CSP_TILE_SOURCES.
    assert settings.BASEMAP_IMAGERY_URL.startswith("https://server.arcgisonline.com/")
    assert "https://server.arcgisonline.com" in client.get("/")["Content-Security-Policy"]
