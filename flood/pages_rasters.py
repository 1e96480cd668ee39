"""HTML pages of the hazard rasters under /banjir/: the upload wizard. The browser
talks to the JSON API (upload, job, answer), so every write goes through
flood.services and its checks."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from layers import permissions
from layers.ingest.sources import CRS_CHOICES

from .models import RasterKind


class RasterUploadWizardView(LoginRequiredMixin, TemplateView):
    """/banjir/unggah/: upload a hazard raster. Operators upload for their own OPD,
    DTRB planners for any (BPBD first)."""

    template_name = "flood/unggah_raster.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        opds, own_opd, reviewer = permissions.upload_opds(user)
        bpbd = next((o for o in opds if o.kode == "bpbd"), None)
        context.update(
            {
                "opds": opds,
                "opd_fixed": not reviewer,
                "initial_opd": own_opd or bpbd or (opds[0] if opds else None),
                "kinds": RasterKind.choices,
                "crs_choices": CRS_CHOICES,
                "max_mb": settings.FLOOD_RASTER_MAX_BYTES // (1024 * 1024),
                "max_bytes": settings.FLOOD_RASTER_MAX_BYTES,
            }
        )
        return context


class HazardStatisticsView(TemplateView):
    """/banjir/: the class areas of a published (or, for its managers, draft) hazard
    raster per kecamatan or desa (``?raster=<id>&level=desa``), with its exposure."""

    template_name = "flood/statistik.html"
    LEVELS = ("kecamatan", "desa")

    def get_context_data(self, **kwargs):
        from core.params import INT_MAX, whole_number

        from . import services
        from .statistics import statistics_table

        context = super().get_context_data(**kwargs)
        user = self.request.user
        rasters = [r for r in services.visible_rasters(user).select_related("opd", "published_version")]
        wanted = whole_number(self.request.GET.get("raster", ""), 1, INT_MAX)
        raster = next((r for r in rasters if r.pk == wanted), None) or next(
            (r for r in rasters if r.published_version_id), rasters[0] if rasters else None
        )
        level = self.request.GET.get("level") if self.request.GET.get("level") in self.LEVELS else "kecamatan"
        version = services.shown_version(user, raster) if raster else None
        rows = statistics_table(version, level) if version and version.statistics_at else []
        exposure = (version.exposure or {}) if version else {}
        context.update(
            {
                "rasters": rasters,
                "raster": raster,
                "version": version,
                "level": level,
                "rows": rows,
                "permukiman": exposure.get("permukiman"),
                "lp2b": exposure.get("lp2b"),
            }
        )
        return context
