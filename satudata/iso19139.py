"""ISO 19115 metadata of a layer, written as ISO 19139 XML by pygeometa.

``mcf(layer, version, absolute)`` builds pygeometa's Metadata Control File (a
dict) from the layer's metadata fields (title, abstract, OPD, contact,
keywords, licence, data date, lineage, scale) and its version (geometry kind,
bbox in lon/lat WGS 84, dates, downloads); ``document`` renders it.
``missing_fields`` names the ISO 19115 core mandatory elements the layer's
owner has not filled in (title, reference date, abstract, point of contact,
topic category, language, extent, reference system, metadata contact/date):
the XML then carries a fallback (the upload date, the description), and the
layer page and the API tell the owner which fields to complete.
"""

import functools
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from jinja2 import Environment, FileSystemLoader
from lxml import etree
from pygeometa import core as pygeometa_core
from pygeometa.schemas.iso19139 import ISO19139OutputSchema

from .dcat import EMAIL, FILE_TYPES, LICENCES, kabupaten_bbox, layer_period

# Theme of a layer -> ISO 19115 MD_TopicCategoryCode.
TOPIC_CATEGORIES = {
    "tata_ruang": "planningCadastre",
    "infrastruktur": "structure",
    "transportasi": "transportation",
    "lingkungan": "environment",
    "bencana": "geoscientificInformation",
    "kesehatan": "health",
    "pendidikan": "society",
    "sosial": "society",
    "ekonomi": "economy",
    "pertanian": "farming",
    "pemerintahan": "boundaries",
}
GEOMETRY_TYPES = {"point": "point", "line": "curve", "polygon": "surface"}
LANGUAGE = "ind"  # ISO 639-2 code of Bahasa Indonesia
STORAGE_EPSG = 4326  # every version is stored and served in WGS 84 lon/lat (settings.STORAGE_SRID)


@dataclass(frozen=True)
class Missing:
    """A mandatory element without a value: ``element`` (ISO 19115 name), ``field`` (the layer's field to fill)."""

    element: str
    field: str
    label: str

    def as_dict(self):
        return {"element": self.element, "field": self.field, "label": str(self.label)}


def missing_fields(layer, version):
    """The ISO 19115 core mandatory elements ``layer`` (shown as ``version``, may be None) lacks."""
    checks = [
        ("title", "title", _("Title"), bool(layer.title.strip())),
        ("date", "data_date", _("Reference date of the data"), layer.data_date is not None),
        ("abstract", "abstract", _("Abstract"), bool((layer.abstract or layer.description).strip())),
        (
            "pointOfContact",
            "contact",
            _("Point of contact (e-mail or telephone)"),
            bool(layer.contact.strip()) and layer.opd_id is not None,
        ),
        ("topicCategory", "theme", _("Topic category (theme)"), layer.theme in TOPIC_CATEGORIES),
        ("extent", "bbox", _("Geographic extent (a version with features)"), bool(version and version.bbox)),
    ]
    return [Missing(element, field, label) for element, field, label, present in checks if not present]


def _contact(layer, page):
    email = EMAIL.search(layer.contact or "")
    return {
        "organization": layer.opd.nama,
        "url": page,
        "individualname": "",
        "positionname": layer.opd.singkatan,
        "phone": "",
        "fax": "",
        "address": "",
        "city": "Tigaraksa",
        "administrativearea": "Banten",
        "postalcode": "",
        "country": "Indonesia",
        "email": email.group(0) if email else "",
        "contactinstructions": layer.contact,
    }


