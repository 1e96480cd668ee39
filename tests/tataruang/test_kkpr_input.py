"""The location of a KKPR check as typed (degrees or UTM 48S) and as a parcel
file (zipped shapefile, GeoJSON, KML: exactly one polygon), on the
half-and-half plan around desa Kelapa Dua (tests/factories/plans.py)."""

import json
import math

import numpy as np
import pyogrio
import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.factories.grid import CX, CY, lonlat, rect
from tests.layers.files import KELAPA_DUA, zip_dir

pytestmark = pytest.mark.django_db

# Kelapa Dua's point on surface in UTM 48S as PROJ gives it outside the database
# (pyproj.Transformer.from_crs(4326, 32748, always_xy=True).transform(106.615758, -6.235029)).
KELAPA_DUA_UTM = (678760.2376, 9310540.8992)


@pytest.fixture
def plan(half_and_half):
    call_command("load_tataruang_reference", stdout=open("/dev/null", "w"))
    return half_and_half[0]


def metres_apart(a, b):
    """Distance in metres of two lon/lat points ~6 degrees south (equirectangular, exact to mm at 10 m)."""
    dx = (a[0] - b[0]) * 111_320 * math.cos(math.radians(a[1]))
    dy = (a[1] - b[1]) * 110_574
    return math.hypot(dx, dy)


def test_a_utm_point_is_its_lon_lat(wilayah, client_for):
    lon, lat = KELAPA_DUA[:2]
    by_utm = client_for().get(
        "/api/tataruang/kkpr/titik/", {"easting": KELAPA_DUA_UTM[0], "northing": KELAPA_DUA_UTM[1]}
    )
    assert by_utm.status_code == 200
    body = by_utm.json()
    assert metres_apart((body["lon"], body["lat"]), (lon, lat)) < 1.0
    assert body["desa"] == {"kode": "36.03.28.1001", "nama": "Kelapa Dua"}
    # And back: the lon/lat gives the same easting/northing to under a metre.
    by_degrees = client_for().get("/api/tataruang/kkpr/titik/", {"lon": lon, "lat": lat}).json()
    assert math.hypot(by_degrees["easting"] - KELAPA_DUA_UTM[0], by_degrees["northing"] - KELAPA_DUA_UTM[1]) < 1.0


def test_the_check_takes_utm_coordinates(plan, client_for):
    lon, lat = lonlat(CX - 250, CY)
    by_degrees = client_for().get("/api/tataruang/kkpr/", {"lon": lon, "lat": lat, "kegiatan": "pabrik"}).json()
    by_utm = (
        client_for().get("/api/tataruang/kkpr/", {"easting": CX - 250, "northing": CY, "kegiatan": "pabrik"}).json()
    )
    assert by_utm["zona"][0]["kode"] == "KPI" and by_utm["itbx"] == "I"
    assert metres_apart(by_utm["lokasi"]["centroid"], by_degrees["lokasi"]["centroid"]) < 1.0
    # Both coordinate forms of the location come back: lon/lat and UTM (E, N).
    assert by_utm["lokasi"]["utm"] == pytest.approx([CX - 250, CY], abs=0.1)


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"easting": "abc", "northing": 9310000}, 400, "easting"),
        ({"easting": 678760}, 400, "northing"),
        ({"easting": 50, "northing": 9310000}, 400, "easting"),
        ({"easting": 700000, "northing": 9250000}, 404, "di luar Kabupaten Tangerang"),  # 106.81 E 6.78 S, Bogor
        ({"lon": 106.8272, "lat": -6.1754}, 404, "di luar Kabupaten Tangerang"),  # Monas, Jakarta
    ],
)
def test_bad_coordinates(wilayah, client_for, params, status, text):
    response = client_for().get("/api/tataruang/kkpr/titik/", params)
    assert response.status_code == status and text in response.json()["detail"]


def feature(rings, **props):
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": rings}}


def geojson_file(features, name="persil.geojson"):
    return SimpleUploadedFile(name, json.dumps({"type": "FeatureCollection", "features": features}).encode())


def upload(client_for, file):
    return client_for().post("/api/tataruang/kkpr/persil/", {"file": file}, format="multipart")


