"""The DCAT catalogue (JSON-LD, DCAT-AP style) of the published layers and the
registered indicators, as CKAN's ckanext-dcat harvester reads it: per dataset
dct:title, dct:description, dct:publisher (foaf:Organization with foaf:name),
dct:spatial (locn:geometry and dcat:bbox as WKT and GeoJSON, lon/lat WGS 84),
dct:temporal (dcat:startDate/endDate), dct:issued/modified, dcat:keyword,
dct:license, dcat:contactPoint (vCard) and dcat:distribution, each with
dcat:downloadURL or dcat:accessURL, dct:format (EU file-type authority) and
dcat:mediaType (IANA).

Only published layers are listed, whoever asks: the catalogue is what the
Satu Data portal harvests.
"""

import json
import re

from django.core.cache import cache
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from core import indicators
from layers.exports import FORMATS
from layers.models import Feature, FeatureChange, Layer
from wilayah.models import Kabupaten

from . import records

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "locn": "http://www.w3.org/ns/locn#",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
GEOJSON_LITERAL = "https://www.iana.org/assignments/media-types/application/vnd.geo+json"
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
# Download format of layers.exports -> (title, EU file type)
FILE_TYPES = {
    "geojson": ("GeoJSON", "GEOJSON"),
    "gpkg": ("GeoPackage", "GPKG"),
    "shp": ("Shapefile (ZIP)", "SHP"),
    "csv": ("CSV (WKT)", "CSV"),
    "kml": ("KML", "KML"),
}
LICENCES = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODBL-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PUBLISHER = "Pemerintah Kabupaten Tangerang"
# A layer's date range is read from all its features: kept a day (a change of the features changes the key).
PERIOD_CACHE_S = 24 * 3600


def licence_node(licence):
    """dct:license of a licence name: its URI when known (SPDX identifiers), else a labelled document."""
    uri = LICENCES.get((licence or "").strip().upper())
    if uri:
        return {"@id": uri}
    return {"@type": "dct:LicenseDocument", "rdfs:label": licence or ""}


def _date(value):
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _datetime(value):
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def bbox_wkt(bbox):
    """WKT polygon of ``[minlon, minlat, maxlon, maxlat]`` (lon/lat, WGS 84)."""
    x0, y0, x1, y1 = bbox
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def bbox_geojson(bbox):
    x0, y0, x1, y1 = bbox
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":"))


def spatial_node(bbox):
    """dct:spatial of a bounding box: a dct:Location with its geometry as WKT and GeoJSON."""
    wkt = {"@value": bbox_wkt(bbox), "@type": "gsp:wktLiteral"}
    return {
        "@type": "dct:Location",
        "locn:geometry": [wkt, {"@value": bbox_geojson(bbox), "@type": GEOJSON_LITERAL}],
        "dcat:bbox": wkt,
    }


def organization(nama, kode=""):
    node = {"@type": "foaf:Organization", "foaf:name": nama}
    if kode:
        node["dct:identifier"] = kode
    return node


def contact_point(opd, contact=""):
    """dcat:contactPoint: the OPD as a vCard organisation, with the e-mail found in ``contact``."""
    node = {"@type": "vcard:Organization", "vcard:fn": opd.nama}
    email = EMAIL.search(contact or "")
    if email:
        node["vcard:hasEmail"] = {"@id": f"mailto:{email.group(0)}"}
    if contact:
        node["vcard:note"] = contact
    return node


def distribution(title, url, fmt, media_type, download=True, licence=None):
    node = {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dct:format": {"@id": FILE_TYPE + fmt},
        "dcat:mediaType": {"@id": IANA + media_type},
    }
    if download:
        node["dcat:downloadURL"] = {"@id": url}
    if licence is not None:
        node["dct:license"] = licence
    return node


def layer_dataset(layer, absolute):
    """The dcat:Dataset of a published ``layer``; ``absolute`` makes a path an absolute URL."""
    version = layer.published_version
    licence = licence_node(layer.licence)
    page = absolute(reverse("layer_pages:layer", kwargs={"slug": layer.slug}))
    distributions = [
        distribution(
            title,
            absolute(reverse("layers:layer-download", kwargs={"slug": layer.slug, "fmt": fmt})),
            file_type,
            FORMATS[fmt][3],
            licence=licence,
        )
        for fmt, (title, file_type) in FILE_TYPES.items()
        if fmt in FORMATS
    ]
    distributions += [
        distribution(
            _("OGC API - Features collection"),
            absolute(reverse("ogc:collection", kwargs={"collection_id": layer.slug})),
            "JSON",
            "application/json",
            download=False,
            licence=licence,
        )
        | {"dct:conformsTo": {"@id": "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"}},
        distribution(
            _("GeoJSON API"),
            absolute(reverse("layers:layer-features", kwargs={"slug": layer.slug})),
            "GEOJSON",
            "application/geo+json",
            download=False,
            licence=licence,
        ),
        distribution(
            _("ISO 19139 metadata"),
            absolute(reverse("satudata:iso19139", kwargs={"slug": layer.slug})),
            "XML",
            "application/xml",
            licence=licence,
        ),
    ]
    issued = version.reviewed_at or version.created_at
    dataset = {
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": layer.slug,
        "dct:title": layer.title,
        "dct:description": layer.abstract or layer.description or layer.title,
        "dct:publisher": organization(layer.opd.nama, layer.opd.kode),
        "dct:issued": _datetime(issued),
        "dct:modified": _datetime(max(layer.updated_at, issued)),
        "dct:license": licence,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/IND"},
        "dcat:keyword": [*layer.keywords, str(layer.get_theme_display())],
        "dcat:theme": str(layer.get_theme_display()),
        "dcat:landingPage": {"@id": page},
        "dcat:contactPoint": contact_point(layer.opd, layer.contact),
        "dct:temporal": temporal_node(*layer_period(layer, version, issued)),
        "dcat:distribution": distributions,
    }
    if version.bbox:
        dataset["dct:spatial"] = spatial_node(version.bbox)
    if layer.lineage:
        dataset["dct:provenance"] = {"@type": "dct:ProvenanceStatement", "rdfs:label": layer.lineage}
    return dataset


