"""Layers and layer versions: imported from GeoJSON through the upload service
(as the worker imports them), or made empty without an import."""

import time

from django.core.files.uploadedfile import SimpleUploadedFile

from layers import services
from layers.models import Layer, LayerVersion
from tests.layers import files

# How long a transactional test waits for the Celery worker when it claimed the job first.
WORKER_WAIT_S = 60


def imported_version(user, opd, title, features, filename=None, **options):
    """The layer version imported from GeoJSON ``features`` (lon/lat, EPSG:4326),
    uploaded by ``user`` for ``opd`` as ``filename`` (default "<title>.geojson");
    ``options`` go to ``start_upload`` (theme, expected, target_layer). Fails
    the test unless the import succeeds."""
    job = services.start_upload(
        uploaded_file=SimpleUploadedFile(filename or f"{title}.geojson", files.feature_collection(features)),
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


def mark_published(version):
    """``version`` made its layer's published version, as publish_version does,
    without the review steps and the download job (for tests that only need a
    published source, e.g. of a plan); returns the version."""
    version.layer.versions.filter(status="published").update(status="superseded")
    version.status = "published"
    version.save(update_fields=["status"])
    version.layer.published_version = version
    version.layer.save(update_fields=["published_version"])
    return version


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
