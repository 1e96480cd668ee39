"""make bench-serve: tiles, GeoJSON pages and the public map's requests served
by gunicorn, each beside the raw SQL floor measured in the same run."""

import datetime
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from layers.bench import new_revision, published_parcels_layer
from layers.collections import layer_collection
from ogc.bench import floors as floor_sql
from ogc.bench import runs
from ogc.bench.server import Gunicorn
from wilayah.models import Kabupaten

TITLE = "bench serve"
TILE_COLD_RATIO = 1.3  # cold tile p95 / raw ST_AsMVT p95
TILE_WARM_P95_MS = 5.0
PAGE_RATIO = 1.3  # page p95 / raw ST_AsGeoJSON p95
LOAD_P95_RATIO = 3.0  # p95 under load / single-client p95
PAGE_DEPTHS = (0.0, 0.25, 0.5, 0.9)


def _verdict(ok):
    return "OK" if ok else "MISSED"


class Command(BaseCommand):
    help = (
        "Generate and publish a layer of N polygons (categorized on 'jenis'), serve the site with gunicorn on "
        "loopback and time: MVT tiles at z10-z16 cold and warm against raw ST_AsMVT, GeoJSON pages of "
        "/ogc/.../items and /api/layers/.../features/ against raw ST_AsGeoJSON, and the public map's requests "
        "from 1 and from --clients clients; print each figure beside its floor and write bench/serve.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--features", type=int, default=1_000_000)
        parser.add_argument("--runs", type=int, default=3, help="passes over the tiles and pages")
        parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
        parser.add_argument("--clients", type=int, default=20)
        parser.add_argument(
            "--think", type=float, default=0.0, help="seconds each load client waits after an answer (default: none)"
        )
        parser.add_argument(
            "--user-think",
            type=float,
            default=1.0,
            help="then the same clients as map users, pausing this long after each answer (0: not measured)",
        )
        parser.add_argument("--tiles", type=int, default=20, help="tiles per zoom")
        parser.add_argument("--zooms", default="10,12,14,16")
        parser.add_argument("--limit", type=int, default=1000, help="features per page")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (make run: 3)")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "bench" / "serve.json"))
        parser.add_argument("--keep", action="store_true", help="keep the layer (a later run reuses it)")

    def handle(self, *args, **options):
        if (
            options["features"] < 1
            or options["runs"] < 1
            or options["clients"] < 1
            or options["duration"] <= 0
            or options["think"] < 0
            or options["user_think"] < 0
        ):
            raise CommandError(
                "--features, --runs, --clients and --duration must be positive, --think and --user-think not negative"
            )
        zooms = [int(z) for z in options["zooms"].split(",")]
        layer, made = published_parcels_layer(options["features"], TITLE, keep_existing=options["keep"])
        version = layer.published_version
        self.stdout.write(
            f"Layer {layer.slug}: {version.feature_count:,} polygons"
            + (" (reused)" if not made else " (" + ", ".join(f"{k} {v:.1f} s" for k, v in made.items()) + ")")
        )
        try:
            result = self._measure(layer, version, zooms, options)
        finally:
            if not options["keep"]:
                # Its tiles too: a 1,000,000-polygon layer leaves some 50 MB of them in Redis.
                runs.flush_tile_cache(layer.slug)
                layer.delete()
        result["generated_s"] = {k: round(v, 2) for k, v in made.items()}
        self._report(result)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2) + "\n")
        self.stdout.write(f"  written: {output}")

    def _measure(self, layer, version, zooms, options):
        collection = layer_collection(layer, version)
        (south, west), (north, east) = Kabupaten.objects.map_bounds()
        bbox = [west, south, east, north]
        tiles = floor_sql.sample_tiles(version, bbox, zooms, options["tiles"])
        keys = floor_sql.page_keys(version, PAGE_DEPTHS)
        attributes = [name for name in collection.tile_properties if name in {f["name"] for f in version.schema}]
        floors = floor_sql.Floors(version, collection.id, attributes)
        result = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "features": version.feature_count,
            "layer": layer.slug,
            "cpus": os.cpu_count(),
            # The machine's 1, 5 and 15 minute load before the run: other work skews every figure.
            "loadavg_before": [round(v, 2) for v in os.getloadavg()],
            "gunicorn_workers": options["workers"],
            "targets": {
                "tile_cold_p95_over_floor_p95": TILE_COLD_RATIO,
                "tile_warm_p95_ms": TILE_WARM_P95_MS,
                "page_p95_over_floor_p95": PAGE_RATIO,
                "load_errors": 0,
                "load_p95_over_single_p95": LOAD_P95_RATIO,
            },
        }
        try:
            self._serve(result, version, layer.slug, floors, tiles, keys, options)
        finally:
            floors.close()
        result["verdicts"] = self._verdicts(result)
        return result

    def _serve(self, result, version, slug, floors, tiles, keys, options):
        """Start gunicorn and measure tiles, pages and the load against it, into ``result``."""
        with Gunicorn(options["workers"]) as server:
            result["stack"] = runs.bench_stack(server.url)
            revision = runs.tile_revision(server.url, slug) if any(tiles.values()) else None
            if revision is not None:
                result["tiles"] = runs.bench_tiles(
                    server.url, slug, floors, tiles, options["runs"], options["workers"], lambda: new_revision(version)
                )
                revision = result["tiles"]["revision"]
            else:
                result["tiles"] = {"skipped": "the collection has no TileJSON (or no tile holds features)"}
            result["pages"] = runs.bench_pages(
                server.url, slug, floors, keys, options["limit"], options["runs"], options["workers"]
            )
            mix = runs.public_map_mix(slug, tiles, keys, options["limit"], revision)
            single_s = max(1.0, options["duration"] / 3)
            result["load"] = runs.bench_load(
                server.url,
                mix,
                options["clients"],
                options["duration"],
                single_s,
                options["think"],
                options["user_think"] or None,
            )
            peaks = server.worker_peak_rss_mb()
            result["workers_peak_rss_mb"] = {
                "each": sorted(peaks.values()),
                "max": max(peaks.values(), default=None),
            }

    def _verdicts(self, result):
        verdicts = {}
        tiles = result["tiles"]
        if "all" in tiles:
            verdicts["tile_cold"] = (tiles["all"]["cold_p95_over_floor_p95"] or 0) <= TILE_COLD_RATIO
            verdicts["tile_warm"] = (tiles["all"]["warm"]["p95_ms"] or 0) <= TILE_WARM_P95_MS
        for shape in runs.PAGE_PATHS:
            verdicts[shape] = (result["pages"][shape]["p95_ratio"] or 0) <= PAGE_RATIO
        load = result["load"]
        verdicts["load_errors"] = load["load"]["errors"] == 0 and load["single"]["errors"] == 0
        verdicts["load_p95"] = (load["p95_ratio"] or 0) <= LOAD_P95_RATIO
        if "users" in load:
            verdicts["load_errors"] = verdicts["load_errors"] and load["users"]["errors"] == 0
            verdicts["users_p95"] = (load["users_p95_ratio"] or 0) <= LOAD_P95_RATIO
        return verdicts

    def _report(self, result):
        write, verdicts = self.stdout.write, result["verdicts"]
        write(
            f"\nbench-serve ({result['features']:,} polygons, gunicorn {result['gunicorn_workers']} workers, "
            f"{result['cpus']} CPUs, load average before {result['loadavg_before'][0]}); times p50 / p95 in ms"
        )
        stack = result["stack"]
        write(f"  the stack alone ({stack['path']}, no database): {_pp(stack)}")
        _report_tiles(write, result["tiles"], verdicts)
        _report_pages(write, result["pages"], verdicts)
        _report_load(write, result["load"], verdicts)
        rss = result["workers_peak_rss_mb"]
        write(f"  gunicorn workers' peak RSS (VmHWM): {', '.join(f'{v:.0f}' for v in rss['each'])} MiB")