def mcf(layer, version, absolute):
    """The MCF (pygeometa's dict) of ``layer`` shown as ``version``; ``absolute``
    makes a path an absolute URL."""
    page = absolute(reverse("layer_pages:layer", kwargs={"slug": layer.slug}))
    published = version.reviewed_at or version.created_at
    reference_date = layer.data_date or published.date()
    licence_url = LICENCES.get(layer.licence.strip().upper(), "")
    # A version without features has no bbox: the kabupaten's stands in (and missing_fields says so).
    bbox = list(version.bbox) if version.bbox else kabupaten_bbox() or [106.35, -6.4, 106.8, -5.9]
    spatial = {"bbox": bbox, "crs": STORAGE_EPSG}
    start, end = layer_period(layer, version, published)
    temporal = {"begin": start.isoformat(), "end": (end or start).isoformat()}
    record = {
        "mcf": {"version": 1.0},
        "metadata": {
            "identifier": f"websig-kab-tangerang-{layer.slug}",
            "language": LANGUAGE,
            "charset": "utf8",
            "hierarchylevel": "dataset",
            "datestamp": max(layer.updated_at, published).date().isoformat(),
            "dataseturi": page,
        },
        "spatial": {"datatype": "vector", "geomtype": GEOMETRY_TYPES.get(version.geometry_kind, "complex")},
        "identification": {
            "language": LANGUAGE,
            "charset": "utf8",
            "title": layer.title,
            "abstract": layer.abstract or layer.description or layer.title,
            "edition": str(version.number),
            "dates": {"creation": reference_date.isoformat(), "publication": published.date().isoformat()},
            "keywords": {
                "default": {
                    "keywords": list(layer.keywords) or [str(layer.get_theme_display())],
                    "keywords_type": "theme",
                },
                "place": {"keywords": ["Kabupaten Tangerang", "Banten", "Indonesia"], "keywords_type": "place"},
            },
            "topiccategory": [TOPIC_CATEGORIES.get(layer.theme, "planningCadastre")],
            "extents": {"spatial": [spatial], "temporal": [temporal]},
            "fees": "None",
            "accessconstraints": "otherRestrictions",
            "rights": layer.licence,
            "license": {"name": layer.licence, "url": licence_url},
            "url": page,
            "status": "completed",
            "maintenancefrequency": "asNeeded",
        },
        # pygeometa writes the contacts other than pointOfContact and distributor as
        # the metadata contact (gmd:contact), with their key as the role: the OPD keeps the data.
        "contact": {
            "custodian": _contact(layer, page),
            "pointOfContact": _contact(layer, page),
            "distributor": _contact(layer, page),
        },
        "distribution": {
            fmt: {
                "url": absolute(reverse("layers:layer-download", kwargs={"slug": layer.slug, "fmt": fmt})),
                "type": "WWW:DOWNLOAD-1.0-http--download",
                "name": title,
                "description": title,
                "function": "download",
                "format": title,
            }
            for fmt, (title, _file_type) in FILE_TYPES.items()
        },
        "dataquality": {"scope": {"level": "dataset"}, "lineage": {"statement": layer.lineage or ""}},
    }
    return record


GMD = "http://www.isotc211.org/2005/gmd"
GCO = "http://www.isotc211.org/2005/gco"


def _format_names_as_character_strings(root):
    """pygeometa 0.19 writes ``<gmd:name>GeoJSON</gmd:name>`` in gmd:MD_Format,
    which the ISO 19139 schema refuses (a name is a gco:CharacterString): wrap the text."""
    for name in root.iterfind(f"{{{GMD}}}distributionInfo//{{{GMD}}}MD_Format/{{{GMD}}}name"):
        if name.text and name.text.strip() and len(name) == 0:
            text, name.text = name.text.strip(), None
            etree.SubElement(name, f"{{{GCO}}}CharacterString").text = text


# The elements of gmd:MD_DataIdentification that follow gmd:spatialResolution, in the schema's order.
_AFTER_RESOLUTION = ("language", "characterSet", "topicCategory", "environmentDescription", "extent")


def _add_scale(root, denominator):
    """The layer's scale (1:``denominator``) as gmd:spatialResolution/gmd:MD_Resolution/
    gmd:equivalentScale, in its place in gmd:MD_DataIdentification (pygeometa 0.19's
    template has no element for it); nothing without a scale."""
    if not denominator:
        return
    ident = root.find(f"{{{GMD}}}identificationInfo/{{{GMD}}}MD_DataIdentification")
    if ident is None:
        return
    resolution = etree.Element(f"{{{GMD}}}spatialResolution")
    fraction = etree.SubElement(
        etree.SubElement(etree.SubElement(resolution, f"{{{GMD}}}MD_Resolution"), f"{{{GMD}}}equivalentScale"),
        f"{{{GMD}}}MD_RepresentativeFraction",
    )
    etree.SubElement(etree.SubElement(fraction, f"{{{GMD}}}denominator"), f"{{{GCO}}}Integer").text = str(
        int(denominator)
    )
    following = next((child for child in ident if etree.QName(child).localname in _AFTER_RESOLUTION), None)
    if following is None:
        ident.append(resolution)
    else:
        following.addprevious(resolution)


@functools.cache
def _template():
    """pygeometa's ISO 19139 template, compiled once per process.

    ``ISO19139OutputSchema().write`` (pygeometa.core.render_j2_template) builds a
    new Jinja environment and compiles the templates on every call: 0.5 s of a
    0.55 s render. This is the same environment (loader, filters and globals of
    pygeometa 0.19.0's render_j2_template), kept."""
    env = Environment(loader=FileSystemLoader([ISO19139OutputSchema().template_dir, pygeometa_core.SCHEMAS]))
    helpers = {
        name: getattr(pygeometa_core, name)
        for name in (
            "normalize_datestring",
            "get_distribution_language",
            "get_charstring",
            "prune_distribution_formats",
            "prune_transfer_option",
        )
    }
    env.filters.update(helpers)
    env.globals.update(zip=zip, **{k: v for k, v in helpers.items() if k != "get_distribution_language"})
    return env.get_template("main.j2")


def document(layer, version, absolute):
    """ISO 19139 XML (UTF-8 bytes) of ``layer`` shown as ``version``."""
    text = _template().render(record=mcf(layer, version, absolute), pygeometa_version=pygeometa_core.VERSION)
    root = etree.fromstring(text.encode("utf-8"))
    _format_names_as_character_strings(root)
    _add_scale(root, layer.scale_denominator)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
