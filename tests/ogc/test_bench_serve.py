"""make bench-serve with tiny numbers (300 polygons, one tile per zoom, 1 s of
load from 2 clients, one gunicorn worker): the command runs against the test
database (a transactional test, so gunicorn sees the committed layer) and
writes every figure of bench/serve.json; the layer is gone afterwards."""

import io
import json

import pytest
from django.core.management import call_command

from layers.models import Layer

pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_serve_writes_each_figure_beside_its_floor(wilayah_live, opd, tmp_path):
    output = tmp_path / "serve.json"
    stdout = io.StringIO()
    call_command(
        "bench_serve",
        features=300,
        runs=1,
        duration=1,
        clients=2,
        tiles=1,
        limit=50,
        workers=1,
        user_think=0.05,
        output=str(output),
        stdout=stdout,
    )
    result = json.loads(output.read_text())
    assert result["features"] == 300
    assert set(result) >= {"date", "targets", "stack", "tiles", "pages", "load", "workers_peak_rss_mb", "verdicts"}
    assert result["stack"]["p50_ms"] > 0
    tiles = result["tiles"]
    assert set(tiles) >= {"10", "12", "14", "16", "all"}
    for zoom in ("10", "12", "14", "16"):
        assert tiles[zoom]["tiles"] == 1
        for kind in ("floor", "cold", "warm"):
            assert tiles[zoom][kind]["p95_ms"] > 0
        assert isinstance(tiles[zoom]["cold_p95_over_floor_p95"], float)
    # Every tile asked: a cold and a warm request each, all answered.
    assert sum(tiles["statuses"].values()) == 2 * 4
    assert set(tiles["statuses"]) <= {"200", "204"}
    # The cold pass filled the tile cache (Redis, at the new revision): one key per tile.
    assert tiles["keys_after_cold_pass"] == [4]
    for shape in ("ogc_items", "api_features"):
        page = result["pages"][shape]
        assert page["statuses"] == {"200": 4 * 5}  # four depths, one run of PAGE_REPEATS (5)
        assert isinstance(page["p95_ratio"], float) and page["p95_ratio"] > 0
    load = result["load"]
    assert load["load"]["clients"] == 2 and load["load"]["requests"] > 0
    assert load["load"]["errors"] == 0 and load["single"]["errors"] == 0
    assert isinstance(load["p95_ratio"], float)
    # The clients again as map users (pausing 0.05 s), and the queueing bound of the clients that never pause.
    assert load["users"]["clients"] == 2 and load["users"]["think_s"] == 0.05 and load["users"]["requests"] > 0
    assert load["users"]["errors"] == 0 and isinstance(load["users_p95_ratio"], float)
    many = load["load"]
    assert load["queue_bound_ms"] == round(1000.0 * 2 / many["requests_per_s"], 1)
    assert "users_p95" in result["verdicts"] and "Little's law" in stdout.getvalue()
    assert len(result["workers_peak_rss_mb"]["each"]) == 1 and result["workers_peak_rss_mb"]["max"] > 50
    assert "cold p95 / floor p95" in stdout.getvalue()
    assert not Layer.objects.filter(title="bench serve").exists()
