"""The OGC API read by a real client: GDAL's OAPIF driver (``ogrinfo``, Debian
gdal-bin) against the live server. The values asserted are what it prints.

Debian 12's GDAL is 3.6, whose OAPIF driver has no CRS option (Part 2 support
came with GDAL 3.7): a layer in EPSG:32748 is read by GDAL's GeoJSON driver
from the items URL with ``crs=``, as a client of Part 2 asks for it."""

import re
import shutil
import subprocess

import pytest

from tests.factories.grid import CX, CY, rect
from tests.factories.layers import polygon_feature, published_layer

pytestmark = pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="gdal-bin (ogrinfo) is not installed")
UTM = "http://www.opengis.net/def/crs/EPSG/0/32748"


def ogrinfo(*args):
    done = subprocess.run(
        ["ogrinfo", "-ro", *args], capture_output=True, text=True, timeout=120, env={"GDAL_HTTP_TIMEOUT": "60"}
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def taman(wilayah_live, users, opd):
    # Three 100 m x 50 m parcels side by side from the Kelapa Dua grid point.
    features = [
        polygon_feature(rect(CX + 100 * i, CY, CX + 100 * i + 100, CY + 50), nama=f"Taman {i}", luas_m2=5000 + i)
        for i in range(3)
    ]
    return published_layer(users["dtrb"], opd["dlhk"], "Taman kota", features, users["dtrb"])


def test_ogrinfo_lists_collections_and_counts_desa(live_server, taman):
    url = f"OAPIF:{live_server.url}/ogc/"
    listing = ogrinfo("-q", url)
    names = re.findall(r"^\d+: (\S+) \(title: ", listing, re.M)
    assert names[:3] == ["kabupaten", "kecamatan", "desa"] and taman.slug in names
    summary = ogrinfo("-so", url, "desa")
    assert "Feature Count: 274" in summary
    assert "Geometry: Multi Polygon" in summary
    assert re.search(r"^kode: String", summary, re.M) and re.search(r"^luas_ha: Real", summary, re.M)


def test_ogrinfo_reads_a_bbox_and_an_attribute_filter(live_server, wilayah_live):
    url = f"OAPIF:{live_server.url}/ogc/"
    # SELECT count(*) FROM wilayah_desa WHERE ST_Intersects(geom, ST_MakeEnvelope(106.55,-6.30,106.65,-6.20,4326)): 31
    boxed = ogrinfo("-so", "-spat", "106.55", "-6.30", "106.65", "-6.20", url, "desa")
    assert "Feature Count: 31" in boxed
    filtered = ogrinfo("-q", "-oo", "PAGE_SIZE=1000", "-where", "kode_kec = '36.03.28'", url, "desa")
    kode = re.findall(r"kode \(String\) = (\S+)", filtered)
    # The 6 desa of Kecamatan Kelapa Dua (five 36.03.28.100x and 36.03.28.2006).
    assert sorted(kode) == [*(f"36.03.28.100{i}" for i in range(1, 6)), "36.03.28.2006"]
    assert "nama (String) = Kelapa Dua" in filtered


def test_gdal_reads_a_layer_in_utm_48s(live_server, taman):
    url = f"{live_server.url}/ogc/collections/{taman.slug}/items?crs={UTM}&limit=10"
    text = ogrinfo("-q", "-al", url)
    rings = re.findall(r"MULTIPOLYGON \(\(\(([-\d.]+) ([-\d.]+),", text)
    corners = sorted((float(x), float(y)) for x, y in rings)
    # The grid parcels start at (CX + 100 i, CY) in UTM metres: ST_Transform returns them to the millimetre.
    expected = sorted((CX + 100 * i, CY) for i in range(3))
    assert len(corners) == 3
    for (x, y), (ex, ey) in zip(corners, expected, strict=True):
        assert abs(x - ex) < 0.01 and abs(y - ey) < 0.01
    assert re.findall(r"nama \(String\) = (.+)", text) == ["Taman 0", "Taman 1", "Taman 2"]
