"""The upload pipeline on small real files, called as the worker calls it."""

import io
import json
import zipfile

import numpy as np
import pyogrio.raw
import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models.fields.json import KT

from layers import services
from layers.ingest import ImportRefused
from layers.models import Feature, Layer, LayerVersion, UploadJob
from tests.factories.layers import publish

from . import files

pytestmark = pytest.mark.django_db


def zipped(tmp_path, **kwargs):
    archive = files.zip_dir(tmp_path / "src", tmp_path / "upload.zip", **kwargs)
    return archive.read_bytes()


def coordinates(version):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(ST_GeometryN(geom, 1)), ST_Y(ST_GeometryN(geom, 1)) FROM layers_feature "
            "WHERE version_id = %s ORDER BY fid",
            [version.pk],
        )
        return cursor.fetchall()


def assert_known_points(version, points=files.KNOWN_POINTS):
    for (lon, lat), (exp_lon, exp_lat, _kode, _nama) in zip(coordinates(version), points, strict=True):
        assert lon == pytest.approx(exp_lon, abs=1e-6) and lat == pytest.approx(exp_lat, abs=1e-6)
    desa = list(version.features.order_by("fid").values_list("desa__kode", flat=True))
    assert desa == [kode for _lon, _lat, kode, _nama in points]


def test_utm_shapefile_with_cp1252_dbf(tmp_path, upload):
    files.write_points_shapefile(tmp_path / "src")
    job = upload("faskes.zip", zipped(tmp_path))
    assert job.status == "succeeded", job.messages
    version = job.layer_version
    assert version.feature_count == 4
    assert version.geometry_kind == "point"
    assert version.source_crs == "EPSG:32748"
    assert version.source_encoding == "CP1252"
    assert_known_points(version)
    names = list(version.features.order_by("fid").values_list("attrs__nama", flat=True))
    assert names == files.CP1252_NAMES
    assert version.schema == [{"name": "nama", "type": "string"}, {"name": "kapasitas", "type": "integer"}]
    assert any("CP1252" in m for m in job.messages)
    assert version.features.values_list("geom", flat=True)[0].geom_type == "MultiPoint"


def test_a_shapefile_is_read_batch_by_batch_with_null_shapes_skipped(tmp_path, upload, monkeypatch):
    """Shapefiles stream: one feature per batch, a null shape in the middle,
    several threads; every feature keeps its attributes and desa."""
    from layers.ingest import loader

    monkeypatch.setattr(loader, "COPY_BATCH", 1)
    monkeypatch.setattr(loader, "CHECK_THREADS", 3)
    starts, read = [], loader.ShapefileStream.read
    monkeypatch.setattr(loader.ShapefileStream, "read", lambda self, s, n: starts.append(s) or read(self, s, n))
    xy = [files.utm(lon, lat) for lon, lat, _k, _n in files.KNOWN_POINTS]
    geometry = list(shapely.to_wkb(shapely.points(xy)))
    geometry.insert(2, None)
    names = [*files.CP1252_NAMES[:2], "Tanpa geometri", *files.CP1252_NAMES[2:]]
    (tmp_path / "src").mkdir()
    pyogrio.raw.write(
        str(tmp_path / "src" / "faskes.shp"),
        np.array(geometry, dtype=object),
        [np.array(names, dtype=object), np.array([10, 25, 0, 5, 120], dtype=np.int64)],
        ["nama", "kapasitas"],
        driver="ESRI Shapefile",
        geometry_type="Point",
        crs="EPSG:32748",
        encoding="cp1252",
    )
    job = upload("faskes.zip", zipped(tmp_path))
    assert job.status == "succeeded", job.messages
    version = job.layer_version
    assert (version.feature_count, version.report["features_read"], version.report["empty_dropped"]) == (4, 5, 1)
    assert_known_points(version)
    rows = list(version.features.order_by("fid").values_list("fid", "attrs__nama", "attrs__kapasitas"))
    assert rows == [(0, names[0], 10), (1, names[1], 25), (3, names[3], 5), (4, names[4], 120)]
    assert sorted(starts) == [0, 1, 2, 3, 4]


def test_encoding_override_is_used(tmp_path, upload):
    files.write_points_shapefile(tmp_path / "src")
    job = upload("faskes.zip", zipped(tmp_path), encoding="latin-1")
    assert job.status == "succeeded", job.messages
    names = list(job.layer_version.features.order_by("fid").values_list("attrs__nama", flat=True))
    # latin-1 has no en dash: byte 0x96 becomes the C1 control U+0096.
    assert names[0] == "Puskesmas Balaraja \x96 Induk"
    assert names[1] == "Klinik Café Sehat"


