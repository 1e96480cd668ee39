"""Map tiles in the class colours and the value at a point."""

import io

import morecantile
import pytest
from PIL import Image

from flood import reader
from tests.factories.grid import lonlat
from tests.flood.rasters import NODATA, QUADRANTS, X0, Y0, tif_bytes


@pytest.fixture
def quadrants(published):
    # The 4x4 raster at 10 m pixels scaled to 100 m pixels: quadrants of 200 m x 200 m.
    return published(tif_bytes(QUADRANTS, res=100.0, nodata=NODATA))


def test_nilai_answers_value_and_class(client_for, quadrants):
    client = client_for()
    url = f"/api/flood/rasters/{quadrants.raster_id}/nilai/"
    lon, lat = lonlat(X0 + 250, Y0 - 50)  # north-east quadrant: 0.5, sedang
    assert client.get(url, {"lon": lon, "lat": lat}).json() == {"nilai": 0.5, "kelas": "sedang", "label": "Sedang"}
    lon, lat = lonlat(X0 + 50, Y0 - 350)  # south-west: 0.9, tinggi
    assert client.get(url, {"lon": lon, "lat": lat}).json()["kelas"] == "tinggi"
    lon, lat = lonlat(X0 + 350, Y0 - 350)  # south-east: nodata
    nodata = client.get(url, {"lon": lon, "lat": lat})
    assert nodata.status_code == 200 and nodata.json()["nilai"] is None and "Tidak ada data" in nodata.json()["pesan"]
    lon, lat = lonlat(X0 - 500, Y0 + 500)  # outside the raster
    assert client.get(url, {"lon": lon, "lat": lat}).json()["nilai"] is None
    assert client.get(url, {"lon": "x", "lat": lat}).status_code == 400


def test_tile_is_256_px_in_the_class_colour(client_for, quadrants):
    lon, lat = lonlat(X0 + 100, Y0 - 100)  # centre of the rendah quadrant (0.1)
    tms = morecantile.tms.get("WebMercatorQuad")
    tile = tms.tile(lon, lat, 16)
    response = client_for().get(f"/api/flood/rasters/{quadrants.raster_id}/tiles/16/{tile.x}/{tile.y}.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGBA")
    assert image.size == (256, 256)
    bounds = tms.xy_bounds(tile)
    x, y = tms.xy(lon, lat)
    px = int((x - bounds.left) / (bounds.right - bounds.left) * 256)
    py = int((bounds.top - y) / (bounds.top - bounds.bottom) * 256)
    assert image.getpixel((px, py)) == (0x38, 0xA8, 0x00, 255)  # BNPB green of rendah
    # A tile far away is transparent; the cache keeps a tile under the version's key.
    far = client_for().get(f"/api/flood/rasters/{quadrants.raster_id}/tiles/16/0/0.png")
    assert Image.open(io.BytesIO(far.content)).convert("RGBA").getpixel((128, 128))[3] == 0
    from django.core.cache import cache

    assert cache.get(reader.tile_key(quadrants, 16, tile.x, tile.y)) == response.content


def test_tile_path_out_of_range(client_for, quadrants):
    client = client_for()
    assert client.get(f"/api/flood/rasters/{quadrants.raster_id}/tiles/23/0/0.png").status_code == 400
    assert client.get(f"/api/flood/rasters/{quadrants.raster_id}/tiles/2/4/0.png").status_code == 404
    assert client.get("/api/flood/rasters/999999/tiles/2/0/0.png").status_code == 404
