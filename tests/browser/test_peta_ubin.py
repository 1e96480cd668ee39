"""Large sectoral layers drawn whole from the OGC vector tiles: on the public
map a layer of 100,000 parcels shows over the whole kabupaten at zoom 10, and
a click on a parcel opens its popup with the attributes of
/ogc/collections/<slug>/items/<id>; on the layer page a version of more than
PREVIEW_LIMIT features does the same."""

import io

import pytest
from django.db import connection
from PIL import Image
from playwright.sync_api import expect

from layers.models import Feature
from layers.styles import validate_style
from tests.factories.layers import parcels_version, publish

from .conftest import ConsoleLog, shot

pytestmark = pytest.mark.usefixtures("wilayah_live")

COLOR = "#0050ff"
PARCELS = 100_000
# The kabupaten's extent is about 106.34-106.73° E, 6.00-6.37° S (its bbox).
KABUPATEN_CENTRE = [-6.19, 106.535]


def parcel_layer(users, opd, title, count):
    """A published layer of ``count`` parcels (tests.factories.layers.parcels_version) in one colour."""
    version = parcels_version(users["dtrb"], opd["dtrb"], title, count)
    publish(version, users["dtrb"])
    layer = version.layer
    layer.style = validate_style({"type": "single", "color": COLOR})
    layer.save(update_fields=["style"])
    return version


def parcel_near_centre(version):
    """(feature id, lat, lon of a point inside it, luas_m2) of the parcel nearest the kabupaten's centre."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ST_Y(p), ST_X(p), (attrs->>'luas_m2')::float FROM ("
            f" SELECT id, attrs, ST_PointOnSurface(geom) AS p FROM {Feature.objects.sql_source(version)}"
            " ORDER BY geom <-> ST_SetSRID(ST_MakePoint(%s, %s), 4326) LIMIT 1) AS nearest",
            [KABUPATEN_CENTRE[1], KABUPATEN_CENTRE[0]],
        )
        return cursor.fetchone()


def id_number(value):
    """A number as the popup writes it (Intl.NumberFormat id-ID, up to 6 decimals): 2345.6 -> '2.345,6'."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def layer_pixels(png, box):
    """Pixels of the layer's blue in ``box`` (left, top, right, bottom) of a screenshot:
    the fill (0.35) and the outlines (0.95) of #0050ff over the plain background
    keep blue well above red and green; no boundary or label of the map is blue."""
    image = Image.open(io.BytesIO(png)).convert("RGB").crop(box)
    return sum(1 for r, g, b in image.getdata() if b > r + 60 and b > g + 40)


def set_view(page, map_name, centre, zoom):
    page.evaluate(
        "([name, centre, zoom]) => window[name].setView(centre, zoom, {animate: false})", [map_name, centre, zoom]
    )


def click_feature(page, selector, map_name, lat, lon):
    """Centre the map on a feature at zoom 16 and click it there."""
    set_view(page, map_name, [lat, lon], 16)
    page.wait_for_timeout(800)  # the tiles of the new view
    x, y = page.evaluate(
        "([name, lat, lon]) => { const p = window[name].latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
        [map_name, lat, lon],
    )
    page.locator(selector).click(position={"x": x, "y": y})


def test_public_map_draws_a_layer_of_100000_parcels_whole_from_tiles(live_server, page, users, opd, artifacts):
    version = parcel_layer(users, opd, "Persil uji ubin", PARCELS)
    slug = version.layer.slug
    console = ConsoleLog(page)
    page.goto(f"{live_server.url}/?layer={slug}")
    item = page.locator(f'#sektoral-daftar li[data-slug="{slug}"]')
    expect(item).to_have_attribute("data-source", "tiles")
    expect(item).to_have_attribute("data-loaded", str(PARCELS))
    # "All 100,000 features shown" in Indonesian number format.
    expect(item.locator(".sektoral-layer__status")).to_have_text(
        "Semua 100.000 fitur ditampilkan, di setiap tingkat zoom."
    )

    page.wait_for_selector('#peta[data-desa-loaded="274"]')
    set_view(page, "websigMap", KABUPATEN_CENTRE, 10)
    expect(item).to_have_attribute("data-tiles", "loaded")
    shot(page, artifacts / "peta-ubin-100000.png")
    box = page.locator("#peta").bounding_box()
    centre_x = page.evaluate("([lat, lon]) => websigMap.latLngToContainerPoint([lat, lon]).x", KABUPATEN_CENTRE)
    png = page.screenshot(clip=box)
    height = int(box["height"])
    west = layer_pixels(png, (0, 0, int(centre_x), height))
    east = layer_pixels(png, (int(centre_x), 0, int(box["width"]), height))
    # 100,000 parcels of ~2,800 m² over ~1,000 km² colour a good share of every
    # 150 m pixel at zoom 10: thousands of blue pixels on either side.
    assert west > 5_000 and east > 5_000, (west, east)

    feature_id, lat, lon, luas = parcel_near_centre(version)
    click_feature(page, "#peta", "websigMap", lat, lon)
    popup = page.locator(".leaflet-popup-content .info-fitur")
    expect(popup.locator(".info-fitur__layer")).to_have_text("Persil uji ubin")
    row = popup.locator("tr", has=page.locator("th", has_text="luas_m2"))
    expect(row.locator("td")).to_have_text(id_number(luas))
    expect(popup.locator(".info-fitur__wilayah")).to_contain_text("Kecamatan")
    # The whole feature came from the OGC API item, by the tile's feature id.
    assert (
        page.evaluate("() => performance.getEntriesByType('resource').map((e) => e.name)").count(
            f"{live_server.url}/ogc/collections/{slug}/items/{feature_id}"
        )
        == 1
    )
    shot(page, artifacts / "peta-ubin-popup.png")
    assert console.errors == []


def test_layer_page_draws_a_large_version_from_tiles_and_opens_a_popup(live_server, page, users, opd, artifacts):
    # PREVIEW_LIMIT (layer.js) is 5,000: 6,000 parcels are more than the GeoJSON preview holds.
    version = parcel_layer(users, opd, "Persil halaman layer", 6_000)
    console = ConsoleLog(page)
    page.goto(f"{live_server.url}/layers/{version.layer.slug}/")
    container = page.locator("#peta-layer")
    expect(container).to_have_attribute("data-source", "tiles")
    expect(container).to_have_attribute("data-layer-loaded", "6000")
    expect(page.locator("#pratinjau-status")).to_have_text(
        "Semua 6.000 fitur ditampilkan dari ubin vektor, di setiap tingkat zoom."
    )
    shot(page, artifacts / "layer-ubin.png")

    feature_id, lat, lon, luas = parcel_near_centre(version)
    container.scroll_into_view_if_needed()
    click_feature(page, "#peta-layer", "websigLayerMap", lat, lon)
    popup = page.locator(".leaflet-popup-content .info-fitur")
    row = popup.locator("tr", has=page.locator("th", has_text="luas_m2"))
    expect(row.locator("td")).to_have_text(id_number(luas))
    row = popup.locator("tr", has=page.locator("th", has_text="jenis"))
    expect(row.locator("td")).to_have_text(
        Feature.objects.filter(version=version, id=feature_id).values_list("attrs__jenis", flat=True).get()
    )
    shot(page, artifacts / "layer-ubin-popup.png")
    assert console.errors == []
