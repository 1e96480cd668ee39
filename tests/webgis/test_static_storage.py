"""Hashing static files keeps inline SVG icons intact."""

import re
from pathlib import Path

from django.conf import settings

from webgis.storage import StaticStorage

GEOMAN_CSS = "vendor/leaflet-geoman/leaflet-geoman.css"


def test_svg_fragment_references_in_data_uris_survive_hashing():
    source = (Path(settings.BASE_DIR) / "static" / GEOMAN_CSS).read_text()
    storage = StaticStorage(location=Path(settings.BASE_DIR) / "static")
    css = source
    for pattern, template in storage._patterns["*.css"]:
        css = pattern.sub(storage.url_converter(GEOMAN_CSS, {}, template), css)
    references = re.findall(r"url\(%23([\w-]+)\)", source)
    assert len(references) >= 5  # gradients and masks of the toolbar icons
    assert re.findall(r"url\(%23([\w-]+)\)", css) == references
    assert "#polygon-b#" not in css
