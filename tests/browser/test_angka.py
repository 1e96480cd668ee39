"""WebSIG.formatNumber in real Chromium writes what core.formatting writes on
the server (pages and the KKPR PDF): the same grouping, decimals and rounding."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from core.formatting import format_number

pytestmark = pytest.mark.django_db(transaction=True)

CASES = [
    (12513, None),
    (1234.5, None),
    (1234.5, 1),
    (1072.185, 2),
    (0.125, 2),
    (2.675, 2),
    (-0.001, 2),
    (0.1234567, None),
]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_browser_formats_numbers_like_the_server(page, live_server, wilayah_live, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(live_server.url + "/")
    got = page.evaluate(
        "(cases) => cases.map(([v, d]) => window.WebSIG.formatNumber(v, d === null ? undefined : d))", CASES
    )
    with translation.override(language):
        expected = [format_number(value, digits) for value, digits in CASES]
    assert got == expected
    assert got[0] == ("12.513" if language == "id" else "12,513")


def test_no_script_builds_its_own_number_format():
    # One formatter (websig.js); layer-umum.js's popups had their own Intl.NumberFormat.
    scripts = Path(__file__).resolve().parents[2] / "static" / "js"
    own = [
        p.name
        for p in scripts.glob("*.js")
        if p.name != "websig.js" and re.search(r"Intl\.NumberFormat|toLocaleString\(", p.read_text())
    ]
    assert own == []


@pytest.mark.parametrize(("language", "count", "area"), [("id", "12.513", "1.234,5"), ("en", "12,513", "1,234.5")])
def test_feature_popups_group_quantities_and_leave_years_and_codes(
    page, live_server, wilayah_live, language, count, area
):
    # The popup of every layer on the public map (layer-umum.js featureContent).
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(live_server.url + "/")
    props = {
        "siswa": 12513,
        "luas_ha": 1234.5,
        "TAHUN": 2025,
        "kode_desa": 3603011001,
        "npsn": 20601234,
        "nama": "SD 1",
    }
    cells = page.evaluate(
        """(props) => {
            const node = window.WebSIGLayers.featureContent({properties: props}, {title: "Uji", is_sample: false});
            return Array.from(node.querySelectorAll("tr")).map(r => [r.cells[0].textContent, r.cells[1].textContent]);
        }""",
        props,
    )
    assert dict(cells) == {
        "siswa": count,
        "luas_ha": area,
        "TAHUN": "2025",  # was "2.025"
        "kode_desa": "3603011001",
        "npsn": "20601234",
        "nama": "SD 1",
    }
