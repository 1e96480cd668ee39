"""The number rule (layers.attributes) on edits, uploads and downloads, and NUL
characters in uploaded attribute values (layers.ingest.nul).

Limits: integers within ±(2^53 - 1) = ±9007199254740991; reals finite and
|x| < 1e23 (docs/attribute-values.md).
"""

import csv
import io
import json
import sqlite3
import zipfile

import numpy as np
import pyogrio.raw
import pytest
import shapely

from layers import attributes
from layers.models import Feature, FeatureChange, Layer, LayerVersion
from tests.factories.layers import polygon_feature, published_layer

from . import files

pytestmark = pytest.mark.django_db

LON, LAT = files.KELAPA_DUA[:2]
MAX_INT = 2**53 - 1  # 9007199254740991
INTEGER_RANGE_ID = "bilangan bulat dari -9007199254740991 sampai 9007199254740991"
REAL_RANGE_ID = "bilangan berhingga yang lebih besar dari -1e23 dan lebih kecil dari 1e23"


@pytest.fixture
def taman(users, opd, wilayah):
    """A published Dinkes polygon layer: nama (string), luas (integer), panjang (number)."""
    park = polygon_feature([files.square(*files.BALARAJA[:2], half=0.0005)], nama="Taman Awal", luas=10, panjang=1.5)
    return published_layer(users["dinkes"], opd["dinkes"], "Taman", [park], users["dtrb"], "taman.geojson")


def feature(**properties):
    geometry = {"type": "Polygon", "coordinates": [files.square(LON, LAT, 0.0005)]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def create(client, **properties):
    return client.post("/api/layers/taman/features/", feature(nama="Baru", **properties), format="json")


# --- the rule itself ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, value, fits",
    [
        ("integer", MAX_INT, True),
        ("integer", -MAX_INT, True),
        ("integer", MAX_INT + 1, False),
        ("integer", 2**63, False),
        ("integer", 1e300, False),
        ("integer", True, False),  # bools are not numbers
        ("number", 9.99e22, True),
        ("number", -9.99e22, True),
        ("number", 1e23, False),
        ("number", -1e23, False),
        ("number", float("inf"), False),
        ("number", float("nan"), False),
        ("number", 10**400, False),  # past the double range: float() overflows
        ("number", False, False),
        ("string", 2**63, True),  # only numeric fields have a range
        ("integer", None, True),
    ],
)
def test_the_rule(kind, value, fits):
    assert attributes.fits(kind, value) is fits


def test_shapefile_real_limit_is_measured(tmp_path):
    """The evidence for 1e23: GDAL writes a real as N(24,15) text cut to 24
    characters. -9.99e22 (sign + 23 digits) comes back exactly; -2e23 (sign +
    24 digits) and 1e300 do not."""
    values = np.array([9.99e22, -9.99e22, -2e23, 1e300])
    path = tmp_path / "r.shp"
    with pytest.warns(RuntimeWarning):  # GDAL: "not successfully written ... field width"
        pyogrio.raw.write(
            path,
            shapely.to_wkb(shapely.points([(LON, LAT)] * 4)),
            [values],
            ["r"],
            driver="ESRI Shapefile",
            geometry_type="Point",
            crs="EPSG:4326",
        )
    back = pyogrio.raw.read(path)[3][0]
    assert list(back[:2]) == [9.99e22, -9.99e22]
    assert back[2] == -2e22 and back[3] == pytest.approx(1e23)  # the first 24 characters of the text


# --- edits --------------------------------------------------------------------------------------


def test_create_keeps_the_limits_exactly(taman, client_for):
    response = create(client_for("dinkes"), luas=MAX_INT, panjang=-9.99e22)
    assert response.status_code == 201, response.json()
    stored = Feature.objects.get(pk=response.json()["id"]).attrs
    # jsonb keeps a real as a decimal: -9.99e22 reads back as the integer -99900000000000000000000.
    assert stored["luas"] == 9007199254740991 and float(stored["panjang"]) == -9.99e22


