"""make bench-zonal: per-desa class areas of a 10 m hazard raster beside exactextract and rasterstats."""

import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from flood import bench, zonal

# Issue 14: faster than exactextract, at least 10x faster than rasterstats, areas within 0.5% per desa.
TARGET_OVER_EXACTEXTRACT = 1.0
TARGET_RASTERSTATS_OVER_OURS = 10.0
TARGET_DIFFERENCE = 0.005
# The figure the targets are judged on: a new version of a hazard raster on the grid of the one
# before, computed by a fresh worker process (coverage on disk, not in memory).
JUDGED_ON = "warm_disk"
ROWS = [
    ("flood.zonal cold (coverage computed)", "cold"),
    ("flood.zonal warm (coverage from disk)", "warm_disk"),
    ("flood.zonal warm (coverage in memory)", "warm_memory"),
    ("classification step (read, classify, write)", "classify"),
    ("exactextract on the class raster", "exactextract"),
    ("  + classification step", "exactextract+classify"),
    ("rasterstats categorical, class raster", "rasterstats"),
    ("  + classification step", "rasterstats+classify"),
    ("rasterstats on the index raster (add_stats)", "rasterstats_index"),
]


class Command(BaseCommand):
    help = (
        "Generate a hazard index raster over the kabupaten (two versions on one grid), compute the 274 desa's "
        "class areas with flood.zonal (cold: no coverage cached; warm: the second version, coverage reused from "
        "disk and from memory), exactextract and rasterstats in the same run, check the areas against exactextract "
        "and write bench/zonal.json. Nothing is kept but the JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--resolution", type=float, default=10.0, help="pixel size in metres")
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--skip-rasterstats", action="store_true")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "bench" / "zonal.json"))

    def handle(self, *args, **options):
        # flood.zonal decodes on every core (zonal.READ_THREADS); the references' GDAL reads too.
        os.environ["GDAL_NUM_THREADS"] = "ALL_CPUS"
        zones = bench.desa_zones()
        if not zones:
            raise CommandError("Tidak ada desa di basis data: jalankan `make setup` (load_wilayah) dulu.")
        result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count()}
        result["loadavg_before"] = [round(x, 2) for x in os.getloadavg()]
        with tempfile.TemporaryDirectory(prefix="bench-zonal-") as workdir:
            paths, grid = self._rasters(Path(workdir), options["resolution"])
            result.update(grid, desa=len(zones), runs=options["runs"], judged_on=JUDGED_ON)
            times, answers = self._run_all(Path(workdir), paths, zones, grid["pixel_area_m2"], options)
        for reference in ("exactextract", "rasterstats"):
            if reference in times:
                times[f"{reference}+classify"] = [
                    a + b for a, b in zip(times[reference], times["classify"], strict=True)
                ]
        result["seconds"] = {name: _summary(values) for name, values in times.items()}
        result["accuracy"] = self._accuracy(answers, zones)
        result["targets"] = self._targets(result)
        self._report(result)
        Path(options["output"]).write_text(json.dumps(result, indent=2) + "\n")
        self.stdout.write(f"Written {options['output']}")

    def _rasters(self, workdir, resolution):
        kabupaten = bench.kabupaten_metric()
        transform, width, height = bench.hazard_grid(kabupaten, resolution)
        paths = {}
        for version in (1, 2):
            values = bench.hazard_values(kabupaten, transform, width, height, version)
            paths[f"indeks_v{version}"] = str(
                bench.write_raster(workdir / f"indeks_v{version}.tif", values, transform, bench.NODATA)
            )
        paths["kelas_v1"] = str(bench.classify_raster(paths["indeks_v1"], workdir / "kelas_v1.tif", zonal.BNPB_INDEKS))
        paths["kelas_v2"] = str(workdir / "kelas_v2.tif")  # written by the timed classification step
        nodata_share = float((values == bench.NODATA).mean())
        self.stdout.write(
            f"Raster {width:,} x {height:,} = {width * height:,} pixels of {resolution:g} m "
            f"({nodata_share:.1%} nodata), two versions on one grid"
        )
        grid = {"width": width, "height": height, "pixels": width * height, "resolution_m": resolution}
        grid.update(pixel_area_m2=resolution * resolution, nodata_share=round(nodata_share, 4))
        return paths, grid

    def _run_all(self, workdir, paths, zones, pixel_area, options):
        classes = zonal.BNPB_INDEKS
        times, answers = {}, {}

        def timed(name, fn):
            started = time.perf_counter()
            answers[name] = fn()
            times.setdefault(name, []).append(time.perf_counter() - started)

        for run in range(options["runs"]):
            ours = partial(zonal.zonal_statistics, zones=zones, classes=classes, cache_dir=workdir / f"cache-{run}")
            zonal.clear_memory()
            timed("cold", partial(ours, paths["indeks_v1"]))
            zonal.clear_memory()  # as in a new process: the coverage on disk only
            timed("warm_disk", partial(ours, paths["indeks_v2"]))
            timed("warm_memory", partial(ours, paths["indeks_v2"]))
            timed("classify", partial(bench.classify_raster, paths["indeks_v2"], paths["kelas_v2"], classes))
            timed("exactextract", partial(bench.exactextract_areas, paths["kelas_v2"], zones, classes, pixel_area))
            if not options["skip_rasterstats"]:
                timed("rasterstats", partial(bench.rasterstats_areas, paths["kelas_v2"], zones, classes, pixel_area))
            line = ", ".join(f"{name} {values[-1]:.2f} s" for name, values in times.items())
            self.stdout.write(f"  run {run + 1}: {line}")
        answers["exactextract_v1"] = bench.exactextract_areas(paths["kelas_v1"], zones, classes, pixel_area)
        if not options["skip_rasterstats"]:
            index_areas = partial(bench.rasterstats_index_areas, paths["indeks_v2"], zones, classes, pixel_area)
            timed("rasterstats_index", index_areas)
            self.stdout.write(f"  rasterstats on the index raster (once): {times['rasterstats_index'][-1]:.2f} s")
        return times, answers

    def _accuracy(self, answers, zones):
        ours_v1 = {key: stats.luas_m2 for key, stats in answers["cold"].items()}
        ours_v2 = {key: stats.luas_m2 for key, stats in answers["warm_disk"].items()}
        gap = max(abs(sum(ours_v2[key].values()) - geom.area) / geom.area for key, geom in zones)
        cold, cold_desa = bench.max_relative_difference(ours_v1, answers["exactextract_v1"], zones)
        warm, warm_desa = bench.max_relative_difference(ours_v2, answers["exactextract"], zones)
        accuracy = {
            "max_rel_diff_vs_exactextract_cold": cold,
            "max_rel_diff_vs_exactextract_warm": warm,
            "worst_desa": cold_desa if cold >= warm else warm_desa,
            "max_rel_gap_classes_sum_vs_area": gap,
        }
        if "rasterstats" in answers:
            rs, rs_desa = bench.max_relative_difference(answers["rasterstats"], answers["exactextract"], zones)
            accuracy.update(max_rel_diff_rasterstats_vs_exactextract=rs, rasterstats_worst_desa=rs_desa)
        return accuracy

    def _targets(self, result):
        seconds, accuracy = result["seconds"], result["accuracy"]
        judged = seconds[JUDGED_ON]["median"]
        ratios = {f"{name}_over_{JUDGED_ON}": seconds[name]["median"] / judged for _, name in ROWS if name in seconds}
        ratios.update({f"{name}_over_cold": seconds[name]["median"] / seconds["cold"]["median"] for name in seconds})
        worst = max(accuracy["max_rel_diff_vs_exactextract_cold"], accuracy["max_rel_diff_vs_exactextract_warm"])
        targets = {"ratios": ratios, "areas_within_0.5%": worst <= TARGET_DIFFERENCE}
        targets["faster_than_exactextract"] = ratios[f"exactextract_over_{JUDGED_ON}"] > TARGET_OVER_EXACTEXTRACT
        for name in ("rasterstats", "rasterstats_index"):
            if name in seconds:
                targets[f"10x_faster_than_{name}"] = ratios[f"{name}_over_{JUDGED_ON}"] >= TARGET_RASTERSTATS_OVER_OURS
        return targets

    def _report(self, result):
        seconds, targets, accuracy = result["seconds"], result["targets"], result["accuracy"]
        self.stdout.write(f"\n{result['desa']} desa, {result['pixels']:,} pixels, medians of {result['runs']} runs:")
        self.stdout.write(f"{'':46} {'median s':>8} {'min s':>6} {'/ cold':>7} {'/ warm (disk)':>14}")
        for label, name in ROWS:
            if name in seconds:
                it, fastest = seconds[name]["median"], seconds[name]["min"]
                cold, warm = it / seconds["cold"]["median"], it / seconds[JUDGED_ON]["median"]
                self.stdout.write(f"{label:46} {it:8.2f} {fastest:6.2f} {cold:7.2f} {warm:14.2f}")
        self.stdout.write(
            f"\nPer-desa class areas vs exactextract: max |difference| / desa area "
            f"{accuracy['max_rel_diff_vs_exactextract_cold']:.1e} (cold, version 1), "
            f"{accuracy['max_rel_diff_vs_exactextract_warm']:.1e} (warm, version 2): within 0.5% "
            f"{'yes' if targets['areas_within_0.5%'] else 'NO'}; classes + tanpa_data vs desa area "
            f"{accuracy['max_rel_gap_classes_sum_vs_area']:.1e}"
        )
        if "max_rel_diff_rasterstats_vs_exactextract" in accuracy:
            self.stdout.write(
                f"rasterstats (pixel centres, no fractions) vs exactextract: "
                f"{accuracy['max_rel_diff_rasterstats_vs_exactextract']:.2%} of a desa at worst "
                f"({accuracy['rasterstats_worst_desa']})"
            )
        self.stdout.write(f"Targets, judged on '{JUDGED_ON}' (a new raster version on the same grid, new process):")
        for name, met in targets.items():
            if name != "ratios":
                self.stdout.write(f"  {name}: {'met' if met else 'MISSED'}")


def _summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "all": values}
