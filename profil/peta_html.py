"""The standalone interactive map of an area (``peta.html``), made with folium:
the area's outline, its desa (popups with measured area and flood hazard
shares from the stored statistics), the zones of its main plan (popups with
the class), a flood hazard layer (each desa in the colour of its largest hazard
class) and a legend. One HTML file that opens offline when emailed: folium's
CDN scripts and style sheets are replaced by the vendored Leaflet (static/vendor/leaflet),
inlined, and no tile layer is added."""

import html
import re

import folium
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

from core.sample import SAMPLE_LABEL
from flood import classes as hazard_classes

from . import sections, services
from .format import ha, percent

AREA_STYLE = {"color": "#0e1f1a", "weight": 3, "fill": False, "className": "wilayah-area"}
ZONE_STYLE = {"color": "#ffffff", "weight": 0.4, "fillOpacity": 0.6}
DESA_STYLE = {"color": "#ffffff", "weight": 1.2, "fillColor": "#6b7f78", "fillOpacity": 0.08}
# Leaflet's build ends with a source-map comment; offline there is no map to fetch.
SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def vendored(path):
    """The text of a vendored front-end file (static/vendor/...)."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    with open(found, encoding="utf-8") as fh:
        return SOURCE_MAP.sub("", fh.read())


def offline_map(**options):
    """A folium.Map without CDN references: Leaflet's JS and CSS inlined in the head."""
    fmap = folium.Map(tiles=None, control_scale=True, **options)
    fmap.default_js = []
    fmap.default_css = []
    header = fmap.get_root().header
    header.add_child(folium.Element(f"<style>{vendored('vendor/leaflet/leaflet.css')}</style>"), name="leaflet_css")
    header.add_child(folium.Element(f"<script>{vendored('vendor/leaflet/leaflet.js')}</script>"), name="leaflet_js")
    return fmap


def render(area, data):
    """The HTML text of the map of ``area`` with its profile ``data``."""
    fmap = offline_map(zoom_start=12)
    fmap.get_root().header.add_child(folium.Element(f"<title>{html.escape(_title(data))}</title>"), name="title")
    hazard = _hazard_by_desa(area)
    desa = services.desa_geojson(area, simplify=0.00002)
    for feature in desa["features"]:
        props = feature["properties"]
        props["luas"] = f"{ha(props['luas_ha'])} ha"
        props.update(hazard.get(props["kode"], {}))
    plan = services.main_plan(data)
    if plan:
        zones = services.zone_geojson(area, plan, precision=6)
        folium.GeoJson(
            zones,
            name=_("Zones: %(plan)s") % {"plan": plan.nama},
            style_function=lambda f: {**ZONE_STYLE, "fillColor": f["properties"]["warna"]},
            popup=folium.GeoJsonPopup(fields=["kode", "nama"], aliases=[_("Code"), _("Class")]),
            tooltip=folium.GeoJsonTooltip(fields=["kode"], labels=False),
        ).add_to(fmap)
    fields = ["nama", "kode", "luas", *[k for k in ("rendah", "sedang", "tinggi", "tanpa_data") if _any(desa, k)]]
    aliases = [_("Name"), _("Code"), _("Measured area"), *[_hazard_alias(k) for k in fields[3:]]]
    folium.GeoJson(
        desa,
        name=_("Desa/kelurahan"),
        style_function=lambda feature: DESA_STYLE,
        popup=folium.GeoJsonPopup(fields=fields, aliases=aliases),
        tooltip=folium.GeoJsonTooltip(fields=["nama"], labels=False),
    ).add_to(fmap)
    if hazard:
        folium.GeoJson(
            desa,
            name=_("Flood hazard (largest class per desa)"),
            show=False,
            style_function=lambda f: {
                "color": "#ffffff",
                "weight": 0.8,
                "fillColor": f["properties"].get("warna_bahaya", "#bdbdbd"),
                "fillOpacity": 0.6,
            },
            popup=folium.GeoJsonPopup(fields=fields, aliases=aliases),
        ).add_to(fmap)
    outline = {"type": "Feature", "geometry": services.outline_geojson(area, simplify=0.00002), "properties": {}}
    outline_layer = folium.GeoJson(outline, name=data["judul"], style_function=lambda f: AREA_STYLE)
    outline_layer.add_to(fmap)
    west, south, east, north = area.wilayah.geom.extent
    fmap.fit_bounds([[south, west], [north, east]])
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.get_root().html.add_child(folium.Element(_legend_html(data, bool(hazard))), name="legend")
    return fmap.get_root().render()


def _title(data):
    return _("Map of %(area)s — WebSIG Tata Ruang Kabupaten Tangerang") % {"area": data["judul"]}


def _any(collection, key):
    return any(key in f["properties"] for f in collection["features"])


def _hazard_alias(key):
    return _("Flood hazard: %(class)s") % {"class": hazard_classes.LABELS[key]}


def _hazard_by_desa(area):
    """{desa kode: {rendah: '12,34 ha (5,00%)', ..., warna_bahaya}} from the stored
    statistics (profil.sections.hazard_by_desa); {} without a published raster."""
    _raster, found = sections.hazard_by_desa(area)
    result = {}
    for kode, row in found.items():
        entry = {k: f"{ha(row['luas_ha'][k])} ha ({percent(row['persen'][k])})" for k in row["luas_ha"]}
        entry["warna_bahaya"] = row["warna"]
        result[kode] = entry
    return result


def _legend_html(data, hazard):
    """A fixed legend box: the classes of the main plan, the hazard colours and the sample label."""
    items = []
    if data["zona"]:
        for kelas in data["zona"][0]["kelas"][:12]:
            label = html.escape(f"{kelas['kode']} {kelas['nama']} — {percent(kelas['persen'])}")
            colour = html.escape(kelas["warna"] or "#c8d1cd")
            items.append(f'<div><span style="background:{colour}" class="kotak"></span>{label}</div>')
    if hazard:
        swatches = "".join(
            f'<span style="background:{colour}" class="kotak"></span>{hazard_classes.LABELS[kode]} '
            for kode, colour in hazard_classes.DEFAULT_COLORS.items()
        )
        items.append(f"<div>{html.escape(_('Flood hazard (largest class per desa)'))}: {swatches}</div>")
    sample = f'<p class="contoh">{SAMPLE_LABEL}</p>' if data["is_sample"] else ""
    title = html.escape(data["judul"])
    area = html.escape(f"{_('Measured area')}: {ha(data['luas_ukur_ha'])} ha")
    return (
        "<style>body{font:13px/1.4 sans-serif}.leaflet-popup-content,.leaflet-control-layers{font-size:13px}"
        ".legenda-profil{position:fixed;bottom:24px;right:10px;z-index:1000;background:#fff;"
        "padding:8px 10px;font:12px/1.35 sans-serif;max-width:300px;border-radius:4px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.3)}.legenda-profil .kotak{display:inline-block;width:12px;"
        "height:12px;margin-right:6px;vertical-align:middle}.legenda-profil .contoh{color:#a3154a;"
        "font-weight:bold;margin:4px 0 0}</style>"
        f'<div class="legenda-profil"><strong>{title}</strong><div>{area}</div>{"".join(items)}{sample}</div>'
    )
