"""The page of the indicative KKPR check (/kkpr/, "Cek Kesesuaian Ruang").

The server renders the form: the activities of the peraturan zonasi grouped by
kelompok, and the active plans the check reads. Picking the location (a clicked
point or a drawn parcel) and the verdict itself happen in static/js/kkpr.js
against the JSON API (tataruang.views.kkpr: KkprCheck, KkprPdf), so the page and the
API always give the same answer.
"""

from itertools import groupby
from operator import attrgetter

from django.views.generic import TemplateView

from tataruang.kkpr_putusan import threshold_text
from tataruang.models import Activity, Plan


class KkprPage(TemplateView):
    """Cek kesesuaian ruang (indikatif): map, activity select and the verdict panel."""

    template_name = "kkpr/kkpr.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activities = Activity.objects.order_by("kelompok", "nama")
        context["kelompok_kegiatan"] = [
            (kelompok, list(items)) for kelompok, items in groupby(activities, key=attrgetter("kelompok"))
        ]
        # A shared link (?kegiatan=pabrik&lon=...&lat=...) opens with its activity chosen.
        context["kegiatan_terpilih"] = self.request.GET.get("kegiatan", "")
        # RDTR first: the check reads the RDTR where it covers the location, else the RTRW.
        context["rencana_aktif"] = sorted(
            Plan.objects.filter(status=Plan.Status.ACTIVE).only("nama", "jenis", "legal_basis", "year", "is_sample"),
            key=lambda plan: plan.jenis != Plan.Jenis.RDTR,
        )
        # The rule of which zones decide the verdict (tataruang.kkpr_putusan), stated on the page.
        context["ambang"] = threshold_text()
        return context
