"""Domain services of the layers app: uploads, review and the integration indicator.

The upload API, the wizard, the Celery task and the sample-data command all call
these functions, so every path shares one set of checks.
"""

import datetime
import logging
import shutil

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, Min, OuterRef
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, Invalid
from core.jobs import enqueue

from . import permissions, rules
from .ingest import FileTooLarge, ImportRefused, geometry, nul, queue
from .ingest.loader import ShapefileStream, collector_paused, infer_schema, read_source, write_features
from .ingest.sources import FORMAT_LABELS, inspect_upload
from .models import ExpectedLayer, Feature, Layer, LayerVersion, UploadJob

logger = logging.getLogger(__name__)

PALETTE = ["#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3", "#fb9a99", "#b2df8a"]


# --- uploads -----------------------------------------------------------------


def start_upload(*, uploaded_file, title, opd, user, theme=None, target_layer=None, expected=None, options=None):
    """Store an uploaded file, inspect it and queue its import.

    Raises ImportRefused (a core.errors.DomainError) for files that cannot be imported;
    returns the UploadJob, in status ``pending`` or ``needs_input``.
    """
    permissions.require(permissions.can_upload(user, opd), _("You may only upload layers of your own OPD."))
    if theme:
        allowed = permissions.can_set_theme(user, theme, target_layer, expected)
        permissions.require(allowed, permissions.reserved_theme_message())
    if uploaded_file.size > settings.UPLOAD_MAX_BYTES:
        raise FileTooLarge(_file_too_large_message())
    job = UploadJob(
        original_name=uploaded_file.name[:255],
        size=uploaded_file.size,
        title=title,
        opd=opd,
        theme=theme or (expected.theme if expected else "infrastruktur"),
        target_layer=target_layer,
        user=user if user.is_authenticated else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        options={**(options or {}), **({"expected": expected.kode} if expected else {})},
    )
    queue.store_file(job, uploaded_file)
    return _inspect_and_queue(job)


def answer_upload(job, answers):
    """Resume a ``needs_input`` job with the user's answers (crs, layer, file, encoding)."""
    if job.status != UploadJob.Status.NEEDS_INPUT:
        raise Conflict(_("This upload is not waiting for an answer."))
    allowed = {key: value for key, value in answers.items() if key in ("crs", "layer", "file", "encoding") and value}
    if not allowed:
        raise Invalid(_("Give the answer asked for: %(keys)s.") % {"keys": ", ".join(job.questions)})
    job.options = {**job.options, **allowed}
    return _inspect_and_queue(job)


def _inspect_and_queue(job):
    def inspect():
        shutil.rmtree(job.work_dir, ignore_errors=True)
        job.work_dir.mkdir(parents=True)
        return inspect_upload(job.upload_path, job.original_name, job.work_dir, job.options)

    def received(source):
        return _("%(format)s file with %(count)d features received; the import is queued.") % {
            "format": FORMAT_LABELS[source.format],
            "count": source.feature_count,
        }

    return queue.inspect_and_queue(job, inspect, received)


