"""ISO 19139 XML per layer (/katalog/<slug>/iso19139.xml, pygeometa), validated
against the ISO 19139 XSDs (gmd, gco, gmx, GML 3.1; version 2006-05-04) that
pycsw ships; and the ISO 19115 mandatory elements reported missing to the owner."""

import datetime
from pathlib import Path

import pycsw
import pytest
from lxml import etree

from tests.factories.grid import CX, CY, lonlat
from tests.factories.layers import imported_version, published_layer

pytestmark = pytest.mark.django_db

SCHEMAS = Path(pycsw.__file__).parent / "plugins/profiles/apiso/schemas/ogc/iso/19139/20060504"
NS = {
    "gmd": "http://www.isotc211.org/2005/gmd",
    "gco": "http://www.isotc211.org/2005/gco",
    "gmx": "http://www.isotc211.org/2005/gmx",
}


@pytest.fixture(scope="module")
def iso_schema():
    # gmd.xsd alone does not know gmx:Anchor (a substitute for gco:CharacterString), so import both.
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="{NS["gmd"]}" schemaLocation="{(SCHEMAS / "gmd/gmd.xsd").as_uri()}"/>
      <xs:import namespace="{NS["gmx"]}" schemaLocation="{(SCHEMAS / "gmx/gmx.xsd").as_uri()}"/>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


def _polygon_rings():
    # A 100 m x 50 m rectangle east and north of the grid centre in Kelapa Dua (UTM 48S).
    corners = [(CX, CY), (CX + 100, CY), (CX + 100, CY + 50), (CX, CY + 50), (CX, CY)]
    return [[lonlat(x, y) for x, y in corners]]


@pytest.fixture
def layer(users, opd):
    feature = {
        "type": "Feature",
        "properties": {"nama": "RTH Taman Kota"},
        "geometry": {"type": "Polygon", "coordinates": _polygon_rings()},
    }
    layer = published_layer(
        users["dinkes"], opd["dinkes"], "Taman kota", [feature], reviewer=users["dtrb"], theme="lingkungan"
    )
    return layer


def _text(doc, path):
    return [e.text for e in doc.xpath(path, namespaces=NS)]


