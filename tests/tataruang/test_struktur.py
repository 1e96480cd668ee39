"""Struktur ruang of a plan: linking line/point layers through the plan API, and
the demo centres and networks (DATA CONTOH) over the real kecamatan."""

import re
from collections import Counter

import pyogrio.raw
import pytest
import shapely
from django.db import connection

from layers import services as layer_services
from layers.models import Layer, LayerVersion
from layers.samples import SAMPLE_DIR
from tataruang.demo import struktur as demo_struktur
from tataruang.models import Plan
from tests.factories.layers import mark_published
from tests.factories.layers import publish as publish_version
from tests.factories.plans import tata_ruang_layer
from tests.layers import files

pytestmark = pytest.mark.django_db

# The line runs from the point on surface of desa Balaraja to that of desa Kelapa Dua.
JALAN = [files.BALARAJA[:2], files.KELAPA_DUA[:2]]
# Markup in an attribute: the maps must show it as text.
PUSAT = [
    (files.TELUKNAGA[:2], {"NAMOBJ": "<b>PKL</b> Teluknaga", "JNSPUSAT": "PKL"}),
    (files.PAGEDANGAN[:2], {"NAMOBJ": "PPK Pagedangan", "JNSPUSAT": "PPK"}),
]


def struktur_layers(user, opd):
    """One arterial road (line) and two centres (points), both published."""
    jalan = tata_ruang_layer(
        user,
        opd,
        "jaringan-uji",
        [
            {
                "type": "Feature",
                "properties": {"NAMOBJ": "Jalan Arteri Balaraja-Kelapa Dua", "JNSJRN": "Jalan Arteri"},
                "geometry": {"type": "LineString", "coordinates": [list(p) for p in JALAN]},
            }
        ],
        publish=True,
    )
    pusat = tata_ruang_layer(
        user, opd, "pusat-uji", [files.point_feature(*xy, **props) for xy, props in PUSAT], publish=True
    )
    return jalan, pusat


def test_plan_detail_lists_and_links_its_struktur(half_and_half, users, opd, client_for):
    plan, _land_use = half_and_half
    jalan, pusat = struktur_layers(users["dtrb"], opd["dtrb"])
    planner = client_for("dtrb")
    url = f"/api/tataruang/rencana/{plan.pk}/"
    assert client_for().get(url).json()["struktur"] == []

    linked = planner.patch(url, {"struktur": [pusat.layer.slug, jalan.layer.slug]}, format="json")
    assert linked.status_code == 200
    # Ordered by layer title: "jaringan-uji" before "pusat-uji".
    assert linked.json()["struktur"] == [
        {
            "slug": "jaringan-uji",
            "title": "jaringan-uji",
            "layer_version": 1,
            "geometry_kind": "line",
            "feature_count": 1,
            "features": "http://testserver/api/layers/jaringan-uji/features/?version=1",
            "is_sample": False,
            "label": "",
        },
        {
            "slug": "pusat-uji",
            "title": "pusat-uji",
            "layer_version": 1,
            "geometry_kind": "point",
            "feature_count": 2,
            "features": "http://testserver/api/layers/pusat-uji/features/?version=1",
            "is_sample": False,
            "label": "",
        },
    ]
    # The features address answers anonymous visitors with that version's features.
    points = client_for().get(linked.json()["struktur"][1]["features"]).json()
    assert [f["properties"]["NAMOBJ"] for f in points["features"]] == ["<b>PKL</b> Teluknaga", "PPK Pagedangan"]
    assert points["features"][0]["geometry"]["coordinates"] == [pytest.approx(list(files.TELUKNAGA[:2]), abs=1e-6)]
    # Mapping and struktur in one request; the mapping stays as it was.
    both = planner.patch(url, {"mapping": plan.mapping, "struktur": [jalan.layer.slug]}, format="json").json()
    assert [layer["slug"] for layer in both["struktur"]] == ["jaringan-uji"] and both["unmapped"] == []

    assert planner.patch(url, {"struktur": []}, format="json").json()["struktur"] == []
    assert list(plan.struktur.all()) == []