def test_missing_prj_asks_for_the_crs_then_imports(tmp_path, upload):
    files.write_points_shapefile(tmp_path / "src", prj=False)
    job = upload("faskes.zip", zipped(tmp_path))
    assert job.status == "needs_input"
    codes = [option["code"] for option in job.questions["crs"]["options"]]
    assert codes == ["EPSG:4326", "EPSG:32748", "EPSG:9488", "EPSG:23878", "EPSG:23834"]
    assert "sistem koordinat" in job.messages[0]
    assert not LayerVersion.objects.exists()
    job = services.answer_upload(job, {"crs": "EPSG:32748"})
    assert job.status == "pending"
    job = services.run_upload(job.id)
    assert job.status == "succeeded", job.messages
    assert_known_points(job.layer_version)


def test_unknown_epsg_answer_is_refused(tmp_path, upload):
    files.write_points_shapefile(tmp_path / "src", prj=False)
    job = upload("faskes.zip", zipped(tmp_path))
    with pytest.raises(ImportRefused, match="EPSG:999999"):
        services.answer_upload(job, {"crs": "EPSG:999999"})


def test_nested_folder_and_macosx_junk(tmp_path, upload):
    files.write_points_shapefile(tmp_path / "src")
    data = zipped(
        tmp_path,
        prefix="Data Dinkes/2025/",
        extra={
            "__MACOSX/Data Dinkes/2025/._faskes.shp": b"\x00\x05\x16\x07junk",
            "Data Dinkes/2025/faskes.shp.xml": b"<metadata/>",
        },
    )
    job = upload("faskes.zip", data)
    assert job.status == "succeeded", job.messages
    assert job.layer_version.feature_count == 4


def test_kml_and_kmz(upload):
    kml = files.data_file("halte.kml")  # a placemark at each of the two points
    job = upload("halte.kml", kml)
    assert job.status == "succeeded", job.messages
    assert job.layer_version.feature_count == 2
    assert_known_points(job.layer_version, [files.BALARAJA, files.TELUKNAGA])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("doc.kml", kml)
    job = upload("halte.kmz", buffer.getvalue(), title="Halte KMZ")
    assert job.status == "succeeded", job.messages
    assert job.layer_version.feature_count == 2


def test_geopackage_with_two_layers_asks_which(tmp_path, upload):
    path = files.write_two_layer_gpkg(tmp_path / "fasilitas.gpkg")
    job = upload("fasilitas.gpkg", path.read_bytes())
    assert job.status == "needs_input"
    assert sorted(job.questions["layer"]["options"]) == ["puskesmas", "sekolah"]
    job = services.run_upload(services.answer_upload(job, {"layer": "sekolah"}).id)
    assert job.status == "succeeded", job.messages
    assert_known_points(job.layer_version, files.KNOWN_POINTS[:3])


def test_csv_with_lon_lat_columns(upload):
    rows = ["nama;lon;lat"] + [f"{n};{lon};{lat}" for lon, lat, _k, n in files.KNOWN_POINTS]
    job = upload("sekolah.csv", "\n".join(rows).encode())
    assert job.status == "succeeded", job.messages
    assert_known_points(job.layer_version)
    assert job.layer_version.schema == [{"name": "nama", "type": "string"}]


def test_self_intersecting_polygon_is_repaired(upload):
    lon, lat = files.BALARAJA[:2]
    bowtie = [
        [lon - 0.002, lat - 0.002],
        [lon + 0.002, lat + 0.002],
        [lon + 0.002, lat - 0.002],
        [lon - 0.002, lat + 0.002],
        [lon - 0.002, lat - 0.002],
    ]
    good = files.square(*files.TELUKNAGA[:2])
    data = files.feature_collection(
        [
            {
                "type": "Feature",
                "properties": {"id": 1},
                "geometry": {"type": "Polygon", "coordinates": [bowtie]},
            },
            {
                "type": "Feature",
                "properties": {"id": 2},
                "geometry": {"type": "Polygon", "coordinates": [good]},
            },
        ]
    )
    job = upload("persil.geojson", data)
    assert job.status == "succeeded", job.messages
    version = job.layer_version
    assert version.report["repaired"] == 1
    assert any("1 geometri yang tidak valid telah diperbaiki" in m for m in job.messages)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(ST_IsValid(geom)), array_agg(DISTINCT GeometryType(geom)), "
            "max(ST_NumGeometries(geom)) FROM layers_feature WHERE version_id = %s",
            [version.pk],
        )
        valid, types, parts = cursor.fetchone()
    assert valid and types == ["MULTIPOLYGON"] and parts == 2  # the bow-tie became two triangles