def _file_too_large_message():
    return _("The file is larger than the limit of %(size)d MB.") % {"size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}


def run_upload(job_id):
    """Import an upload (called by the Celery worker). All or nothing."""
    job = UploadJob.objects.select_related("opd", "target_layer", "user").get(pk=job_id)
    # A redelivered task (acks_late) or a second caller must not import the same file twice.
    if not job.claim():
        return job
    with translation.override(job.language), job.heartbeat():
        job.set_progress(5)
        try:
            # A former attempt's worker may have died half-way through unpacking.
            shutil.rmtree(job.work_dir, ignore_errors=True)
            job.work_dir.mkdir(parents=True)
            version = import_file(job, job.set_progress)
        except DomainError as refusal:
            job.finish(UploadJob.Status.FAILED, refusal.message)
        except Exception:
            logger.exception("Import of upload %s failed", job.id)
            job.finish(
                UploadJob.Status.FAILED,
                _("The import failed because of an internal error; nothing was saved."),
            )
        else:
            job.layer_version = version
            summary = _("%(count)d features imported into '%(title)s' version %(number)d.") % {
                "count": version.feature_count,
                "title": version.layer.title,
                "number": version.number,
            }
            job.finish(UploadJob.Status.SUCCEEDED, summary, notes=version.report.get("notes", []))
        finally:
            shutil.rmtree(job.work_dir, ignore_errors=True)
    return job


def import_file(job, progress):
    """Read the job's file and load it as a new LayerVersion in one transaction."""
    source = inspect_upload(job.upload_path, job.original_name, job.work_dir, job.options)
    progress(10)
    with collector_paused():
        return _load(job, source, progress)


def _load(job, source, progress):
    stream = ShapefileStream.of(source)
    if stream is None:
        geometry_wkb, names, field_data, dtypes = read_source(source)
    else:  # read batch by batch while the import runs
        geometry_wkb, field_data = None, ()
        names, dtypes = [name for name, _t in source.fields], [dtype for _n, dtype in source.fields]
    progress(25)
    report = {
        "format": FORMAT_LABELS[source.format],
        "features_read": stream.count if stream else len(geometry_wkb),
        "crs": source.crs,
        "encoding": source.encoding or "",
        "nul_cut": [*source.nul_cut, *nul.cut_by_gdal(source)],
    }
    schema = infer_schema(names, dtypes)
    checker = geometry.Checker(source, geometry_wkb, report, fields=field_data, stream=stream)
    progress(45)
    with transaction.atomic():
        layer = _target_layer(job, checker.kind)
        version = LayerVersion(
            layer=layer,
            number=(layer.versions.aggregate(n=Max("number"))["n"] or 0) + 1,
            geometry_kind=checker.kind,
            schema=schema,
            source_filename=job.original_name,
            source_format=source.format,
            source_crs=source.crs or "",
            source_encoding=source.encoding or "",
            created_by=job.user,
        )
        version.loads_own_partition = True  # write_features() builds it
        version.save()
        rules.refuse_schema(layer, schema)
        count = write_features(layer.pk, version.pk, checker, names, dtypes, progress, job.user_id, job.original_name)
        # The values as stored (the type rule applied): the transaction undoes the import on a refusal.
        rules.refuse_values(layer, Feature.objects.filter(version=version).values_list("fid", "attrs"))
        report["imported"] = count
        report["unassigned_desa"] = checker.unassigned
        report["notes"] = [*source.notes, *_report_notes(report)]
        version.feature_count = count
        version.bbox = checker.bbox
        version.report = report
        version.save()
        progress(95)
    return version


def _report_notes(report):
    notes = []
    if report.get("repaired"):
        notes.append(_("%(n)d invalid geometries were repaired (ST_MakeValid).") % {"n": report["repaired"]})
    dropped = report.get("empty_dropped", 0) + report.get("empty_after_repair", 0)
    if dropped:
        notes.append(_("%(n)d features without geometry were skipped.") % {"n": dropped})
    if report.get("outside_refused"):
        notes.append(_("%(n)d features outside Kabupaten Tangerang were refused.") % {"n": report["outside_refused"]})
    notes += nul.notes(report.get("nul_cut", []))
    if report.get("unassigned_desa"):
        notes.append(
            _("%(n)d features lie just outside every desa (within the 500 m tolerance) and have no desa.")
            % {"n": report["unassigned_desa"]}
        )
    return notes


def _target_layer(job, kind):
    if job.target_layer is not None:
        layer = job.target_layer
        current = layer.versions.order_by("-number").first()
        if current and current.geometry_kind != kind:
            raise ImportRefused(
                _("The layer holds %(old)s features; this file holds %(new)s features.")
                % {"old": current.get_geometry_kind_display(), "new": kind}
            )
        return layer
    expected = ExpectedLayer.objects.filter(kode=job.options.get("expected")).first()
    return Layer.objects.create(
        slug=unique_slug(job.title),
        title=job.title,
        opd=job.opd,
        theme=job.theme,
        expected=expected,
        created_by=job.user,
        style=default_style(job.title),
    )


def unique_slug(title):
    base = slugify(title)[:90] or "layer"
    slug, n = base, 1
    while Layer.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def default_style(seed):
    return {"type": "single", "color": PALETTE[sum(map(ord, seed)) % len(PALETTE)]}


# --- review ------------------------------------------------------------------


def submit_version(version, user):
    permissions.require(permissions.can_submit(user, version))
    if version.status not in (LayerVersion.Status.DRAFT, LayerVersion.Status.REJECTED):
        raise Conflict(_("Only a draft or rejected version can be submitted."))
    version.status = LayerVersion.Status.SUBMITTED
    version.submitted_at = timezone.now()
    version.save(update_fields=["status", "submitted_at"])
    return version


def publish_version(version, user):
    permissions.require(permissions.can_review(user, version), _("Only DTRB reviewers may publish layers."))
    if version.status not in (LayerVersion.Status.SUBMITTED, LayerVersion.Status.DRAFT):
        raise Conflict(_("Only a submitted version can be published."))
    with transaction.atomic():
        layer = Layer.objects.select_for_update().get(pk=version.layer_id)
        layer.versions.filter(status=LayerVersion.Status.PUBLISHED).update(status=LayerVersion.Status.SUPERSEDED)
        version.status = LayerVersion.Status.PUBLISHED
        version.reviewed_by = user
        version.reviewed_at = timezone.now()
        version.rejection_reason = ""
        version.save()
        layer.published_version = version
        layer.save(update_fields=["published_version", "updated_at"])
    # The worker writes the version's downloads; without a broker the
    # publication stands and the first download writes its file itself.
    enqueue(
        "layers.prepare_downloads",
        version.pk,
        if_broker_down=lambda: logger.warning(
            "Downloads of version %s not queued: the broker does not answer", version.pk
        ),
    )
    return version


def reject_version(version, user, reason):
    permissions.require(permissions.can_review(user, version), _("Only DTRB reviewers may reject layers."))
    if not isinstance(reason, str) or not reason.strip():
        raise Invalid(_("Give a reason for the rejection."))
    if version.status != LayerVersion.Status.SUBMITTED:
        raise Conflict(_("Only a submitted version can be rejected."))
    version.status = LayerVersion.Status.REJECTED
    version.rejection_reason = reason.strip()
    version.reviewed_by = user
    version.reviewed_at = timezone.now()
    version.save()
    return version


# --- integration indicator ---------------------------------------------------

# "Persentase Informasi Spasial sektoral yang diintegrasikan di WebSIG" (L.1.5):
# the targets come from the peta jalan (roadmap programme L-5); these are the
# fallback while the roadmap is not loaded. ">75%" and ">80%" are strict;
# "100%" must be reached.
INTEGRATION_TARGETS = [
    {"tahun": 2024, "target": ">75%", "persen": 75, "strict": True},
    {"tahun": 2025, "target": ">80%", "persen": 80, "strict": True},
    {"tahun": 2026, "target": "100%", "persen": 100, "strict": False},
]


def integration_targets():
    """``(targets, source)``: L-5's targets from the peta jalan, or the fallback and why."""
    from roadmap.services import INTEGRASI_WEBSIG, RoadmapNotLoaded, percent_share_targets

    try:
        return percent_share_targets(INTEGRASI_WEBSIG)
    except RoadmapNotLoaded as exc:
        return INTEGRATION_TARGETS, str(exc)


def _target_met(percent, target):
    if percent is None:
        return False
    return percent > target["persen"] if target["strict"] else percent >= target["persen"]


def integration_indicator(as_of=None):
    """Integrated expected layers / expected layers, overall and per OPD (percent).

    ``as_of`` (an aware datetime) gives the catalogue's state at that moment: an
    expected layer counts when a version of one of its layers was published by
    then (integrated_versions); None gives the state now (a published version
    today). The denominator is the catalogue of expected layers as it stands.
    """
    if as_of is None:
        integrated = Layer.objects.published().filter(expected=OuterRef("pk"))
    else:
        integrated = integrated_versions(as_of).filter(layer__expected=OuterRef("pk"))
    rows = ExpectedLayer.objects.select_related("opd").annotate(is_published=Exists(integrated))
    per_opd = {}
    for row in rows:
        entry = per_opd.setdefault(
            row.opd.kode,
            {
                "opd": row.opd.kode,
                "singkatan": row.opd.singkatan,
                "nama": row.opd.nama,
                "expected": 0,
                "published": 0,
                "layers": [],
            },
        )
        entry["expected"] += 1
        entry["published"] += int(row.is_published)
        entry["layers"].append({"kode": row.kode, "title": row.title, "published": row.is_published})
    for entry in per_opd.values():
        entry["percent"] = _percent(entry["published"], entry["expected"])
    expected = sum(e["expected"] for e in per_opd.values())
    published_count = sum(e["published"] for e in per_opd.values())
    percent = _percent(published_count, expected)
    targets, source = integration_targets()
    return {
        "expected": expected,
        "published": published_count,
        "percent": percent,
        "targets": [{**t, "met": _target_met(percent, t)} for t in targets],
        "targets_sumber": source,
        "per_opd": sorted(per_opd.values(), key=lambda e: e["singkatan"]),
    }


def integrated_versions(as_of=None):
    """Versions of expected layers that were published by ``as_of`` (an aware
    datetime; None: at any time). A published version is only ever superseded,
    never withdrawn, so published and superseded versions reviewed by then are
    exactly what the catalogue held at that moment."""
    versions = LayerVersion.objects.filter(
        layer__expected__isnull=False,
        status__in=[LayerVersion.Status.PUBLISHED, LayerVersion.Status.SUPERSEDED],
        reviewed_at__isnull=False,
    )
    return versions if as_of is None else versions.filter(reviewed_at__lte=as_of)


def year_end(year):
    """The last moment of ``year`` in settings.TIME_ZONE (31 Dec 23:59:59.999999), aware."""
    return datetime.datetime(year, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.get_default_timezone())


def integration_years():
    """The years of the integration indicator's history, oldest first: from the
    year (local time) of the first publication of an expected layer's version to
    this year; this year alone before any publication."""
    this_year = timezone.localdate().year
    first = integrated_versions().aggregate(first=Min("reviewed_at"))["first"]
    start = min(timezone.localtime(first).year, this_year) if first else this_year
    return list(range(start, this_year + 1))


def _percent(part, whole):
    return round(100.0 * part / whole, 2) if whole else None