def test_struktur_takes_line_and_point_layers_only(half_and_half, users, opd, client_for):
    plan, _land_use = half_and_half
    jalan, _pusat = struktur_layers(users["dtrb"], opd["dtrb"])
    plan.struktur.set([jalan])
    planner = client_for("dtrb")
    url = f"/api/tataruang/rencana/{plan.pk}/"

    polygon = planner.patch(url, {"struktur": [jalan.layer.slug, "rtrw-uji"]}, format="json")
    assert polygon.status_code == 400
    assert polygon.json() == {
        "detail": "Layer 'rtrw-uji' berisi poligon: struktur ruang hanya menerima layer garis atau titik.",
        "parameter": "struktur",
    }
    unknown = planner.patch(url, {"struktur": ["tidak-ada"]}, format="json")
    assert unknown.status_code == 400 and unknown.json()["detail"] == "Layer 'tidak-ada' tidak ditemukan."
    not_a_list = planner.patch(url, {"struktur": "jaringan-uji"}, format="json")
    assert not_a_list.status_code == 400
    assert not_a_list.json()["detail"] == "'struktur' harus berupa daftar slug layer, mis. [\"jaringan-jalan\"]."
    assert client_for("dinkes").patch(url, {"struktur": []}, format="json").status_code == 403
    # Nothing changed by the refused requests.
    assert [v.pk for v in plan.struktur.all()] == [jalan.pk]

    # A new plan with a polygon layer as struktur is refused before it is created.
    mark_published(plan.layer_version)
    body = {
        "layer": "rtrw-uji",
        "class_column": "NAMOBJ",
        "jenis": "RTRW",
        "legal_basis": "Perda No. 2 Tahun 2026",
        "year": 2026,
        "struktur": ["lahan-uji"],
    }
    plans = Plan.objects.count()
    refused = planner.post("/api/tataruang/rencana/", body, format="json")
    assert refused.status_code == 400 and "'lahan-uji' berisi poligon" in refused.json()["detail"]
    assert Plan.objects.count() == plans
    created = planner.post("/api/tataruang/rencana/", {**body, "struktur": ["jaringan-uji"]}, format="json")
    assert created.status_code == 201
    assert [(s["slug"], s["feature_count"]) for s in created.json()["struktur"]] == [("jaringan-uji", 1)]


def test_demo_struktur_centres_and_networks(half_and_half, users, opd):
    """The committed demo files, loaded and linked to a sample RTRW as generate_demo_tataruang does."""
    plan, _land_use = half_and_half
    plan.is_sample = True
    plan.save()
    linked = demo_struktur.link_to_demo_plan(users["admin"], opd["dtrb"])
    assert linked == plan
    versions = {v.geometry_kind: v for v in plan.struktur.select_related("layer", "layer__expected")}
    pusat, jaringan = versions["point"], versions["line"]
    assert (pusat.feature_count, jaringan.feature_count) == (48, 29)
    assert pusat.layer.is_sample and jaringan.layer.is_sample and pusat.layer.published_version_id == pusat.pk
    assert jaringan.layer.expected.kode == "dtrb-rtrw-struktur-ruang" and pusat.layer.expected is None

    # 29 kecamatan centres: 5 PKL, 24 PPK; 19 kecamatan have a desa 5 km or more from their centre (PPL).
    levels = Counter(f.attrs["JNSPUSAT"] for f in pusat.features.all())
    assert levels == {"PPK": 24, "PPL": 19, "PKL": 5}
    networks = Counter(f.attrs["JNSJRN"] for f in jaringan.features.all())
    # 28 edges of the spanning tree of the 29 centres, 6 of them already joined by another network.
    assert networks == {"Jalan Kolektor": 22, "Jalan Arteri": 4, "Jalan Tol": 2, "Jalur Kereta Api": 1}
    capital = pusat.features.select_related("desa").get(attrs__NAMOBJ="PKL Tigaraksa")
    assert capital.attrs["REMARK"] == "Pusat Kegiatan Lokal (ibu kota kabupaten)"
    assert capital.desa.kode == "36.03.03.1001" and capital.desa.nama == "Tigaraksa"
    assert (capital.geom[0].x, capital.geom[0].y) == (
        pytest.approx(106.469587, abs=1e-6),
        pytest.approx(-6.264146, abs=1e-6),
    )

    with connection.cursor() as cursor:
        # Every feature inside the kabupaten; every line at least 99 m from its edge (clipped 100 m inside).
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE ST_CoveredBy(f.geom, k.geom)), "
            "  min(ST_Distance(ST_Transform(f.geom, 32748), ST_Transform(ST_Boundary(k.geom), 32748))) "
            "  FILTER (WHERE f.version_id = %s) "
            "FROM layers_feature f, wilayah_kabupaten k WHERE f.version_id IN (%s, %s)",
            [jaringan.pk, jaringan.pk, pusat.pk],
        )
        total, inside, edge_m = cursor.fetchone()
    assert (total, inside) == (77, 77) and edge_m > 99

    # Linked once: a second run changes nothing; a plan that lost its struktur gets the same layers back.
    layers = Layer.objects.count()
    assert demo_struktur.link_to_demo_plan(users["admin"], opd["dtrb"]) is None
    plan.struktur.clear()
    assert demo_struktur.link_to_demo_plan(users["admin"], opd["dtrb"]) == plan
    assert {v.pk for v in plan.struktur.all()} == {pusat.pk, jaringan.pk} and Layer.objects.count() == layers