@pytest.mark.parametrize(
    "properties, name, expected",
    [
        ({"luas": 2**53}, "luas", INTEGER_RANGE_ID),
        ({"luas": 2**63}, "luas", INTEGER_RANGE_ID),
        ({"luas": "9007199254740992"}, "luas", INTEGER_RANGE_ID),
        ({"luas": 1e300}, "luas", INTEGER_RANGE_ID),
        ({"panjang": 1e23}, "panjang", REAL_RANGE_ID),
        ({"panjang": 1e300}, "panjang", REAL_RANGE_ID),
        ({"panjang": "1e400"}, "panjang", REAL_RANGE_ID),
        ({"panjang": 10**400}, "panjang", REAL_RANGE_ID),
    ],
)
def test_create_out_of_range_is_400_naming_attribute_and_range(taman, client_for, properties, name, expected):
    response = create(client_for("dinkes"), **properties)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][name] == f"di luar rentang yang diizinkan: {expected}"
    assert f"{name}: di luar rentang yang diizinkan: {expected}" in body["detail"]
    assert Feature.objects.filter(version__layer=taman).count() == 1


def test_json_1e400_and_bools_are_refused(taman, client_for):
    client = client_for("dinkes")
    body = json.dumps(feature(nama="x")).replace('"nama": "x"', '"nama": "x", "panjang": 1e400')
    response = client.post("/api/layers/taman/features/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"panjang": f"di luar rentang yang diizinkan: {REAL_RANGE_ID}"}
    response = create(client, panjang=True)
    assert response.status_code == 400 and response.json()["errors"] == {"panjang": "harus bertipe number"}


def test_update_and_bulk_apply_the_rule(taman, client_for):
    client = client_for("dinkes")
    existing = taman.published_version.features.get()
    response = client.patch(
        f"/api/layers/taman/features/{existing.pk}/", {"properties": {"luas": 2**63}, "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"luas": f"di luar rentang yang diizinkan: {INTEGER_RANGE_ID}"}
    existing.refresh_from_db()
    assert existing.attrs["luas"] == 10 and existing.revision == 1
    response = client.post(
        "/api/layers/taman/features/bulk/",
        {"create": [feature(nama="a", luas=1), feature(nama="b", panjang=-1e23)]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("create[1]: ")
    assert f"panjang: di luar rentang yang diizinkan: {REAL_RANGE_ID}" in response.json()["detail"]
    assert Feature.objects.filter(version__layer=taman).count() == 1  # all or nothing


def test_revert_to_a_state_stored_before_the_rule_is_refused(taman, client_for):
    client = client_for("dinkes")
    existing = taman.published_version.features.get()
    response = client.patch(
        f"/api/layers/taman/features/{existing.pk}/", {"properties": {"luas": 20}, "version": 1}, format="json"
    )
    assert response.status_code == 200
    change = FeatureChange.objects.get(feature_id=existing.pk, action="update")
    FeatureChange.objects.filter(pk=change.pk).update(attrs_before={**change.attrs_before, "luas": 2**63})
    response = client.post(
        f"/api/layers/taman/features/{existing.pk}/revert/", {"change": change.pk, "state": "before"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"luas": f"di luar rentang yang diizinkan: {INTEGER_RANGE_ID}"}
    existing.refresh_from_db()
    assert existing.attrs["luas"] == 20 and existing.revision == 2


# --- uploads ------------------------------------------------------------------------------------


def geojson_upload(upload, *values, name="jumlah"):
    points = [
        files.point_feature(*point[:2], nama=point[3], **{name: value})
        for point, value in zip(files.KNOWN_POINTS, values, strict=False)
    ]
    return upload("fasilitas.geojson", files.feature_collection(points))


@pytest.mark.parametrize(
    "values, value_text, range_text",
    [
        ((1, 2**53), "9007199254740992", INTEGER_RANGE_ID),
        ((1, 2, -(2**53)), "-9007199254740992", INTEGER_RANGE_ID),
        ((1.5, 1e300), "1e+300", REAL_RANGE_ID),
        ((1.5, 2.5, -1e23), "-1e+23", REAL_RANGE_ID),
    ],
)
def test_upload_out_of_range_refuses_the_file(upload, values, value_text, range_text):
    job = geojson_upload(upload, *values)
    assert job.status == "failed"
    number = len(values)  # the last feature holds the bad value
    assert job.messages[-1] == (
        f"Atribut 'jumlah' pada fitur ke-{number} berisi {value_text}, di luar rentang yang diizinkan: "
        f"{range_text}. Tidak ada yang diimpor; perbaiki nilainya lalu unggah berkas itu lagi."
    )
    assert not Layer.objects.filter(title="Uji").exists() and not LayerVersion.objects.exists()


def test_upload_keeps_the_limits_exactly(upload):
    job = geojson_upload(upload, MAX_INT, -MAX_INT, 7)
    assert job.status == "succeeded", job.messages
    assert list(job.layer_version.features.order_by("fid").values_list("attrs__jumlah", flat=True)) == [
        9007199254740991,
        -9007199254740991,
        7,
    ]
    job = geojson_upload(upload, 9.99e22, -9.99e22, 0.5, name="luas")
    assert job.status == "succeeded", job.messages
    stored = list(job.layer_version.features.order_by("fid").values_list("attrs__luas", flat=True))
    assert [float(value) for value in stored] == [9.99e22, -9.99e22, 0.5]  # jsonb: 9.99e22 is 999 and 20 zeros


def test_csv_upload_out_of_range_names_the_row(upload):
    rows = "nama,lon,lat,jumlah\n" + "".join(
        f"{n},{lon},{lat},{v}\n"
        for (lon, lat, _k, n), v in zip(files.KNOWN_POINTS, [1, 2, 9007199254740993], strict=False)
    )
    job = upload("titik.csv", rows.encode())
    assert job.status == "failed"
    assert "Atribut 'jumlah' pada fitur ke-3 berisi 9007199254740993" in job.messages[-1]


# --- downloads of values stored before the rule ---------------------------------------------------


def test_every_download_carries_legacy_out_of_rule_values_as_text(taman, client_for, tmp_path):
    version = taman.published_version
    # Stored directly, as the API allowed before the rule.
    version.features.update(attrs={"nama": "Lama", "luas": 2**63, "panjang": 1e300})
    client = client_for()
    texts = {"luas": "9223372036854775808", "panjang": "1e+300"}
    from layers.exports import FORMATS

    assert set(FORMATS) == {"geojson", "gpkg", "shp", "csv", "kml"}
    bodies = {}
    for fmt in FORMATS:
        response = client.get(f"/api/layers/taman/download/{fmt}/")
        assert response.status_code == 200, fmt
        bodies[fmt] = b"".join(response.streaming_content)
    properties = json.loads(bodies["geojson"])["features"][0]["properties"]
    assert (properties["luas"], properties["panjang"]) == (texts["luas"], texts["panjang"])
    row = next(csv.DictReader(io.StringIO(bodies["csv"].decode())))
    assert (row["luas"], row["panjang"]) == (texts["luas"], texts["panjang"])
    kml = bodies["kml"].decode()
    assert "<value>9223372036854775808</value>" in kml and "<value>1e+300</value>" in kml
    (tmp_path / "t.gpkg").write_bytes(bodies["gpkg"])
    with zipfile.ZipFile(io.BytesIO(bodies["shp"])) as archive:
        archive.extractall(tmp_path / "shp")
    for path in [tmp_path / "t.gpkg", next((tmp_path / "shp").glob("*.shp"))]:
        meta, _fids, _geometry, fields = pyogrio.raw.read(path)
        values = dict(zip(meta["fields"], (array[0] for array in fields), strict=True))
        assert (values["luas"], values["panjang"]) == (texts["luas"], texts["panjang"]), path.name


# --- NUL characters -------------------------------------------------------------------------------


def nul_entry(name, count, first, example, stored):
    return {"attribute": name, "features": count, "first_feature": first, "example": example, "stored": stored}


def test_geojson_nul_is_reported(upload, browser_for):
    points = [
        files.point_feature(*files.BALARAJA[:2], nama="x\u0000y", kode="A"),
        files.point_feature(*files.TELUKNAGA[:2], nama="biasa", kode="B"),
        files.point_feature(*files.PAGEDANGAN[:2], nama="a\u0000b\u0000c", kode="C"),
    ]
    job = upload("nul.geojson", files.feature_collection(points))
    assert job.status == "succeeded", job.messages
    version = job.layer_version
    assert version.report["nul_cut"] == [nul_entry("nama", 2, 1, "x\u2400y", "x")]
    assert list(version.features.order_by("fid").values_list("attrs__nama", flat=True)) == ["x", "biasa", "a"]
    note = (
        "2 fitur memiliki karakter NUL pada atribut 'nama' (pertama: fitur ke-1, 'x\u2400y'); "
        "nilainya disimpan sebagai 'x'."
    )
    assert note in job.messages and note in version.report["notes"]
    html = browser_for("dinkes").get(f"/layers/{version.layer.slug}/").content.decode()
    assert 'id="laporan-nul"' in html and "<code>x\u2400y</code>" in html and "Disimpan sebagai" in html


def test_csv_nul_is_removed_so_no_column_or_row_is_lost(upload):
    # GDAL would end the line at the NUL (lon/lat of row 1 and, inside quotes, every later row lost).
    body = (
        "nama,lon,lat,jumlah\n"
        f"x\x00y,{files.BALARAJA[0]},{files.BALARAJA[1]},1\n"
        f'"p\x00q",{files.TELUKNAGA[0]},{files.TELUKNAGA[1]},2\n'
        f"biasa,{files.PAGEDANGAN[0]},{files.PAGEDANGAN[1]},3\n"
    )
    job = upload("nul.csv", body.encode())
    assert job.status == "succeeded", job.messages
    version = job.layer_version
    assert version.feature_count == 3
    rows = list(version.features.order_by("fid").values_list("attrs__nama", "attrs__jumlah", "desa__kode"))
    assert rows == [("xy", 1, files.BALARAJA[2]), ("pq", 2, files.TELUKNAGA[2]), ("biasa", 3, files.PAGEDANGAN[2])]
    assert version.report["nul_cut"] == [nul_entry("nama", 2, 1, "x\u2400y", "xy")]


def test_geopackage_nul_is_reported(upload, tmp_path):
    path = tmp_path / "nul.gpkg"
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(shapely.points([files.BALARAJA[:2], files.TELUKNAGA[:2]])),
        [np.array(["sementara", "biasa"], dtype=object)],
        ["nama"],
        layer="titik",
        driver="GPKG",
        geometry_type="Point",
        crs="EPSG:4326",
    )
    database = sqlite3.connect(path)
    # The GeoPackage's R-tree triggers call these SpatiaLite functions; the geometry is unchanged.
    database.create_function("ST_IsEmpty", 1, lambda geom: 0)
    for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        database.create_function(name, 1, lambda geom: 0.0)
    database.execute("UPDATE titik SET nama = ? WHERE fid = 2", ("Kampung\x00Baru",))
    database.commit()
    database.close()
    job = upload("nul.gpkg", path.read_bytes())
    assert job.status == "succeeded", job.messages
    assert job.layer_version.report["nul_cut"] == [nul_entry("nama", 1, 2, "Kampung\u2400Baru", "Kampung")]
    names = list(job.layer_version.features.order_by("fid").values_list("attrs__nama", flat=True))
    assert names == ["sementara", "Kampung"]


def test_files_without_nul_have_an_empty_entry(upload):
    job = geojson_upload(upload, 1, 2)
    assert job.status == "succeeded" and job.layer_version.report["nul_cut"] == []


def test_a_utf16_csv_is_not_stripped(tmp_path):
    from layers.ingest import nul

    path = tmp_path / "utf16.csv"
    data = "nama,lon,lat\nTaman,106.6,-6.2\n".encode("utf-16")  # starts with a byte-order mark
    path.write_bytes(data)
    assert nul.strip_csv(path) == [] and path.read_bytes() == data


@pytest.mark.parametrize(
    "value, text",
    [(2**63, "9223372036854775808"), (10**300, "1e+300"), (1e300, "1e+300"), (-1.5, "-1.5"), ("x", "x"), (None, "")],
)
def test_values_out_of_rule_as_export_text(value, text):
    # jsonb hands 1e300 back as 1 and 300 zeros; the text is the short form.
    assert attributes.as_text(value) == text


def test_a_streamed_shapefile_out_of_range_is_refused(tmp_path, upload):
    """Shapefiles are read batch by batch while COPY runs; the refusal from a
    checking thread still reaches the user as it was raised."""
    source = tmp_path / "src"
    source.mkdir()
    xy = [files.utm(lon, lat) for lon, lat, _k, _n in files.KNOWN_POINTS]
    with pytest.warns(RuntimeWarning):  # GDAL: 1e24 is wider than N(24,15)
        pyogrio.raw.write(
            str(source / "titik.shp"),
            shapely.to_wkb(shapely.points(xy)),
            [np.array([1.5, 2.5, 1e24, 3.5])],
            ["luas"],
            driver="ESRI Shapefile",
            geometry_type="Point",
            crs="EPSG:32748",
        )
    job = upload("titik.zip", files.zip_dir(source, tmp_path / "titik.zip").read_bytes())
    assert job.status == "failed"
    assert job.messages[-1].startswith(
        f"Atribut 'luas' pada fitur ke-3 berisi 1e+24, di luar rentang yang diizinkan: {REAL_RANGE_ID}."
    )
    assert not LayerVersion.objects.exists()
