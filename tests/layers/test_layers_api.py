"""Layer catalogue, features, downloads, review and the integration indicator."""

import csv
import io
import re
import zipfile

import pyogrio
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from akun.models import Opd
from layers import services
from layers.models import ExpectedLayer
from tests.factories.layers import imported_version, version_without_import

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def puskesmas(users, opd, wilayah):
    """A Dinkes point layer (the four known points), draft, version 1."""
    points = [files.point_feature(lon, lat, nama=n, no=i) for i, (lon, lat, _k, n) in enumerate(files.KNOWN_POINTS)]
    expected = ExpectedLayer.objects.get(kode="dinkes-faskes")
    return imported_version(users["dinkes"], opd["dinkes"], "Puskesmas", points, "puskesmas.geojson", expected=expected)


@pytest.fixture
def published(puskesmas, users):
    services.submit_version(puskesmas, users["dinkes"])
    return services.publish_version(puskesmas, users["dtrb"])


def test_draft_is_visible_to_its_opd_and_reviewers_only(puskesmas, client_for):
    assert client_for().get("/api/layers/puskesmas/").status_code == 404
    assert client_for("bpbd").get("/api/layers/puskesmas/").status_code == 404
    assert client_for("bpbd").get("/api/layers/").json() == []
    own = client_for("dinkes").get("/api/layers/puskesmas/").json()
    assert own["version"]["status"] == "draft" and own["published"] is False
    assert [v["number"] for v in own["versions"]] == [1]
    assert client_for("dtrb").get("/api/layers/puskesmas/features/").json()["numberMatched"] == 4


def test_review_actions_and_their_permissions(puskesmas, client_for):
    assert client_for("bpbd").post("/api/layers/puskesmas/versions/1/submit/").status_code == 404
    assert client_for("dinkes").post("/api/layers/puskesmas/versions/1/submit/").status_code == 200
    assert client_for("dinkes").post("/api/layers/puskesmas/versions/1/publish/").status_code == 403
    response = client_for("dtrb").post("/api/layers/puskesmas/versions/1/reject/", {"reason": " "}, format="json")
    assert response.status_code == 400 and "alasan" in response.json()["detail"].lower()
    response = client_for("dtrb").post(
        "/api/layers/puskesmas/versions/1/reject/", {"reason": "Atribut alamat kosong"}, format="json"
    )
    assert response.json()["version"]["status"] == "rejected"
    assert response.json()["version"]["rejection_reason"] == "Atribut alamat kosong"
    assert client_for("dinkes").post("/api/layers/puskesmas/versions/1/submit/").status_code == 200
    assert client_for("admin").post("/api/layers/puskesmas/versions/1/publish/").json()["published"] is True
    assert client_for().get("/api/layers/puskesmas/").status_code == 200
    assert client_for("dtrb").post("/api/layers/puskesmas/versions/1/publish/").status_code == 409


def test_features_paging_and_filters(published, client_for):
    anonymous = client_for()
    page = anonymous.get("/api/layers/puskesmas/features/", {"limit": 3}).json()
    assert page["numberReturned"] == 3 and page["numberMatched"] == 4
    # next links page by key (after the last id), so deep pages cost no more than the first
    last_id = page["features"][-1]["id"]
    assert f"after={last_id}" in page["next"] and "limit=3" in page["next"] and "offset" not in page["next"]
    rest = anonymous.get(page["next"]).json()
    assert [f["properties"]["nama"] for f in rest["features"]] == ["Kelapa Dua"]
    assert "next" not in rest and "previous" not in rest
    by_offset = anonymous.get("/api/layers/puskesmas/features/", {"limit": 2, "offset": 2}).json()
    assert [f["properties"]["nama"] for f in by_offset["features"]] == ["Pagedangan", "Kelapa Dua"]
    assert "offset=0" in by_offset["previous"] and "next" not in by_offset
    ids = [f["id"] for f in anonymous.get("/api/layers/puskesmas/features/").json()["features"]]
    walked, url = [], "/api/layers/puskesmas/features/?limit=1"
    while url:
        body = anonymous.get(url).json()
        walked += [f["id"] for f in body["features"]]
        url = body.get("next")
    assert walked == ids and len(ids) == 4
    by_kecamatan = anonymous.get("/api/layers/puskesmas/features/", {"kecamatan": "36.03.13"}).json()
    assert [f["properties"]["_desa"] for f in by_kecamatan["features"]] == [files.TELUKNAGA[2]]
    assert "numberMatched" not in by_kecamatan
    by_desa = anonymous.get("/api/layers/puskesmas/features/", {"desa": files.PAGEDANGAN[2]}).json()
    assert [f["properties"]["nama"] for f in by_desa["features"]] == ["Pagedangan"]
    lon, lat = files.KELAPA_DUA[:2]
    box = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    by_bbox = anonymous.get("/api/layers/puskesmas/features/", {"bbox": box}).json()
    assert by_bbox["features"][0]["geometry"]["coordinates"] == [[pytest.approx(lon), pytest.approx(lat)]]
    for params in (
        {"limit": "0"},
        {"limit": "abc"},
        {"offset": "-1"},
        {"after": "x"},
        {"after": "1", "offset": "2"},
        {"bbox": "1,2"},
        {"version": "x"},
    ):
        response = anonymous.get("/api/layers/puskesmas/features/", params)
        assert response.status_code == 400, params
        assert "detail" in response.json()


