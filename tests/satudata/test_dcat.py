"""/katalog/dcat.json read as RDF (rdflib's JSON-LD parser) the way CKAN's
ckanext-dcat harvester reads a DCAT-AP catalogue: per dcat:Dataset its
dct:title, dct:description, dct:publisher/foaf:name, dct:spatial
(locn:geometry, dcat:bbox), dct:temporal (dcat:startDate/endDate) and each
dcat:distribution's dcat:downloadURL or dcat:accessURL, dct:format and
dcat:mediaType. Published layers only, and every registered indicator."""

import datetime

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from satudata.dcat import bbox_wkt
from tests.factories.grid import CX, CY, lonlat
from tests.factories.layers import imported_version, published_layer

pytestmark = pytest.mark.django_db

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
LOCN = Namespace("http://www.w3.org/ns/locn#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
BASE = "http://testserver"


def _points(n):
    # Points 20 m east and 10 m north of each other from the grid centre in Kelapa Dua (UTM 48S).
    return [
        {
            "type": "Feature",
            "properties": {"nama": f"Puskesmas {i}"},
            "geometry": {"type": "Point", "coordinates": lonlat(CX + 20 * i, CY + 10 * i)},
        }
        for i in range(n)
    ]


@pytest.fixture
def catalogue(client_for, users, opd):
    layer = published_layer(
        users["dinkes"], opd["dinkes"], "Puskesmas", _points(3), reviewer=users["dtrb"], theme="kesehatan"
    )
    layer.abstract = "Lokasi puskesmas di Kabupaten Tangerang."
    layer.keywords = ["puskesmas", "kesehatan"]
    layer.contact = "Seksi Data, datakes@tangerangkab.go.id"
    layer.data_date = datetime.date(2025, 6, 30)
    layer.save()
    hidden = imported_version(users["dinkes"], opd["dinkes"], "Klinik draf", _points(2)).layer
    return _graph(client_for()), layer, hidden


def _graph(client):
    response = client.get("/katalog/dcat.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return Graph().parse(data=response.content.decode(), format="json-ld")


def _one(graph, subject, predicate):
    (value,) = list(graph.objects(subject, predicate))
    return value


def test_a_published_layer_has_what_ckanext_dcat_reads(catalogue):
    graph, layer, _hidden = catalogue
    dataset = URIRef(f"{BASE}/layers/{layer.slug}/")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (URIRef(f"{BASE}/katalog/dcat.json"), DCAT.dataset, dataset) in graph
    assert _one(graph, dataset, DCT.title) == Literal("Puskesmas")
    assert _one(graph, dataset, DCT.description) == Literal("Lokasi puskesmas di Kabupaten Tangerang.")
    assert set(graph.objects(dataset, DCAT.keyword)) == {
        Literal("puskesmas"),
        Literal("kesehatan"),
        Literal("Kesehatan"),
    }
    publisher = _one(graph, dataset, DCT.publisher)
    assert (publisher, RDF.type, FOAF.Organization) in graph
    assert _one(graph, publisher, FOAF.name) == Literal("Dinas Kesehatan")
    contact = _one(graph, dataset, DCAT.contactPoint)
    assert _one(graph, contact, VCARD.hasEmail) == URIRef("mailto:datakes@tangerangkab.go.id")
    assert _one(graph, dataset, DCT.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")

    # Spatial: the bbox of the three points, lon/lat: from (CX, CY) to (CX + 40 m, CY + 20 m).
    spatial = _one(graph, dataset, DCT.spatial)
    version = layer.published_version
    (x0, y0), (x1, y1) = lonlat(CX, CY), lonlat(CX + 40, CY + 20)
    assert version.bbox == pytest.approx([x0, y0, x1, y1], abs=1e-7)
    wkt = Literal(bbox_wkt(version.bbox), datatype=GSP.wktLiteral)
    assert _one(graph, spatial, DCAT.bbox) == wkt
    assert wkt in set(graph.objects(spatial, LOCN.geometry))
    # Temporal: the layer's data date.
    temporal = _one(graph, dataset, DCT.temporal)
    assert _one(graph, temporal, DCAT.startDate).toPython() == datetime.date(2025, 6, 30)
    assert _one(graph, temporal, DCAT.endDate).toPython() == datetime.date(2025, 6, 30)
    assert _one(graph, dataset, DCT.issued).toPython().date() == version.reviewed_at.date()

    downloads = {}
    for dist in graph.objects(dataset, DCAT.distribution):
        assert (dist, RDF.type, DCAT.Distribution) in graph
        assert list(graph.objects(dist, DCAT.accessURL))
        url = next(iter(graph.objects(dist, DCAT.downloadURL)), None) or _one(graph, dist, DCAT.accessURL)
        downloads[str(url)] = (
            str(_one(graph, dist, DCT["format"])).rsplit("/", 1)[1],
            str(_one(graph, dist, DCAT.mediaType)),
        )
    iana = "https://www.iana.org/assignments/media-types/"
    assert downloads == {
        f"{BASE}/api/layers/puskesmas/download/geojson/": ("GEOJSON", iana + "application/geo+json"),
        f"{BASE}/api/layers/puskesmas/download/gpkg/": ("GPKG", iana + "application/geopackage+sqlite3"),
        f"{BASE}/api/layers/puskesmas/download/shp/": ("SHP", iana + "application/zip"),
        f"{BASE}/api/layers/puskesmas/download/csv/": ("CSV", iana + "text/csv"),
        f"{BASE}/api/layers/puskesmas/download/kml/": ("KML", iana + "application/vnd.google-earth.kml+xml"),
        f"{BASE}/ogc/collections/puskesmas": ("JSON", iana + "application/json"),
        f"{BASE}/api/layers/puskesmas/features/": ("GEOJSON", iana + "application/geo+json"),
        f"{BASE}/katalog/puskesmas/iso19139.xml": ("XML", iana + "application/xml"),
    }


def test_the_download_urls_answer(catalogue, client_for):
    graph, layer, _hidden = catalogue
    dataset = URIRef(f"{BASE}/layers/{layer.slug}/")
    client = client_for()
    checked = []
    for dist in graph.objects(dataset, DCAT.distribution):
        for url in graph.objects(dist, DCAT.downloadURL):
            response = client.get(str(url).removeprefix(BASE))
            assert response.status_code == 200, url
            assert b"".join(response.streaming_content if response.streaming else [response.content]), url
            checked.append(str(url))
    # The five download formats and the ISO XML (the APIs are access URLs, not downloads).
    base = f"{BASE}/api/layers/{layer.slug}/download/"
    expected = [base + f"{kind}/" for kind in ("geojson", "shp", "gpkg", "csv", "kml")]
    assert sorted(checked) == sorted([*expected, f"{BASE}/katalog/{layer.slug}/iso19139.xml"])


def test_an_unpublished_layer_is_absent(catalogue):
    graph, _layer, hidden = catalogue
    assert not list(graph.triples((URIRef(f"{BASE}/layers/{hidden.slug}/"), None, None)))
    assert Literal(hidden.slug) not in set(graph.objects(None, DCT.identifier))
    assert Literal("Klinik draf") not in set(graph.objects(None, DCT.title))


def test_every_indicator_is_a_dataset_with_csv_and_json(client_for, compliance_run):
    graph = _graph(client_for())
    dataset = URIRef(f"{BASE}/satu-data/indikator.json?indikator=kesesuaian-rtrw")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert _one(graph, dataset, DCT.title) == Literal("Persentase Realisasi Pola Pemanfaatan Ruang Sesuai RTRW")
    assert _one(graph, _one(graph, dataset, DCT.publisher), FOAF.name) == Literal("Dinas Tata Ruang dan Bangunan")
    assert _one(graph, dataset, DCT.conformsTo) == URIRef(f"{BASE}/satu-data/kamus-data.json")
    formats = {
        str(_one(graph, d, DCAT.downloadURL)): str(_one(graph, d, DCAT.mediaType)).rsplit("/", 1)[1]
        for d in graph.objects(dataset, DCAT.distribution)
    }
    assert formats == {
        f"{BASE}/satu-data/indikator.csv?indikator=kesesuaian-rtrw": "csv",
        f"{BASE}/satu-data/indikator.json?indikator=kesesuaian-rtrw": "json",
    }
    assert _one(graph, dataset, DCT.spatial) is not None
    # Without an LP2B layer the LP2B conversion has no value yet: not a dataset to harvest.
    empty = URIRef(f"{BASE}/satu-data/indikator.json?indikator=alih-fungsi-lp2b")
    assert (empty, RDF.type, DCAT.Dataset) not in graph
    # The years of the stored values: the one run, on the land use of 2025.
    temporal = _one(graph, dataset, DCT.temporal)
    assert (str(_one(graph, temporal, DCAT.startDate)), str(_one(graph, temporal, DCAT.endDate))) == ("2025", "2025")


def test_the_catalogue_conforms_to_the_harvested_field_set(client_for, catalogue, compliance_run):
    # SHACL (pyshacl): every dataset, layer or indicator, has what ckanext-dcat reads.
    from pathlib import Path

    from pyshacl import validate

    shapes = Graph().parse(Path(__file__).parents[1] / "data" / "dcat-ckan-shape.ttl", format="turtle")
    graph = _graph(client_for())
    conforms, _report, text = validate(graph, shacl_graph=shapes)
    assert conforms, text
    # The shape bites: a dataset without its publisher fails.
    layer = catalogue[1]
    graph.remove((URIRef(f"{BASE}/layers/{layer.slug}/"), DCT.publisher, None))
    assert not validate(graph, shacl_graph=shapes)[0]


def test_the_temporal_extent_of_a_layer_with_dates(client_for, users, opd):
    # The first date attribute's range over the features; without one, the data date (above).
    features = [
        {**feature, "properties": {**feature["properties"], "tanggal": day}}
        for feature, day in zip(_points(3), ["2021-03-04", "2019-11-30", "2020-06-15"], strict=True)
    ]
    layer = published_layer(users["dinkes"], opd["dinkes"], "Kejadian uji", features, reviewer=users["dtrb"])
    assert [f["type"] for f in layer.published_version.schema if f["name"] == "tanggal"] == ["datetime"]
    graph = _graph(client_for())
    temporal = _one(graph, URIRef(f"{BASE}/layers/{layer.slug}/"), DCT.temporal)
    assert _one(graph, temporal, DCAT.startDate).toPython() == datetime.date(2019, 11, 30)
    assert _one(graph, temporal, DCAT.endDate).toPython() == datetime.date(2021, 3, 4)


def test_the_catalogue_page_links_the_satu_data_documents(client, opd):
    html = client.get("/katalog/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert '<h2 id="judul-satu-data">Satu Data</h2>' in html
    for href in (
        "/katalog/dcat.json",
        "/satu-data/indikator.csv",
        "/satu-data/indikator.json",
        "/satu-data/kamus-data.json",
    ):
        assert f'href="{href}"' in html
    assert "Kamus data dan metadata indikator (JSON)" in html