def layer_period(layer, version, issued):
    """(start, end) of a layer: the range of its first date attribute, else its
    data date, else the day its version was published. The range is cached
    until the version's features change (its last recorded change)."""
    column = next((f["name"] for f in version.schema if f.get("type") in ("date", "datetime")), None)
    if column is not None:
        last_change = FeatureChange.objects.filter(version=version).aggregate(last=Max("pk"))["last"] or 0
        # The version's creation time too: a database restored (or a test database) reuses ids.
        key = f"satudata:rentang:{version.pk}:{version.created_at.timestamp()}:{last_change}:{column}"
        period = cache.get(key)
        if period is None:
            period = Feature.objects.date_range(version, column) or ()
            cache.set(key, period, PERIOD_CACHE_S)
        if period:
            return period
    return (layer.data_date or issued.date(), None)


def temporal_node(start, end=None):
    """dct:temporal: a dct:PeriodOfTime from ``start`` to ``end`` (the same day when None)."""
    return {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(start), "dcat:endDate": _date(end or start)}


def kabupaten_bbox():
    """[minlon, minlat, maxlon, maxlat] of the kabupaten (None before the boundaries are loaded)."""
    kabupaten = Kabupaten.objects.first()
    if kabupaten is None:
        return None
    x0, y0, x1, y1 = kabupaten.geom.extent
    return [round(x0, 6), round(y0, 6), round(x1, 6), round(y1, 6)]


def indicator_dataset(item, absolute, names, bbox):
    """The dcat:Dataset of a registered indicator: its CSV and JSON tables (records)."""
    query = f"?indikator={item.kode}"
    table = reverse("satudata:indikator-json")
    years = sorted({int(v.periode) for v in indicators.values("kabupaten", indikator=item.kode) if v.periode.isdigit()})
    licence = licence_node("CC-BY-4.0")
    dataset = {
        "@id": absolute(table) + query,
        "@type": "dcat:Dataset",
        "dct:identifier": item.kode,
        "dct:title": str(item.nama),
        "dct:description": str(item.deskripsi) or str(item.nama),
        "dct:publisher": organization(names.get(item.produsen, item.produsen), item.produsen),
        "dct:license": licence,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/IND"},
        "dct:conformsTo": {"@id": absolute(reverse("satudata:kamus-data"))},
        "dcat:keyword": [_("indicator"), _("spatial planning"), *([item.program] if item.program else [])],
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": names.get(item.produsen, item.produsen)},
        "dcat:distribution": [
            distribution(
                "CSV", absolute(reverse("satudata:indikator-csv")) + query, "CSV", "text/csv", licence=licence
            ),
            distribution("JSON", absolute(table) + query, "JSON", "application/json", licence=licence),
        ],
    }
    if item.url_name:
        dataset["dcat:landingPage"] = {"@id": absolute(item.href())}
    if bbox:
        dataset["dct:spatial"] = spatial_node(bbox)
    if years:
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": str(years[0]), "@type": "xsd:gYear"},
            "dcat:endDate": {"@value": str(years[-1]), "@type": "xsd:gYear"},
        }
    return dataset


def published_layers():
    return Layer.objects.published().select_related("opd", "published_version").order_by("slug")


def catalogue(absolute):
    """The dcat:Catalog document (a dict to write as JSON-LD); ``absolute``
    makes a path an absolute URL (request.build_absolute_uri)."""
    names = records.producers()
    bbox = kabupaten_bbox()
    datasets = [layer_dataset(layer, absolute) for layer in published_layers()]
    # An indicator with no stored value yet (its source layer not published) is
    # not a dataset to harvest: it has no period and nothing to download.
    found = (indicator_dataset(item, absolute, names, bbox) for item in indicators.indicators())
    datasets += [dataset for dataset in found if "dct:temporal" in dataset]
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("satudata:dcat")),
        "@type": "dcat:Catalog",
        "dct:title": _("Spatial data catalogue of the WebSIG Tata Ruang Kabupaten Tangerang"),
        "dct:description": _(
            "Published sectoral layers of the OPDs and the spatial-planning indicators, for Tangerang Satu Data."
        ),
        "dct:publisher": organization(PUBLISHER),
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/IND"},
        "foaf:homepage": {"@id": absolute(reverse("layer_pages:katalog"))},
        "dcat:dataset": datasets,
    }