def test_polygon_goes_to_the_desa_with_the_largest_overlap(upload):
    lon, lat = files.BALARAJA[:2]
    ring = files.square(lon, lat, half=0.01)  # ~2.2 km wide: spans several desa
    data = files.feature_collection(
        [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]
    )
    job = upload("blok.geojson", data)
    feature = job.layer_version.features.get()
    with connection.cursor() as cursor:
        # Independent answer: overlap with the full desa polygons, in m² (UTM 48S).
        cursor.execute(
            "SELECT d.kode, ST_Area(ST_Transform(ST_Intersection(d.geom, f.geom), 32748)) AS a "
            "FROM wilayah_desa d JOIN layers_feature f ON ST_Intersects(d.geom, f.geom) "
            "WHERE f.id = %s ORDER BY a DESC",
            [feature.pk],
        )
        overlaps = cursor.fetchall()
    assert len(overlaps) >= 2
    assert feature.desa.kode == overlaps[0][0]
    assert feature.kecamatan.kode == overlaps[0][0][:8]


def test_z_values_are_dropped_with_a_note(upload):
    lon, lat = files.KELAPA_DUA[:2]
    data = files.feature_collection(
        [
            {
                "type": "Feature",
                "properties": {"n": 1},
                "geometry": {"type": "Point", "coordinates": [lon, lat, 35.5]},
            }
        ]
    )
    job = upload("titik3d.geojson", data)
    assert job.status == "succeeded"
    assert any("Z/M" in m for m in job.messages)
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_NDims(geom) FROM layers_feature WHERE version_id = %s", [job.layer_version.pk])
        assert cursor.fetchone()[0] == 2


@pytest.mark.parametrize("date", [np.datetime64("2025-03-17"), np.datetime64("NaT")])
def test_a_pointz_shapefile_streams_2d_with_its_dates(tmp_path, upload, date):
    lon, lat = files.KELAPA_DUA[:2]
    x, y = files.utm(lon, lat)
    (tmp_path / "src").mkdir()
    pyogrio.raw.write(
        str(tmp_path / "src" / "sumur.shp"),
        shapely.to_wkb(shapely.points([[x, y, 12.5]])),
        [np.array([date], dtype="datetime64[D]"), np.array([7], dtype=np.int64)],
        ["tanggal", "kedalaman"],
        driver="ESRI Shapefile",
        geometry_type="Point Z",
        crs="EPSG:32748",
    )
    job = upload("sumur.zip", zipped(tmp_path))
    assert job.status == "succeeded", job.messages
    assert any("Z/M" in m for m in job.messages)
    version = job.layer_version
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_NDims(geom) FROM layers_feature WHERE version_id = %s", [version.pk])
        assert cursor.fetchone()[0] == 2
    assert_known_points(version, [files.KELAPA_DUA])
    # Dates as GDAL writes them for every format; a missing date is null.
    expected = "2025/03/17" if not np.isnat(date) else None
    assert version.features.get().attrs == {"tanggal": expected, "kedalaman": 7}


def test_swapped_lat_lon_is_refused(upload):
    data = files.feature_collection([files.point_feature(lat, lon, nama=n) for lon, lat, _k, n in files.KNOWN_POINTS])
    job = upload("tertukar.geojson", data)
    assert job.status == "failed"
    assert "4 dari 4 fitur" in job.messages[-1] and "tertukar" in job.messages[-1]
    assert not Layer.objects.exists() and not Feature.objects.exists()


def test_a_few_features_outside_are_refused_and_counted(upload):
    features = [files.point_feature(lon, lat, nama=n) for lon, lat, _k, n in files.KNOWN_POINTS]
    features.append(files.point_feature(106.8272, -6.1754, nama="Monas"))
    job = upload("campur.geojson", files.feature_collection(features))
    assert job.status == "succeeded"
    assert job.layer_version.feature_count == 4
    assert job.layer_version.report["outside_refused"] == 1