def test_demo_files_match_their_generator(wilayah):
    """The committed shapefiles are what write_files() builds from the boundaries (UTM 48S, to 1 mm)."""
    desa, kecamatan, kabupaten = demo_struktur.places()
    centres = demo_struktur.kecamatan_centres(desa, kecamatan)
    expected = {
        "pusat": [(row[1], row[0]) for row in demo_struktur.pusat(desa, centres)],
        "jaringan": [(row[1], row[0]) for row in demo_struktur.jaringan(centres, kabupaten)],
    }
    for kind, name in demo_struktur.FILES.items():
        meta, _fids, geometry, field_data = pyogrio.raw.read(f"/vsizip/{SAMPLE_DIR / name}")
        assert meta["crs"] == "EPSG:32748"
        assert list(field_data[list(meta["fields"]).index("NAMOBJ")]) == [n for n, _g in expected[kind]]
        for wkb, (_name, geom) in zip(geometry, expected[kind], strict=True):
            # A single-part line reads back as a LineString: compare shapes, not types.
            assert shapely.hausdorff_distance(shapely.from_wkb(wkb), geom) < 0.001


def test_struktur_offers_and_links_published_layers_only(half_and_half, users, opd, client_for, browser_for):
    """A draft line layer and one awaiting review are neither offered on the plan
    page nor linked through the API; the published road is both."""
    plan, _land_use = half_and_half
    jalan, _pusat = struktur_layers(users["dtrb"], opd["dtrb"])
    line = {
        "type": "Feature",
        "properties": {"NAMOBJ": "Jalan rencana", "JNSJRN": "Jalan Kolektor"},
        "geometry": {"type": "LineString", "coordinates": [list(p) for p in JALAN]},
    }
    draft = tata_ruang_layer(users["dtrb"], opd["dtrb"], "jalan-draf", [line])
    waiting = tata_ruang_layer(users["dtrb"], opd["dtrb"], "jalan-menunggu", [line])
    layer_services.submit_version(waiting, users["dtrb"])
    assert (draft.status, LayerVersion.objects.get(pk=waiting.pk).status) == ("draft", "submitted")

    planner = client_for("dtrb")
    page = browser_for("dtrb").get(f"/tata-ruang/rencana/{plan.pk}/")
    offered = re.findall(r'name="struktur" value="([^"]+)"', page.content.decode())
    assert offered == ["jaringan-uji", "pusat-uji"]

    url = f"/api/tataruang/rencana/{plan.pk}/"
    for slug in ("jalan-draf", "jalan-menunggu"):
        refused = planner.patch(url, {"struktur": [jalan.layer.slug, slug]}, format="json")
        assert refused.status_code == 400
        assert refused.json() == {
            "detail": f"Layer '{slug}' belum memiliki versi terbit: terbitkan dulu sebelum menautkannya ke rencana.",
            "parameter": "struktur",
        }
    assert list(plan.struktur.all()) == []
    # After it is published, the draft is offered and linked (its published version).
    publish_version(draft, users["dtrb"])
    page = browser_for("dtrb").get(f"/tata-ruang/rencana/{plan.pk}/")
    offered = re.findall(r'name="struktur" value="([^"]+)"', page.content.decode())
    assert offered == ["jalan-draf", "jaringan-uji", "pusat-uji"]
    linked = planner.patch(url, {"struktur": ["jalan-draf"]}, format="json").json()["struktur"]
    assert [(s["slug"], s["layer_version"]) for s in linked] == [("jalan-draf", 1)]
