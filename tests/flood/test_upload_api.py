"""POST /api/flood/rasters/: the stored COG, and every bad raster refused with a message."""

import numpy as np
import pytest
import rasterio
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile

from flood import classes, services
from flood.zonal import zonal_statistics
from tests.flood.rasters import QUADRANTS, X0, Y0, tif_bytes

URL = "/api/flood/rasters/"


def post(client, data, name="bahaya.tif", **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), "opd": "bpbd", "title": "Uji", **fields})


def test_upload_answers_202_with_a_job_and_stores_a_tiled_cog_in_utm(client_for):
    client = client_for("bpbd")
    # 600 x 600 pixels of 10 m: big enough for overviews (256-pixel tiles).
    data = np.tile(np.linspace(0, 1, 600, dtype="float32"), (600, 1))
    response = post(client, tif_bytes(data, nodata=-1.0))
    assert response.status_code == 202, response.json()
    job = response.json()
    assert job["status"] == "pending" and job["opd"] == "bpbd" and job["url"].endswith(f"/uploads/{job['id']}/")
    done = services.run_raster_upload(job["id"])
    assert done.status == "succeeded", done.messages
    version = done.raster_version
    with rasterio.open(version.file_path) as cog:
        assert cog.crs.to_epsg() == 32748
        assert cog.profile["tiled"] and cog.profile["blockxsize"] == 256
        assert cog.overviews(1), "a COG of 600 x 600 pixels has overviews"
        assert cog.nodata == -9999.0
    assert version.resolution_m == 10 and (version.width, version.height) == (600, 600)
    assert str(version.file_path).startswith(str(services.raster_root()))
    body = client.get(job["url"]).json()
    assert body["status"] == "succeeded" and body["raster"]["version"] == 1


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        (b"bukan raster sama sekali", 415, "bukan raster yang dapat dibaca"),
        (tif_bytes([[0.5]], x0=500000.0, y0=9000000.0), 400, "tidak bertampalan dengan Kabupaten Tangerang"),
        (tif_bytes([[1 + 1j]], dtype="complex64"), 400, "Tipe piksel complex64 tidak didukung"),
    ],
    ids=["not-a-raster", "no-overlap", "bad-dtype"],
)
def test_bad_rasters_are_refused_with_a_message(client_for, data, status, message):
    response = post(client_for("bpbd"), data)
    assert response.status_code == status, response.json()
    assert message in response.json()["detail"]


def test_too_many_pixels_is_413(client_for, settings):
    settings.FLOOD_RASTER_MAX_PIXELS = 100
    response = post(client_for("bpbd"), tif_bytes(np.zeros((20, 20))))  # 400 pixels > 100
    assert response.status_code == 413
    assert "melebihi batas" in response.json()["detail"]


def test_a_file_over_the_size_limit_is_413(client_for, settings):
    settings.FLOOD_RASTER_MAX_BYTES = 1000
    response = post(client_for("bpbd"), tif_bytes(np.zeros((40, 40))))  # 6.4 KB of pixels > 1,000 bytes
    assert response.status_code == 413
    assert "melebihi batas" in response.json()["detail"]


def test_a_truncated_raster_fails_its_job_with_a_message(client_for):
    whole = tif_bytes(np.random.default_rng(1).random((300, 300)))  # 360 KB, pixels after the header
    response = post(client_for("bpbd"), whole[: len(whole) // 2])
    if response.status_code != 202:  # GDAL may already see the damage in the header
        assert response.status_code in (400, 415) and "raster" in response.json()["detail"]
        return
    job = services.run_raster_upload(response.json()["id"])
    assert job.status == "failed"
    assert "rusak atau terpotong" in job.message


def test_no_crs_asks_for_it_and_the_answer_resumes_the_import(client_for):
    client = client_for("bpbd")
    response = post(client, tif_bytes(QUADRANTS, crs=None, nodata=-1.0))
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "needs_input"
    assert "sistem koordinat" in job["message"]
    assert {"code": "EPSG:32748", "label": "WGS 84 / UTM zona 48S"} in job["questions"]["crs"]["options"]
    answer = client.post(job["url"], {"crs": "EPSG:32748"}, format="json")
    assert answer.status_code == 202 and answer.json()["status"] == "pending"
    assert services.run_raster_upload(job["id"]).status == "succeeded"


def test_unknown_band_and_foreign_opd_are_refused(client_for):
    client = client_for("bpbd")
    assert post(client, tif_bytes(QUADRANTS), band=2).status_code == 400
    response = client_for("dinkes").post(
        URL, {"file": SimpleUploadedFile("a.tif", tif_bytes(QUADRANTS)), "opd": "bpbd"}
    )
    assert response.status_code == 403
    assert (
        client_for().post(URL, {"file": SimpleUploadedFile("a.tif", tif_bytes(QUADRANTS)), "opd": "bpbd"}).status_code
        == 403
    )


def test_a_raster_in_lonlat_gives_the_areas_of_its_utm_twin(upload_raster):
    """The same 0.2 | 0.9 halves, once in UTM and once in EPSG:4326 (reprojected
    bilinear at import): the class areas of a 400 m x 400 m square agree within
    the resampling error (a pixel row along the class edge, < 3%)."""
    from pyproj import Transformer

    halves = np.full((80, 80), 0.2, dtype="float32")
    halves[:, 40:] = 0.9  # 800 m x 800 m of 10 m pixels, west rendah, east tinggi
    utm = upload_raster(tif_bytes(halves)).raster_version
    to_lonlat = Transformer.from_crs(32748, 4326, always_xy=True)
    lon0, lat0 = to_lonlat.transform(X0, Y0)
    lon1, lat1 = to_lonlat.transform(X0 + 800, Y0 - 800)
    # 0.00009 degree pixels (about 10 m); the grid spans the same lon/lat box.
    cols, rows = round((lon1 - lon0) / 0.00009), round((lat0 - lat1) / 0.00009)
    lons = lon0 + (np.arange(cols) + 0.5) * 0.00009
    lats = lat0 - (np.arange(rows) + 0.5) * 0.00009
    xs, _ys = Transformer.from_crs(4326, 32748, always_xy=True).transform(*np.meshgrid(lons, lats))
    lonlat = np.where(xs < X0 + 400, 0.2, 0.9).astype("float32")
    geographic = upload_raster(tif_bytes(lonlat, x0=lon0, y0=lat0, res=0.00009, crs="EPSG:4326")).raster_version
    assert geographic.crs == "EPSG:32748" and "EPSG:4326" in geographic.report["notes"][0]
    square = shapely.box(X0 + 200, Y0 - 600, X0 + 600, Y0 - 200)  # 16 ha: 8 ha each side of x = X0 + 400
    a = zonal_statistics(str(utm.file_path), [("s", square)], classes.as_zonal(utm))["s"].luas_m2
    b = zonal_statistics(str(geographic.file_path), [("s", square)], classes.as_zonal(geographic))["s"].luas_m2
    assert a["rendah"] == pytest.approx(80_000) and a["tinggi"] == pytest.approx(80_000)
    for kode in ("rendah", "tinggi"):
        assert b[kode] == pytest.approx(a[kode], rel=0.03)
    assert sum(b.values()) == pytest.approx(160_000)


def test_deleting_a_raster_removes_its_cog(upload_raster):
    version = upload_raster(tif_bytes(QUADRANTS)).raster_version
    path = version.file_path
    assert path.exists()
    version.raster.delete()
    assert not path.exists()