def test_a_page_of_features_reads_its_own_version_only(published, client_for):
    """The page's query touches the version's partition and no other (a join
    through the parent read every feature of the version; see
    FeatureQuerySet.as_geojson_features), and the response is GeoJSON."""
    from layers.models import Feature
    from layers.partitions import partition_name

    other = version_without_import(published.layer, 2)
    Feature.objects.create(version=other, fid=0, geom="MULTIPOINT (106.5 -6.2)", attrs={})
    with CaptureQueriesContext(connection) as queries:
        response = client_for().get("/api/layers/puskesmas/features/", {"limit": 2})
    assert response["Content-Type"] == "application/geo+json"
    assert [f["properties"]["no"] for f in response.json()["features"]] == [0, 1]
    page_sql = next(q["sql"] for q in queries.captured_queries if "jsonb_build_object" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + page_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    scanned = set(re.findall(r"layers_feature_v\d+(?=[ _])", plan))
    assert scanned == {partition_name(published.pk)}


def test_new_version_stays_private_until_published(published, users, client_for):
    point = files.point_feature(*files.BALARAJA[:2])
    layer = published.layer
    imported_version(users["dinkes"], layer.opd, "Puskesmas", [point], "v2.geojson", target_layer=layer)
    public = client_for().get("/api/layers/puskesmas/").json()
    assert public["version"]["number"] == 1 and public["version"]["feature_count"] == 4
    assert client_for().get("/api/layers/puskesmas/features/", {"version": 2}).status_code == 404
    owner = client_for("dinkes").get("/api/layers/puskesmas/features/", {"version": 2}).json()
    assert owner["numberMatched"] == 1


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "shp", "csv", "kml"])
def test_downloads_round_trip(published, client_for, fmt, tmp_path):
    response = client_for().get(f"/api/layers/puskesmas/download/{fmt}/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("attachment")
    if fmt == "shp":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = sorted(archive.namelist())
            assert names == [f"puskesmas-v1.{ext}" for ext in ("cpg", "dbf", "prj", "shp", "shx")]
            assert archive.read("puskesmas-v1.cpg").strip() == b"UTF-8"
            archive.extractall(tmp_path)
        path = tmp_path / "puskesmas-v1.shp"
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode())))
        assert [r["nama"] for r in rows] == [n for _lon, _lat, _k, n in files.KNOWN_POINTS]
        assert rows[0]["WKT"].startswith("MULTIPOINT") and rows[0]["kode_desa"] == files.BALARAJA[2]
        return
    else:
        path = tmp_path / f"layer.{fmt}"
        path.write_bytes(content)
    meta, _fids, geometry, fields = pyogrio.raw.read(path)
    assert len(geometry) == 4
    # KML carries the name attribute as <name>.
    names = list(fields[list(meta["fields"]).index("Name" if fmt == "kml" else "nama")])
    assert names == [n for _lon, _lat, _k, n in files.KNOWN_POINTS]
    assert "4326" in str(meta["crs"]) or "WGS 84" in str(meta["crs"])


def test_downloads_are_kept_until_the_features_change(published, client_for, users, monkeypatch, settings):
    """A download is written once and served from settings.EXPORT_ROOT until
    an edit changes the version; the old file then goes."""
    from layers import editing, exports

    written, export_version = [], exports.export_version
    monkeypatch.setattr(exports, "export_version", lambda *args: written.append(args[1]) or export_version(*args))

    def download():
        response = client_for().get("/api/layers/puskesmas/download/csv/")
        return [row["nama"] for row in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))]

    names = [n for _lon, _lat, _k, n in files.KNOWN_POINTS]
    assert download() == names and download() == names
    assert written == ["csv"]
    kept = list((settings.EXPORT_ROOT / f"v{published.pk}").glob("*/puskesmas-v1.csv"))
    assert len(kept) == 1
    feature = published.features.order_by("fid").first()
    editing.update_feature(
        published.layer, feature.pk, {"properties": {"nama": "Puskesmas Baru"}}, users["dinkes"], "api", 1, partial=True
    )
    assert download() == ["Puskesmas Baru", *names[1:]]
    assert written == ["csv", "csv"]
    assert not kept[0].exists() and len(list((settings.EXPORT_ROOT / f"v{published.pk}").glob("*/*.csv"))) == 1


