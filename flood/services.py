"""Domain services of hazard rasters: upload and import, review, statistics.

The upload API, the wizard, the Celery tasks and the demo command call these
functions, so every path shares one set of checks (flood.ingest) and one set of
rights (layers.permissions: an OPD's operators for their OPD, DTRB planners for
any OPD; DTRB publishes).
"""

import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, Invalid
from layers import permissions
from layers.ingest import FileTooLarge, queue

from . import classes as hazard_classes
from . import ingest
from .models import HazardRaster, HazardRasterVersion, RasterStatisticsJob, RasterUploadJob, raster_root

logger = logging.getLogger(__name__)
Status = HazardRasterVersion.Status

# --- uploads -----------------------------------------------------------------


def start_raster_upload(*, uploaded_file, title, opd, user, kind="indeks", band=1, target=None, options=None):
    """Store an uploaded raster, read its header and queue its import.

    Raises ImportRefused (400/413/415) for a file that cannot be a hazard raster;
    returns the RasterUploadJob, ``pending`` or ``needs_input`` (no CRS).
    """
    permissions.require(permissions.can_upload(user, opd), _("You may only upload rasters of your own OPD."))
    if uploaded_file.size > settings.FLOOD_RASTER_MAX_BYTES:
        raise FileTooLarge(
            _("The file is larger than the limit of %(size)d MB.")
            % {"size": settings.FLOOD_RASTER_MAX_BYTES // (1024 * 1024)}
        )
    job = RasterUploadJob(
        original_name=uploaded_file.name[:255],
        size=uploaded_file.size,
        title=title,
        opd=opd,
        kind=kind,
        band=band,
        target_raster=target,
        user=user if user.is_authenticated else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        options=options or {},
    )
    queue.store_file(job, uploaded_file)
    return _inspect_and_queue(job)


def answer_raster_upload(job, answers):
    """Resume a ``needs_input`` job with the user's ``crs``."""
    if job.status != RasterUploadJob.Status.NEEDS_INPUT:
        raise Conflict(_("This upload is not waiting for an answer."))
    if not answers.get("crs"):
        raise Invalid(_("Give the answer asked for: %(keys)s.") % {"keys": ", ".join(job.questions)})
    job.options = {**job.options, "crs": answers["crs"]}
    return _inspect_and_queue(job)


def _inspect_and_queue(job):
    def received(info):
        return _("Raster of %(width)d x %(height)d pixels (%(dtype)s, %(crs)s) received; the import is queued.") % {
            "width": info.width,
            "height": info.height,
            "dtype": info.dtype,
            "crs": info.crs,
        }

    return queue.inspect_and_queue(
        job, lambda: ingest.inspect_raster(job.upload_path, job.band, job.options.get("crs")), received
    )


def run_raster_upload(job_id):
    """Import a raster upload (called by the Celery worker). All or nothing: the
    COG and the version are both kept, or neither."""
    job = RasterUploadJob.objects.select_related("opd", "target_raster", "user").get(pk=job_id)
    if not job.claim():
        return job
    with translation.override(job.language), job.heartbeat():
        job.set_progress(5)
        relative = f"{uuid.uuid4().hex}.tif"
        try:
            version = _import(job, raster_root() / relative, relative)
        except DomainError as refusal:
            (raster_root() / relative).unlink(missing_ok=True)
            job.finish(RasterUploadJob.Status.FAILED, refusal.message)
        except Exception:
            (raster_root() / relative).unlink(missing_ok=True)
            logger.exception("Import of raster upload %s failed", job.id)
            job.finish(
                RasterUploadJob.Status.FAILED, _("The import failed because of an internal error; nothing was saved.")
            )
        else:
            job.raster_version = version
            summary = _("Raster '%(title)s' version %(number)d stored: %(width)d x %(height)d pixels of %(res)s m.") % {
                "title": version.raster.title,
                "number": version.number,
                "width": version.width,
                "height": version.height,
                "res": round(version.resolution_m, 2),
            }
            job.finish(RasterUploadJob.Status.SUCCEEDED, summary, notes=version.report.get("notes", []))
    return job


def _import(job, cog_path, relative):
    info = ingest.inspect_raster(job.upload_path, job.band, job.options.get("crs"))
    job.set_progress(15)
    stored = ingest.write_cog(job.upload_path, info, job.kind, cog_path)
    job.set_progress(80)
    notes = []
    if stored.reprojected:
        method = _("bilinear") if job.kind == "indeks" else _("nearest neighbour")
        notes.append(_("Reprojected from %(crs)s to EPSG:32748 (%(method)s).") % {"crs": info.crs, "method": method})
    if job.kind == "indeks" and (stored.value_min < 0 or stored.value_max > 1):
        notes.append(
            _("Index values range from %(low)s to %(high)s, outside 0-1; check the classes.")
            % {"low": round(stored.value_min, 3), "high": round(stored.value_max, 3)}
        )
    with transaction.atomic():
        raster = job.target_raster or HazardRaster.objects.create(
            title=job.title, opd=job.opd, kind=job.kind, created_by=job.user
        )
        version = HazardRasterVersion.objects.create(
            raster=raster,
            number=(raster.versions.aggregate(n=Max("number"))["n"] or 0) + 1,
            kind=job.kind,
            band=job.band,
            classes=hazard_classes.default_classes(job.kind),
            colors=dict(hazard_classes.DEFAULT_COLORS),
            path=relative,
            source_crs=info.crs,
            source_filename=job.original_name,
            source_dtype=info.dtype,
            resolution_m=stored.resolution_m,
            width=stored.width,
            height=stored.height,
            nodata=stored.nodata,
            bbox=stored.bbox,
            value_min=stored.value_min,
            value_max=stored.value_max,
            report={"notes": notes, "source_nodata": info.nodata},
            created_by=job.user,
        )
    job.set_progress(95)
    return version


def load_raster(path, *, title, opd, user, kind="indeks", options=None):
    """Import a raster file through the upload pipeline as ``user`` would, in this
    process (the demo command); returns the HazardRasterVersion."""
    from django.core.files import File

    with open(path, "rb") as fh:
        job = start_raster_upload(
            uploaded_file=File(fh, name=path.name), title=title, opd=opd, user=user, kind=kind, options=options
        )
    job = run_raster_upload(job.pk)
    job.refresh_from_db()
    if job.status != RasterUploadJob.Status.SUCCEEDED:
        raise ValueError(f"{path.name}: {' '.join(job.messages)}")
    return job.raster_version


# --- review ------------------------------------------------------------------


def submit_version(version, user):
    permissions.require(can_manage(user, version.raster))
    if version.status not in (Status.DRAFT, Status.REJECTED):
        raise Conflict(_("Only a draft or rejected version can be submitted."))
    version.status = Status.SUBMITTED
    version.submitted_at = timezone.now()
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    return version


def publish_version(version, user, compute=True):
    """Publish ``version`` (DTRB) and queue its statistics job; returns the job
    (None when ``compute`` is False: the caller computes them itself)."""
    permissions.require(permissions.is_reviewer(user), _("Only DTRB reviewers may publish rasters."))
    if version.status not in (Status.SUBMITTED, Status.DRAFT):
        raise Conflict(_("Only a submitted version can be published."))
    with transaction.atomic():
        raster = HazardRaster.objects.select_for_update().get(pk=version.raster_id)
        raster.versions.filter(status=Status.PUBLISHED).update(status=Status.SUPERSEDED)
        version.status = Status.PUBLISHED
        version.reviewed_by = user
        version.reviewed_at = timezone.now()
        version.rejection_reason = ""
        version.save()
        raster.published_version = version
        raster.save(update_fields=["published_version", "updated_at"])
        job = RasterStatisticsJob.objects.create(version=version, user=user)
    if compute:
        job.send(if_broker_down=lambda: logger.warning("Statistics of %s not queued: no broker", version.pk))
    return job


def reject_version(version, user, reason):
    permissions.require(permissions.is_reviewer(user), _("Only DTRB reviewers may reject rasters."))
    if not isinstance(reason, str) or not reason.strip():
        raise Invalid(_("Give a reason for the rejection."))
    if version.status != Status.SUBMITTED:
        raise Conflict(_("Only a submitted version can be rejected."))
    version.status = Status.REJECTED
    version.rejection_reason = reason.strip()
    version.reviewed_by = user
    version.reviewed_at = timezone.now()
    version.save()
    return version


def change_classes(version, user, classes=None, colors=None):
    """Edit a version's classes or colours (owner or planner); the statistics of a
    published version are recomputed by a job, which is returned (else None)."""
    permissions.require(can_manage(user, version.raster))
    if classes is not None:
        version.classes = hazard_classes.validate_classes(version.kind, classes)
    if colors is not None:
        version.colors = hazard_classes.validate_colors(colors)
    version.save(update_fields=["classes", "colors", "updated_at"])
    if version.status != Status.PUBLISHED or classes is None:
        return None
    job = RasterStatisticsJob.objects.create(version=version, user=user if user.is_authenticated else None)
    job.send(if_broker_down=lambda: logger.warning("Statistics of %s not queued: no broker", version.pk))
    return job


# --- who sees what -------------------------------------------------------------


def can_manage(user, raster):
    """See unpublished versions, edit classes, submit: the OPD's operators and planners."""
    return permissions.can_upload(user, raster.opd)


def visible_rasters(user, rasters=None):
    """The rasters ``user`` may see: published ones, plus their OPD's (operators); all (planners)."""
    rasters = HazardRaster.objects.all() if rasters is None else rasters
    if permissions.is_planner(user):
        return rasters
    published = rasters.filter(published_version__isnull=False)
    if permissions.is_operator(user):
        return (published | rasters.filter(opd=permissions.user_opd(user))).distinct()
    return published


def can_view_version(user, version):
    return version.raster.published_version_id == version.pk or can_manage(user, version.raster)


def shown_version(user, raster, number=None):
    """The version a caller sees: ``number`` when allowed, else the published one,
    else (for those who manage it) the latest; None when there is none."""
    if number is not None:
        version = raster.versions.filter(number=number).first()
        return version if version is not None and can_view_version(user, version) else None
    if raster.published_version is not None:
        return raster.published_version
    version = raster.latest_version
    return version if version is not None and can_manage(user, raster) else None