def test_the_xml_validates_and_carries_the_layer_metadata(client_for, layer, iso_schema):
    layer.abstract = "Ruang terbuka hijau publik."
    layer.keywords = ["RTH", "taman"]
    layer.data_date = datetime.date(2025, 12, 31)
    layer.contact = "Bidang Tata Lingkungan, rth@tangerangkab.go.id"
    layer.lineage = "Digitasi citra 2025."
    layer.scale_denominator = 25000
    layer.save()
    response = client_for().get(f"/katalog/{layer.slug}/iso19139.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    doc = etree.fromstring(response.content)
    assert iso_schema.validate(doc), iso_schema.error_log
    assert doc.tag == "{http://www.isotc211.org/2005/gmd}MD_Metadata"
    assert _text(doc, "gmd:fileIdentifier/gco:CharacterString") == ["websig-kab-tangerang-taman-kota"]
    assert _text(doc, "gmd:language/gmd:LanguageCode") == ["ind"]
    ident = "gmd:identificationInfo/gmd:MD_DataIdentification"
    assert _text(doc, f"{ident}/gmd:citation/gmd:CI_Citation/gmd:title/gco:CharacterString") == ["Taman kota"]
    assert _text(doc, f"{ident}/gmd:abstract/gco:CharacterString") == ["Ruang terbuka hijau publik."]
    dates = doc.xpath(f"{ident}/gmd:citation/gmd:CI_Citation/gmd:date/gmd:CI_Date", namespaces=NS)
    by_type = {
        d.xpath("gmd:dateType/gmd:CI_DateTypeCode/@codeListValue", namespaces=NS)[0]: d.xpath(
            "gmd:date/*/text()", namespaces=NS
        )[0]
        for d in dates
    }
    assert by_type["creation"].startswith("2025-12-31")
    assert by_type["publication"].startswith(layer.published_version.reviewed_at.date().isoformat())
    assert _text(doc, f"{ident}/gmd:topicCategory/gmd:MD_TopicCategoryCode") == ["environment"]
    scale = f"{ident}/gmd:spatialResolution/gmd:MD_Resolution/gmd:equivalentScale"
    assert _text(doc, f"{scale}/gmd:MD_RepresentativeFraction/gmd:denominator/gco:Integer") == ["25000"]
    keywords = _text(doc, f"{ident}/gmd:descriptiveKeywords/gmd:MD_Keywords/gmd:keyword/gco:CharacterString")
    assert {"RTH", "taman", "Kabupaten Tangerang"} <= set(keywords)
    contact = f"{ident}/gmd:pointOfContact/gmd:CI_ResponsibleParty"
    assert _text(doc, f"{contact}/gmd:organisationName/gco:CharacterString") == ["Dinas Kesehatan"]
    assert "rth@tangerangkab.go.id" in _text(doc, f"{contact}//gmd:electronicMailAddress/gco:CharacterString")
    assert _text(doc, "gmd:contact/gmd:CI_ResponsibleParty/gmd:organisationName/gco:CharacterString") == [
        "Dinas Kesehatan"
    ]
    code = "gmd:referenceSystemInfo//gmd:code/gco:CharacterString"
    assert _text(doc, code) == ["urn:ogc:def:crs:EPSG:4326"]
    # Extent: the rectangle's corners, lon/lat, as the version's bbox holds them: PostGIS's
    # single-precision box of the polygon, rounded outward (under 8e-6 degrees, 1 m, at 106 E).
    box = f"{ident}/gmd:extent/gmd:EX_Extent/gmd:geographicElement/gmd:EX_GeographicBoundingBox"
    (west,) = _text(doc, f"{box}/gmd:westBoundLongitude/gco:Decimal")
    (north,) = _text(doc, f"{box}/gmd:northBoundLatitude/gco:Decimal")
    assert [float(west), float(north)] == [layer.published_version.bbox[0], layer.published_version.bbox[3]]
    assert float(west) == pytest.approx(lonlat(CX, CY)[0], abs=1e-5)
    assert float(north) == pytest.approx(lonlat(CX + 100, CY + 50)[1], abs=1e-5)
    # Temporal extent: the data date (the layer has no date attribute).
    assert doc.xpath(f"{ident}/gmd:extent//*[local-name()='beginPosition']/text()", namespaces=NS) == ["2025-12-31"]
    assert _text(doc, "gmd:dataQualityInfo//gmd:statement/gco:CharacterString") == ["Digitasi citra 2025."]
    formats = _text(doc, "gmd:distributionInfo//gmd:MD_Format/gmd:name/gco:CharacterString")
    assert formats == ["GeoJSON", "GeoPackage", "Shapefile (ZIP)", "CSV (WKT)", "KML"]
    urls = _text(doc, "gmd:distributionInfo//gmd:CI_OnlineResource/gmd:linkage/gmd:URL")
    assert "http://testserver/api/layers/taman-kota/download/gpkg/" in urls


def test_missing_mandatory_fields_in_the_api_and_filled_in(client_for, layer):
    # Imported without abstract, date or contact: those three are reported.
    body = client_for().get(f"/api/layers/{layer.slug}/").json()
    assert body["iso19139"]["xml"] == "http://testserver/katalog/taman-kota/iso19139.xml"
    assert [m["field"] for m in body["iso19139"]["missing"]] == ["data_date", "abstract", "contact"]
    assert body["iso19139"]["missing"][0]["label"] == "Tanggal acuan data"
    owner = client_for("dinkes")
    patch = {"abstract": "Taman kota.", "data_date": "2025-01-31", "contact": "021-5991234"}
    assert owner.patch(f"/api/layers/{layer.slug}/", patch, format="json").status_code == 200
    assert client_for().get(f"/api/layers/{layer.slug}/").json()["iso19139"]["missing"] == []


def test_the_layer_page_shows_the_owner_what_is_missing(client, users, layer):
    client.force_login(users["dinkes"])
    html = client.get(f"/layers/{layer.slug}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Metadata ISO 19115 belum lengkap" in html
    assert '<li data-field="data_date">Tanggal acuan data</li>' in html
    assert '<li data-field="contact">Narahubung (surel atau telepon)</li>' in html
    assert f'href="/katalog/{layer.slug}/iso19139.xml"' in html
    client.logout()
    public = client.get(f"/layers/{layer.slug}/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "belum lengkap" not in public and "iso19139.xml" in public


def test_an_unpublished_layer_is_shown_to_its_owner_only(client_for, users, opd, iso_schema):
    version = imported_version(users["dinkes"], opd["dinkes"], "Posyandu draf", [_point()])
    path = f"/katalog/{version.layer.slug}/iso19139.xml"
    anonymous = client_for().get(path)
    assert anonymous.status_code == 404
    assert anonymous["Content-Type"] == "application/json"
    assert "tidak ditemukan" in anonymous.json()["detail"]
    owner = client_for("dinkes").get(path)
    assert owner.status_code == 200 and iso_schema.validate(etree.fromstring(owner.content))


def _point():
    return {
        "type": "Feature",
        "properties": {"nama": "Posyandu"},
        "geometry": {"type": "Point", "coordinates": lonlat(CX, CY)},
    }


def test_the_kept_template_writes_what_pygeometa_writes(layer):
    # satudata.iso19139 compiles pygeometa's template once; pygeometa's own write compiles it per call.
    from pygeometa.schemas.iso19139 import ISO19139OutputSchema

    from satudata import iso19139

    def absolute(path):
        return "http://testserver" + path

    version = layer.published_version
    ours = etree.fromstring(iso19139.document(layer, version, absolute))
    theirs = etree.fromstring(ISO19139OutputSchema().write(iso19139.mcf(layer, version, absolute)).encode())
    iso19139._format_names_as_character_strings(theirs)
    iso19139._add_scale(theirs, layer.scale_denominator)
    parser = etree.XMLParser(remove_blank_text=True)

    def canonical(root):
        return etree.tostring(etree.fromstring(etree.tostring(root), parser), method="c14n")

    assert canonical(ours) == canonical(theirs)
