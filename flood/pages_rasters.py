"""HTML pages of the hazard rasters under /banjir/: the upload wizard. The browser
talks to the JSON API (upload, job, answer), so every write goes through
flood.services and its checks."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from akun import roles
from akun.models import Opd
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
        reviewer = permissions.is_reviewer(user)
        own_opd = roles.user_opd(user) if roles.is_operator(user) else None
        opds = list(Opd.objects.all()) if reviewer else ([own_opd] if own_opd else [])
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