def test_a_geojson_parcel_is_read_with_its_area(plan, client_for):
    # 100 m x 100 m in UTM: 1.00 ha, the area the check reports for the same polygon.
    response = upload(client_for, geojson_file([feature(rect(CX - 50, CY - 50, CX + 50, CY + 50), nama="persil")]))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["geometry"]["type"] == "Polygon" and body["luas_ha"] == 1.0 and body["titik_sudut"] == 4
    check = (
        client_for()
        .post("/api/tataruang/kkpr/", {"geometry": body["geometry"], "kegiatan": "pabrik"}, format="json")
        .json()
    )
    assert check["lokasi"]["luas_ha"] == body["luas_ha"]


def test_a_zipped_shapefile_in_utm_is_read(plan, client_for, tmp_path):
    # The same 1.00 ha square, written in UTM 48S metres with its .prj.
    square = shapely.box(CX - 50, CY - 50, CX + 50, CY + 50)
    folder = tmp_path / "shp"
    folder.mkdir()
    pyogrio.raw.write(
        str(folder / "persil.shp"),
        np.array([shapely.to_wkb(square)], dtype=object),
        [np.array(["A-1"], dtype=object)],
        ["nib"],
        driver="ESRI Shapefile",
        geometry_type="Polygon",
        crs="EPSG:32748",
    )
    archive = zip_dir(folder, tmp_path / "persil.zip")
    response = upload(client_for, SimpleUploadedFile("persil.zip", archive.read_bytes()))
    assert response.status_code == 200, response.content
    assert response.json()["luas_ha"] == 1.0
    ring = response.json()["geometry"]["coordinates"][0]
    # Reprojected to lon/lat: its south-west corner is the grid's to the centimetre.
    assert any(metres_apart(p, lonlat(CX - 50, CY - 50)) < 0.01 for p in ring)


def test_a_kml_parcel_is_read(plan, client_for):
    coords = " ".join(f"{lon},{lat}" for lon, lat in rect(CX - 50, CY - 50, CX + 50, CY + 50)[0])
    kml = (
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<Placemark><name>persil</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}"
        "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>"
    )
    response = upload(client_for, SimpleUploadedFile("persil.kml", kml.encode()))
    assert response.status_code == 200, response.content
    assert response.json()["luas_ha"] == 1.0


def point_feature(lon, lat):
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (lambda: geojson_file([point_feature(*lonlat(CX, CY))]), "tidak berisi poligon"),
        (
            lambda: geojson_file(
                [feature(rect(CX - 50, CY - 50, CX, CY)), feature(rect(CX + 10, CY + 10, CX + 60, CY + 60))]
            ),
            "berisi 2 poligon",
        ),
        (lambda: geojson_file([]), "tidak berisi fitur"),
        (lambda: SimpleUploadedFile("persil.geojson", b"{ ini bukan json"), "rusak"),
        (lambda: SimpleUploadedFile("persil.zip", b"PK\x03\x04 bukan zip"), ""),
        (lambda: SimpleUploadedFile("persil.pdf", b"%PDF-1.4"), "GeoJSON atau KML"),
        # A parcel near Monas, Jakarta.
        (
            lambda: geojson_file(
                [feature([[[106.82, -6.18], [106.83, -6.18], [106.83, -6.17], [106.82, -6.17], [106.82, -6.18]]])]
            ),
            "di luar Kabupaten Tangerang",
        ),
    ],
)
def test_bad_parcel_files_are_400(plan, client_for, make, text):
    response = upload(client_for, make())
    assert response.status_code == 400, response.content
    assert text in response.json()["detail"]


def test_a_shapefile_without_prj_is_400(plan, client_for, tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    pyogrio.raw.write(
        str(folder / "persil.shp"),
        np.array([shapely.to_wkb(shapely.box(CX - 50, CY - 50, CX + 50, CY + 50))], dtype=object),
        [np.array([1], dtype=np.int64)],
        ["id"],
        driver="ESRI Shapefile",
        geometry_type="Polygon",
        crs="EPSG:32748",
    )
    (folder / "persil.prj").unlink()
    archive = zip_dir(folder, tmp_path / "persil.zip")
    response = upload(client_for, SimpleUploadedFile("persil.zip", archive.read_bytes()))
    assert response.status_code == 400 and ".prj" in response.json()["detail"]


def test_no_file_is_400(plan, client_for):
    response = client_for().post("/api/tataruang/kkpr/persil/", {}, format="multipart")
    assert response.status_code == 400 and "berkas persil" in response.json()["detail"]