def _report_tiles(write, tiles, verdicts):
    if "skipped" in tiles:
        write(f"  tiles: skipped: {tiles['skipped']}")
        return
    write(f"  tiles ({tiles['runs']} runs; floor: raw ST_AsMVT over the partition, psycopg2)")
    for name in [k for k in tiles if k.isdigit()] + ["all"]:
        t = tiles[name]
        label = f"z{name}" if name.isdigit() else "all"
        write(
            f"    {label:>4} {t['tiles']:3d} tiles  floor {_pp(t['floor'])}  cold {_pp(t['cold'])} "
            f"(p95 x{t['cold_p95_over_floor_p95']})  warm {_pp(t['warm'])}  "
            f"[{t['mean_tile_bytes']:,} B/tile vs floor {t['mean_floor_bytes']:,} B; {t['empty_tiles']} empty]"
        )
    write(
        f"    cold p95 / floor p95 = {tiles['all']['cold_p95_over_floor_p95']} "
        f"(target <= {TILE_COLD_RATIO}) {_verdict(verdicts['tile_cold'])}; warm p95 = "
        f"{tiles['all']['warm']['p95_ms']} ms (target <= {TILE_WARM_P95_MS}) {_verdict(verdicts['tile_warm'])}"
    )


def _report_pages(write, pages, verdicts):
    write(f"  pages of {pages['limit']:,} features after {pages['after']} (floor: raw ST_AsGeoJSON FeatureCollection)")
    for shape, path in runs.PAGE_PATHS.items():
        p = pages[shape]
        write(
            f"    {path.split('?')[0].format(slug='…'):<40} floor {_pp(p['floor'])}  http {_pp(p['http'])}  "
            f"p95 x{p['p95_ratio']} (target <= {PAGE_RATIO}) {_verdict(verdicts[shape])}"
        )


