"""Layers and layer versions: imported from GeoJSON through the upload service
(as the worker imports them), or made empty without an import."""

import io
import tempfile
import time
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from layers import services
from layers.bench import write_parcels_shapefile
from layers.models import Layer, LayerVersion
from tests.layers import files

# How long a transactional test waits for the Celery worker when it claimed the job first.
WORKER_WAIT_S = 60


def imported_version(user, opd, title, features, filename=None, **options):
    """The layer version imported from GeoJSON ``features`` (lon/lat, EPSG:4326),
    uploaded by ``user`` for ``opd`` as ``filename`` (default "<title>.geojson");
    ``options`` go to ``start_upload`` (theme, expected, target_layer). Fails
    the test unless the import succeeds."""
    content = files.feature_collection(features)
    return uploaded_version(user, opd, title, filename or f"{title}.geojson", content, **options)


def parcels_version(user, opd, title, count, seed=48):
    """The layer version of ``count`` generated parcels over the whole
    kabupaten (layers.bench.generate_parcels: hexagons ~60 m across in UTM
    48S; attributes id 1..count, jenis, luas_m2), imported from a zipped
    shapefile, the fastest path of the upload pipeline (make bench-import)."""
    with tempfile.TemporaryDirectory() as workdir:
        shp = write_parcels_shapefile(Path(workdir) / "persil.shp", count, seed)
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zf:
            for part in shp.parent.glob("persil.*"):
                zf.write(part, part.name)
    return uploaded_version(user, opd, title, "persil.zip", archive.getvalue())


def uploaded_version(user, opd, title, filename, content, **options):
    """The layer version imported from the file ``content`` (bytes) named
    ``filename``, as imported_version."""
    job = services.start_upload(
        uploaded_file=SimpleUploadedFile(filename, content),
        title=title,
        opd=opd,
        user=user,
        **options,
    )
    job = services.run_upload(job.id)
    # In a transactional test the Celery worker may have claimed the job first.
    deadline = time.time() + WORKER_WAIT_S
    while job.status in ("pending", "running") and time.time() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == "succeeded", job.messages
    return job.layer_version


def publish(version, submitter, reviewer=None):
    """Submit ``version`` as ``submitter`` and publish it as ``reviewer``
    (default: the submitter, e.g. a DTRB planner); returns the version."""
    return services.publish_version(services.submit_version(version, submitter), reviewer or submitter)


def published_layer(user, opd, title, features, reviewer, filename=None, **options):
    """The layer of ``imported_version(...)``, submitted by ``user``, published
    by ``reviewer`` and read again (its ``published_version`` set)."""
    version = imported_version(user, opd, title, features, filename=filename, **options)
    publish(version, user, reviewer)
    version.layer.refresh_from_db()
    return version.layer


def empty_layer(opd, slug, title, theme):
    """A layer without versions."""
    return Layer.objects.create(slug=slug, title=title, opd=opd, theme=theme)


def version_without_import(layer, number, geometry_kind="point", **fields):
    """A layer version made outside an import: no features (its partition is
    created empty), draft unless ``fields`` say otherwise."""
    return LayerVersion.objects.create(layer=layer, number=number, geometry_kind=geometry_kind, **fields)


def polygon_feature(rings, **props):
    """A GeoJSON polygon feature; ``rings`` are its coordinates (lon/lat), e.g.
    ``grid.rect(...)`` or ``[files.square(...)]``."""
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": rings}}
