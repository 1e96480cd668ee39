"""Generated test data for benchmarks: deterministic polygons over the kabupaten,
and their import through the upload pipeline (make bench-import, bench-serve)."""

import shutil
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from django.db import connection
from django.test.utils import override_settings

# A Celery queue no worker listens on (see published_parcels_layer).
UNREAD_QUEUE = "websig-bench-unread"
# The attribute values of generated parcels (``jenis``) and a colour for each.
JENIS = ("sawah", "permukiman", "industri", "tambak", "kebun")
JENIS_COLORS = ("#b2df8a", "#fb9a99", "#6a3d9a", "#a6cee3", "#33a02c")


def kabupaten_utm():
    """The kabupaten polygon in EPSG:32748 as a shapely geometry."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsBinary(ST_Transform(geom, 32748)) FROM wilayah_kabupaten LIMIT 1")
        return shapely.from_wkb(bytes(cursor.fetchone()[0]))


def generate_parcels(count, seed=48):
    """``count`` small irregular hexagons (parcels, ~60 m across) inside the
    kabupaten, in UTM 48S; returns shapely polygons."""
    rng = np.random.default_rng(seed)
    area = kabupaten_utm()
    shapely.prepare(area)
    minx, miny, maxx, maxy = area.bounds
    centres = []
    while len(centres) < count:
        xs = rng.uniform(minx, maxx, count)
        ys = rng.uniform(miny, maxy, count)
        inside = shapely.contains_xy(area, xs, ys)
        centres.extend(zip(xs[inside], ys[inside], strict=True))
    centres = np.array(centres[:count])
    angles = np.linspace(0, 2 * np.pi, 7)[:-1]
    radii = rng.uniform(15, 40, (count, 6))
    ring_x = centres[:, :1] + radii * np.cos(angles)
    ring_y = centres[:, 1:] + radii * np.sin(angles)
    coords = np.stack([ring_x, ring_y], axis=-1)
    coords = np.concatenate([coords, coords[:, :1]], axis=1)
    return shapely.polygons(coords)


def write_parcels_shapefile(path, count, seed=48):
    polygons = generate_parcels(count, seed)
    rng = np.random.default_rng(seed + 1)
    ids = np.arange(1, count + 1, dtype=np.int64)
    jenis = np.array(JENIS, dtype=object)[rng.integers(0, len(JENIS), count)]
    luas = np.round(shapely.area(polygons), 2)
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(polygons),
        [ids, jenis, luas],
        ["id", "jenis", "luas_m2"],
        driver="ESRI Shapefile",
        geometry_type="Polygon",
        crs="EPSG:32748",
        encoding="UTF-8",
    )
    return path


def write_parcels_archive(workdir, count, seed=48):
    """``workdir``/persil.zip: the shapefile of ``count`` generated parcels, as an upload arrives."""
    shp = write_parcels_shapefile(workdir / "persil.shp", count, seed)
    archive = workdir / "persil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in workdir.glob("persil.*"):
            if part.suffix != ".zip":
                zf.write(part, part.name)
    return shp, archive


@contextmanager
def parcels_upload(archive, title, opd):
    """An UploadJob (not saved) holding a copy of ``archive``, as the upload
    view leaves it for layers.services.import_file; its files are removed on leaving."""
    from layers.models import UploadJob

    job = UploadJob(original_name=archive.name, title=title, opd=opd)
    job.directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(archive, job.upload_path)
    job.work_dir.mkdir(exist_ok=True)
    try:
        yield job
    finally:
        shutil.rmtree(job.directory, ignore_errors=True)


def jenis_style():
    """A categorized style on ``jenis``, one colour per value (layers.styles format)."""
    categories = [{"value": v, "label": v, "color": c} for v, c in zip(JENIS, JENIS_COLORS, strict=True)]
    return {"type": "categorized", "attribute": "jenis", "default_color": "#999999", "categories": categories}


def new_revision(version):
    """Record a change of ``version`` that changes no feature, so its collection
    gets a new revision (layers.collections: the version and its last change)
    and every cache keyed by it (tiles in Redis and in each web worker) starts
    empty, as after an edit. For benchmark layers only: it shows in their history."""
    from layers.models import FeatureChange

    FeatureChange.objects.create(
        layer_id=version.layer_id,
        version=version,
        action=FeatureChange.Action.UPDATE,
        source=FeatureChange.Source.API,
        note="benchmark: a new revision, no feature changed",
    )


def _purge_queue(name):
    from kombu.exceptions import OperationalError

    from webgis.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(name)
    except OperationalError:  # no broker: nothing was queued either
        pass


def published_parcels_layer(count, title, keep_existing=True):
    """A published layer of ``count`` generated parcels titled ``title``, with
    the categorized style ``jenis_style``: generated, imported through the
    upload pipeline and published (layers.services.publish_version). With
    ``keep_existing`` a published layer of that title and count is reused.
    Returns (layer, {step: seconds}); timings are empty for a reused layer."""
    from django.contrib.auth import get_user_model

    from akun.models import Opd
    from layers.models import Layer
    from layers.services import import_file, publish_version
    from layers.styles import validate_style

    if keep_existing:
        layer = Layer.objects.filter(title=title, published_version__feature_count=count).first()
        if layer is not None:
            return layer, {}
    timings = {}
    workdir = Path(tempfile.mkdtemp(prefix="websig-bench-"))
    reviewer = get_user_model().objects.create(
        username=f"bench-{workdir.name[-8:]}", is_superuser=True, is_active=False
    )
    try:
        started = time.perf_counter()
        _shp, archive = write_parcels_archive(workdir, count)
        timings["generate"] = time.perf_counter() - started
        with parcels_upload(archive, title, Opd.objects.get(kode="dtrb")) as job:
            started = time.perf_counter()
            version = import_file(job, lambda pct: None)
            timings["import"] = time.perf_counter() - started
        layer = version.layer
        layer.style = validate_style(jenis_style())
        layer.save(update_fields=["style", "updated_at"])
        started = time.perf_counter()
        # The download files a publication queues would be written by a running
        # worker during the benchmark: they go to a queue no worker reads, then away.
        with override_settings(CELERY_TASK_DEFAULT_QUEUE=UNREAD_QUEUE):
            publish_version(version, reviewer)
        _purge_queue(UNREAD_QUEUE)
        timings["publish"] = time.perf_counter() - started
    finally:
        reviewer.delete()
        shutil.rmtree(workdir, ignore_errors=True)
    layer.refresh_from_db()
    return layer, timings