def test_batches_checked_by_several_threads_keep_order_counts_and_desa(upload, monkeypatch):
    """One feature per batch, four checker threads: each feature keeps its own
    attributes, coordinates and desa, and the tallies add up across threads."""
    from layers.ingest import loader

    monkeypatch.setattr(loader, "COPY_BATCH", 1)
    monkeypatch.setattr(loader, "CHECK_THREADS", 4)
    features = [files.point_feature(lon, lat, nama=n) for lon, lat, _k, n in files.KNOWN_POINTS * 3]
    features.insert(5, files.point_feature(106.8272, -6.1754, nama="Monas"))
    job = upload("banyak.geojson", files.feature_collection(features))
    assert job.status == "succeeded", job.messages
    version = job.layer_version
    assert version.feature_count == 12 and version.report["outside_refused"] == 1
    assert_known_points(version, files.KNOWN_POINTS * 3)
    names = list(version.features.order_by("fid").values_list("attrs__nama", flat=True))
    assert names == [n for _lon, _lat, _k, n in files.KNOWN_POINTS * 3]
    lons = [lon for lon, _lat, _k, _n in files.KNOWN_POINTS]
    lats = [lat for _lon, lat, _k, _n in files.KNOWN_POINTS]
    assert version.bbox == pytest.approx([min(lons), min(lats), max(lons), max(lats)], abs=1e-9)


def test_mixed_geometry_types_are_refused(upload):
    lon, lat = files.BALARAJA[:2]
    data = files.feature_collection(
        [
            files.point_feature(lon, lat),
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [files.square(lon, lat)]},
            },
        ]
    )
    job = upload("campur.geojson", data)
    assert job.status == "failed"
    assert "1 titik, 1 poligon" in job.messages[-1]
    assert not Layer.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "status", "text"),
    [
        ("dokumen.docx", b"PK-not-really", 415, "tidak didukung"),
        ("laporan.pdf", b"%PDF-1.4", 415, "tidak didukung"),
        ("rusak.geojson", b'{"type": "FeatureCollection", "features": [{"type": "Fea', 400, "rusak"),
        ("kosong.geojson", files.feature_collection([]), 400, "tidak berisi fitur"),
        ("faskes.shp", b"\x00\x00\x27\x0a" + b"\x00" * 96, 400, "ZIP"),
    ],
)
def test_broken_files_are_refused_with_a_message(upload, name, data, status, text):
    with pytest.raises(ImportRefused) as refused:
        upload(name, data)
    assert refused.value.status == status
    assert text in refused.value.message
    assert not UploadJob.objects.exists()