def test_publishing_queues_the_downloads_and_stands_without_a_broker(
    puskesmas, users, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    from kombu.exceptions import OperationalError

    from layers import tasks

    queued = []
    monkeypatch.setattr(tasks.prepare_downloads, "apply_async", lambda args, queue: queued.append(args))
    services.submit_version(puskesmas, users["dinkes"])
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_version(puskesmas, users["dtrb"])
    assert queued == [(puskesmas.pk,)]

    def broker_down(args, queue):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.prepare_downloads, "apply_async", broker_down)
    version2 = version_without_import(puskesmas.layer, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_version(version2, users["dtrb"])
    puskesmas.layer.refresh_from_db()
    assert puskesmas.layer.published_version == version2
    assert f"Downloads of version {version2.pk} not queued" in caplog.text


def test_downloads_of_a_layer_with_its_own_kode_desa(users, opd, wilayah, client_for, tmp_path):
    """A layer may carry a kode_desa attribute of its own (the sample schools
    do): the export keeps it and adds the WebSIG's codes beside it."""
    lon, lat, kode, nama = files.PAGEDANGAN
    point = files.point_feature(lon, lat, nama=nama, kode_desa="dari OPD", KODE_KEC="x")
    version = imported_version(users["dinkes"], opd["dinkes"], "Sekolah", [point], "sekolah.geojson")
    for fmt in ("gpkg", "shp", "csv", "kml", "geojson"):
        response = client_for("dinkes").get(f"/api/layers/sekolah/download/{fmt}/")
        assert response.status_code == 200, fmt
        content = b"".join(response.streaming_content)
        if fmt == "kml":  # the layer's own value kept, the WebSIG's code beside it
            assert b'<Data name="kode_desa"><value>dari OPD</value></Data>' in content
            assert f'<Data name="kode_des_1"><value>{kode}</value></Data>'.encode() in content
        elif fmt == "csv":
            (row,) = csv.DictReader(io.StringIO(content.decode()))
            assert (row["kode_desa"], row["kode_des_1"], row["KODE_KEC"], row["kode_kec_1"]) == (
                "dari OPD",
                kode,
                "x",
                kode[:8],
            )
        elif fmt == "gpkg":
            (tmp_path / "sekolah.gpkg").write_bytes(content)
            meta, _fids, _geometry, fields = pyogrio.raw.read(tmp_path / "sekolah.gpkg")
            row = {name: values[0] for name, values in zip(meta["fields"], fields, strict=True)}
            assert row == {
                "nama": nama,
                "kode_desa": "dari OPD",
                "KODE_KEC": "x",
                "kode_des_1": kode,
                "kode_kec_1": kode[:8],
            }
    assert version.feature_count == 1


def test_unknown_download_format(published, client_for):
    response = client_for().get("/api/layers/puskesmas/download/dwg/")
    assert response.status_code == 404 and "dwg" in response.json()["detail"]


def test_metadata_and_style_edits(puskesmas, client_for):
    style = {
        "type": "categorized",
        "attribute": "nama",
        "categories": [{"value": "Balaraja", "color": "#E31A1C", "icon": "hospital"}],
    }
    response = client_for("dinkes").patch(
        "/api/layers/puskesmas/",
        {"style": style, "abstract": "Lokasi puskesmas", "keywords": ["kesehatan"]},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["style"]["categories"][0] == {
        "value": "Balaraja",
        "label": "Balaraja",
        "color": "#e31a1c",
        "icon": "hospital",
    }
    assert body["abstract"] == "Lokasi puskesmas"
    bad = client_for("dinkes").patch(
        "/api/layers/puskesmas/", {"style": {"type": "single", "color": "red"}}, format="json"
    )
    assert bad.status_code == 400
    assert "#1f78b4" in str(bad.json())
    assert client_for("bpbd").patch("/api/layers/puskesmas/", {"title": "x"}, format="json").status_code == 404


def test_integration_indicator_on_a_known_catalogue(published, opd, client_for):
    # Keep 4 expected layers: 3 of Dinkes (one published: puskesmas), 1 of BPBD.
    keep = ["dinkes-faskes", "bpbd-kejadian-banjir"]
    ExpectedLayer.objects.exclude(kode__in=keep).delete()
    for kode in ("dinkes-posyandu", "dinkes-apotek"):
        ExpectedLayer.objects.create(kode=kode, opd=opd["dinkes"], title=kode, theme="kesehatan", geometry_kind="point")
    data = client_for().get("/api/indikator/integrasi/").json()
    assert (data["expected"], data["published"], data["percent"]) == (4, 1, 25.0)
    per_opd = {e["opd"]: (e["expected"], e["published"], e["percent"]) for e in data["per_opd"]}
    assert per_opd == {"dinkes": (3, 1, 33.33), "bpbd": (1, 0, 0.0)}
    assert [(t["tahun"], t["met"]) for t in data["targets"]] == [(2024, False), (2025, False), (2026, False)]
    assert Opd.objects.count() == 29


def test_targets_above_75_and_80_percent_are_strict():
    from layers.services import INTEGRATION_TARGETS, _target_met

    by_year = {t["tahun"]: t for t in INTEGRATION_TARGETS}
    assert not _target_met(75.0, by_year[2024]) and _target_met(75.01, by_year[2024])
    assert not _target_met(80.0, by_year[2025]) and _target_met(80.5, by_year[2025])
    assert _target_met(100.0, by_year[2026]) and not _target_met(99.99, by_year[2026])
    assert not _target_met(None, by_year[2024])