def _report_load(write, load, verdicts):
    single, many = load["single"], load["load"]
    write(
        f"  load: {many['clients']} clients for {many['duration_s']} s"
        + (f" (pausing {many['think_s']} s after each answer)" if many["think_s"] else "")
        + f": {many['requests']:,} requests "
        f"({many['requests_per_s']}/s), {many['errors']} errors (target 0) {_verdict(verdicts['load_errors'])}"
    )
    write(
        f"    p95 under load {many['all']['p95_ms']} ms vs 1 client {single['all']['p95_ms']} ms "
        f"({single['requests']:,} requests in {single['duration_s']} s): x{load['p95_ratio']} "
        f"(target <= {LOAD_P95_RATIO}) {_verdict(verdicts['load_p95'])}"
    )
    if "queue_bound_ms" in load:
        write(
            f"    (Little's law: {many['clients']} clients that never pause, answered {many['requests_per_s']}/s, "
            f"wait {load['queue_bound_ms']} ms on average, x{load['queue_bound_ratio']} the 1-client p95, "
            "whatever the server does)"
        )
    users = load.get("users")
    if users:
        write(
            f"    as map users (pausing {users['think_s']} s after each answer): {users['requests']:,} requests "
            f"({users['requests_per_s']}/s), {users['errors']} errors; p95 {users['all']['p95_ms']} ms: "
            f"x{load['users_p95_ratio']} (target <= {LOAD_P95_RATIO}) {_verdict(verdicts['users_p95'])}"
        )
    for kind, figures in many["by_kind"].items():
        alone = single["by_kind"].get(kind)
        line = f"    {kind:<18} 1 client {_pp(alone) if alone else '-':<20} "
        line += f"{many['clients']} clients {_pp(figures):<20}"
        if users and kind in users["by_kind"]:
            line += f" users {_pp(users['by_kind'][kind])}"
        write(line)


def _pp(figures):
    return f"{figures['p50_ms']} / {figures['p95_ms']}"