def test_archive_without_spatial_file(upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("baca-saya.txt", "tidak ada peta di sini")
    with pytest.raises(ImportRefused, match="tidak berisi berkas spasial"):
        upload("kosong.zip", buffer.getvalue())


def test_shapefile_without_dbf(tmp_path, upload):
    files.write_points_shapefile(tmp_path / "src")
    (tmp_path / "src" / "faskes.dbf").unlink()
    with pytest.raises(ImportRefused, match=r"\.dbf"):
        upload("faskes.zip", zipped(tmp_path))


def test_truncated_shp(tmp_path, upload):
    shp = files.write_points_shapefile(tmp_path / "src")
    shp.write_bytes(shp.read_bytes()[:130])
    with pytest.raises(ImportRefused, match="terpotong"):
        upload("faskes.zip", zipped(tmp_path))


def test_zip_bomb(upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bom.geojson", b" " * (60 * 1024 * 1024))  # 60 MB of spaces, ~60 KB compressed
    with pytest.raises(ImportRefused) as refused:
        upload("bom.zip", buffer.getvalue())
    assert refused.value.status == 413
    assert "zip bomb" in refused.value.message


@pytest.mark.parametrize("member", ["../../etc/cron.d/evil.geojson", "/tmp/evil.geojson", "..\\evil.geojson"])
def test_path_traversal(upload, member):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(member, files.feature_collection([files.point_feature(*files.BALARAJA[:2])]))
    with pytest.raises(ImportRefused, match="tidak aman"):
        upload("jahat.zip", buffer.getvalue())


def test_file_over_the_size_limit(upload, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ImportRefused) as refused:
        upload("besar.geojson", b" " * 2048)
    assert refused.value.status == 413


def test_operator_cannot_upload_for_another_opd(users, opd, wilayah):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.start_upload(
            uploaded_file=SimpleUploadedFile("a.geojson", b"{}"),
            title="x",
            opd=opd["bpbd"],
            user=users["dinkes"],
        )


def test_new_upload_of_a_layer_becomes_version_2(upload, users):
    first = upload("a.geojson", files.feature_collection([files.point_feature(*files.BALARAJA[:2], n=1)]))
    layer = first.layer_version.layer
    publish(first.layer_version, users["dinkes"], users["dtrb"])
    job = services.start_upload(
        uploaded_file=SimpleUploadedFile(
            "b.geojson",
            files.feature_collection([files.point_feature(lon, lat) for lon, lat, _k, _n in files.KNOWN_POINTS]),
        ),
        title=layer.title,
        opd=layer.opd,
        user=users["dinkes"],
        target_layer=layer,
    )
    second = services.run_upload(job.id).layer_version
    layer.refresh_from_db()
    assert second.number == 2 and second.feature_count == 4
    assert layer.published_version == first.layer_version  # the old one stays public
    publish(second, users["dinkes"], users["dtrb"])
    layer.refresh_from_db()
    assert layer.published_version == second
    assert LayerVersion.objects.get(pk=first.layer_version.pk).status == "superseded"
    assert json.loads(json.dumps(second.report))["imported"] == 4


def test_sample_layers_load_through_the_pipeline(users, opd, wilayah):
    """Every file of data/shapefiles/ imports as a user's upload would (make run loads them)."""
    from django.core.management import call_command

    from layers.models import Layer

    call_command("load_sample_layers", stdout=open("/dev/null", "w"))
    counts = dict(Layer.objects.filter(is_sample=True).values_list("slug", "published_version__feature_count"))
    assert set(counts) == {
        "fasilitas-kesehatan",
        "sekolah",
        "kejadian-banjir",
        "tempat-penampungan-sementara-tps",
        "jaringan-jalan-kabupaten",
    }
    assert all(count > 0 for count in counts.values())


def test_a_failure_in_the_middle_of_the_copy_leaves_nothing(upload, monkeypatch):
    """All or nothing: the worker dies after the first rows went to the database
    (progress is reported when COPY asks for the next batch)."""
    from layers.ingest import loader
    from layers.models import FeatureChange

    monkeypatch.setattr(loader, "COPY_BATCH", 1)
    written = []

    def fail_midway(job, percent):
        if 45 < percent < 90:
            written.append(percent)
            raise RuntimeError("worker killed")

    monkeypatch.setattr(UploadJob, "set_progress", fail_midway)
    data = files.feature_collection([files.point_feature(lon, lat, nama=n) for lon, lat, _k, n in files.KNOWN_POINTS])
    job = upload("faskes.geojson", data)
    assert written == [55]  # after the first of four one-feature batches (45 + 40 / 4)
    assert job.status == "failed" and "tidak ada yang disimpan" in job.messages[-1]
    assert not Layer.objects.exists() and not LayerVersion.objects.exists()
    assert not Feature.objects.exists() and not FeatureChange.objects.exists()


def test_attribute_values_keep_their_types_and_characters(upload):
    lon, lat = files.KELAPA_DUA[:2]
    tricky = 'Jl. "Raya" Serang \\ Km 5\tBlok A\nNo. 7 – Ruko Café'
    data = files.feature_collection(
        [
            files.point_feature(lon, lat, nama=tricky, lantai=3, luas=12.5, aktif=True, catatan=None),
            files.point_feature(lon, lat, nama="Kedua", lantai=None, luas=None, aktif=False, catatan="ada"),
        ]
    )
    job = upload("ruko.geojson", data)
    assert job.status == "succeeded", job.messages
    attrs = list(job.layer_version.features.order_by("fid").values_list("attrs", flat=True))
    assert attrs == [
        {"nama": tricky, "lantai": 3, "luas": 12.5, "aktif": True, "catatan": None},
        {"nama": "Kedua", "lantai": None, "luas": None, "aktif": False, "catatan": "ada"},
    ]


def test_line_goes_to_the_desa_with_the_longest_stretch(upload):
    """A road from Balaraja towards Teluknaga crosses many desa; mostly it lies
    in the desa holding its longer end, measured along the line."""
    lon, lat = files.BALARAJA[:2]
    line = [[lon, lat], [lon + 0.0005, lat], [lon + 0.0005, lat + 0.0001]]
    data = files.feature_collection(
        [{"type": "Feature", "properties": {"nama": "Jalan"}, "geometry": {"type": "LineString", "coordinates": line}}]
    )
    job = upload("jalan.geojson", data)
    assert job.status == "succeeded", job.messages
    feature = job.layer_version.features.get()
    assert feature.geom.geom_type == "MultiLineString" and feature.desa.kode == files.BALARAJA[2]
    assert job.layer_version.geometry_kind == "line"


def test_a_polygon_shapefile_keeps_its_rings_parts_and_text(tmp_path, upload, monkeypatch):
    """Polygons with a hole and a two-part polygon in UTM 48S, read from the
    shapefile's byte buffers (layers.ingest.wkb): stored as MultiPolygon with
    every ring, the coordinates those of PostGIS's own ST_Transform, the text
    exactly as written."""
    x, y = files.utm(*files.KELAPA_DUA[:2])
    with_hole = shapely.Polygon(
        shapely.box(x - 40, y - 40, x + 40, y + 40).exterior, [shapely.box(x - 10, y - 10, x + 10, y + 10).exterior]
    )
    two_parts = shapely.MultiPolygon([shapely.box(x + 50, y, x + 60, y + 10), shapely.box(x + 70, y, x + 80, y + 10)])
    tricky = 'Blok "A" \\ Kav.\t7 – Café'
    (tmp_path / "src").mkdir()
    pyogrio.raw.write(
        str(tmp_path / "src" / "persil.shp"),
        shapely.to_wkb(np.array([with_hole, two_parts])),
        [np.array([tricky, "Kedua"], dtype=object), np.array([6400.0, 12.5])],
        ["nama", "luas"],
        driver="ESRI Shapefile",
        geometry_type="MultiPolygon",
        crs="EPSG:32748",
        encoding="UTF-8",
    )
    from layers.ingest import wkb

    walked, multi_ewkb = [], wkb.multi_ewkb
    monkeypatch.setattr(wkb, "multi_ewkb", lambda *a: walked.append(r := multi_ewkb(*a)) or r)
    job = upload("persil.zip", zipped(tmp_path))
    assert job.status == "succeeded", job.messages
    assert walked and walked[0] is not None  # the byte walk, not shapely, reprojected the batch
    version = job.layer_version
    assert list(version.features.order_by("fid").values_list("attrs__nama", "desa__kode")) == [
        (tricky, files.KELAPA_DUA[2]),
        ("Kedua", files.KELAPA_DUA[2]),
    ]
    stored = []
    with connection.cursor() as cursor:
        for fid, source in enumerate([with_hole, two_parts]):
            cursor.execute(
                "SELECT GeometryType(geom), ST_NumGeometries(geom), ST_NRings(geom), ST_SRID(geom), "
                "ST_HausdorffDistance(geom, ST_Transform(ST_GeomFromWKB(%s, 32748), 4326)) "
                "FROM layers_feature WHERE version_id = %s AND fid = %s",
                [shapely.to_wkb(source), version.pk, fid],
            )
            stored.append(cursor.fetchone())
    assert [row[:4] for row in stored] == [("MULTIPOLYGON", 1, 2, 4326), ("MULTIPOLYGON", 2, 2, 4326)]
    assert all(row[4] < 1e-9 for row in stored)  # degrees: well under a millimetre
    # A real field stays real in the JSON, whole values included.
    luas = version.features.order_by("fid").values_list(KT("attrs__luas"), flat=True)  # attrs->>'luas'
    assert list(luas) == ["6400.0", "12.5"]


def test_attribute_texts_for_every_field_kind():
    """The JSON of each kind of field GDAL hands over, as the COPY sends it."""
    from layers.ingest.loader import _attribute_texts

    fields = [("n", "int64"), ("x", "float64"), ("nullable", "int32"), ("ok", "bool"), ("blob", "object")]
    arrays = [
        np.array([1, -2]),
        np.array([3.0, np.inf]),
        np.array([np.nan, 7.0]),  # an integer field with a null arrives as float
        np.array([True, False]),
        np.array([b"\x01\xff", None], dtype=object),
    ]
    texts = _attribute_texts(fields, arrays, 2).to_pylist()
    assert texts == [
        '{"n": 1, "x": 3.0, "nullable": null, "ok": true, "blob": "01ff"}',
        '{"n": -2, "x": null, "nullable": 7, "ok": false, "blob": null}',
    ]
    assert _attribute_texts([], [], 2).to_pylist() == ["{}", "{}"]
