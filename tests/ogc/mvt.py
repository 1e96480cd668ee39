"""Reading vector tiles in tests with GDAL's MVT driver (ogr2ogr), an
implementation of the Mapbox Vector Tile spec independent of PostGIS's
encoder; GDAL is already installed for GeoDjango, so no new dependency.

``decode(data, z, y, x)`` gives {layer name: [feature]}, each feature a dict
with ``id`` (the MVT feature id), ``properties`` and ``geometry`` (GeoJSON,
lon/lat: the driver georeferences the tile from its z/x/y file name)."""

import json
import subprocess
import tempfile
from pathlib import Path


def _run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def decode(data, z, y, x):
    assert data, "an empty tile has no layers"
    with tempfile.TemporaryDirectory() as directory:
        # The driver reads z/x/y from the path: <z>/<x>/<y>.pbf (XYZ order).
        path = Path(directory) / str(z) / str(x) / f"{y}.pbf"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        names = [
            line.split(":", 1)[1].split("(")[0].strip()
            for line in _run("ogrinfo", "-ro", "-q", str(path)).splitlines()
            if ":" in line and line.split(":", 1)[0].strip().isdigit()
        ]
        layers = {}
        for name in names:
            text = _run("ogr2ogr", "-f", "GeoJSON", "-t_srs", "EPSG:4326", "/vsistdout/", str(path), name)
            layers[name] = [
                # The driver gives the MVT feature id as the field mvt_id.
                {"id": f["properties"].pop("mvt_id", None), "properties": f["properties"], "geometry": f["geometry"]}
                for f in json.loads(text)["features"]
            ]
        return layers
