"""Generated inputs for make bench-compliance: a plan covering the kabupaten and
a land-use layer tessellating it, both deterministic."""

import numpy as np
import shapely

from layers.bench import kabupaten_utm

PLAN_CLASSES = ["P-1", "P-1", "PK", "PK", "PD", "KPI", "PS", "EM", "IK", "RTH", "W"]
USE_BY_PLAN = {  # the land use most plots of a zone have; the rest is random
    "P-1": "sawah",
    "PK": "perumahan",
    "PD": "permukiman",
    "KPI": "industri",
    "PS": "semak",
    "EM": "mangrove",
    "IK": "tambak",
    "RTH": "taman",
    "W": "perdagangan",
}
USES = [
    "sawah",
    "perumahan",
    "permukiman",
    "industri",
    "semak",
    "mangrove",
    "tambak",
    "taman",
    "perdagangan",
    "tegalan",
    "kosong",
    "fasum",
]


def plan_zones(count=3000, seed=32748):
    """Voronoi zones of ``count`` random seeds clipped to the kabupaten (UTM 48S); returns (zones, classes)."""
    rng = np.random.default_rng(seed)
    area = kabupaten_utm()
    minx, miny, maxx, maxy = area.bounds
    seeds = shapely.multipoints(np.column_stack([rng.uniform(minx, maxx, count), rng.uniform(miny, maxy, count)]))
    cells = shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=shapely.box(*area.buffer(1000).bounds)))
    zones = shapely.intersection(cells, area)
    zones = zones[~shapely.is_empty(zones)]
    classes = [PLAN_CLASSES[i] for i in rng.integers(0, len(PLAN_CLASSES), len(zones))]
    return zones, classes


def land_use_parcels(zones, zone_classes, target=200_000, seed=4326):
    """About ``target`` grid cells tessellating the kabupaten (clipped at its edge, UTM 48S);
    about 85% take the use their zone plans, the rest a random use. Returns (cells, uses)."""
    rng = np.random.default_rng(seed)
    area = kabupaten_utm()
    side = np.sqrt(area.area / target)
    minx, miny, maxx, maxy = area.bounds
    xs = np.arange(minx, maxx, side)
    ys = np.arange(miny, maxy, side)
    gx, gy = np.meshgrid(xs, ys)
    cells = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + side, gy.ravel() + side)
    shapely.prepare(area)
    cells = cells[shapely.intersects(area, cells)]
    inner = shapely.contains(area, cells)
    cells[~inner] = shapely.intersection(cells[~inner], area)
    cells = cells[~shapely.is_empty(cells) & (shapely.area(cells) > 1)]
    tree = shapely.STRtree(zones)
    centre_zone = tree.query_nearest(shapely.point_on_surface(cells), all_matches=False)[1]
    planned = [USE_BY_PLAN[zone_classes[i]] for i in centre_zone]
    random_use = rng.integers(0, len(USES), len(cells))
    keep = rng.random(len(cells)) < 0.85
    uses = [planned[i] if keep[i] else USES[random_use[i]] for i in range(len(cells))]
    return cells, uses
