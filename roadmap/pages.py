"""HTML pages of the peta jalan: /peta-jalan/ (dimensions -> strategies -> programmes
with targets and progress) and /peta-jalan/program/<kode>/ (one programme with its map)."""

from collections import OrderedDict

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from akun.models import Opd
from tataruang.models import Activity

from . import overlays, permissions, progress
from .collections import COLLECTION_ID, DIMENSION_COLOURS
from .models import Dimensi, LokasiProgram, Program, QuickWin

YEARS = (2025, 2026)
FUNDING = ("APBD", "APBN", "APBD Provinsi", "DAK", "CSR", "Swasta", "Lainnya")


def _year(request):
    raw = request.GET.get("tahun", "")
    return int(raw) if raw in {str(y) for y in YEARS} else YEARS[0]


class PetaJalanView(TemplateView):
    template_name = "roadmap/peta_jalan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tahun = _year(self.request)
        programmes = list(Program.objects.for_api().order_by("urutan"))
        indikators = [i for p in programmes for i in p.indikator.all()]
        by_indikator = {p.indikator.pk: p for p in progress.indicator_progress(indikators, tahun)}
        dimensions = OrderedDict()
        for dimensi in Dimensi:
            dimensions[dimensi.value] = {
                "kode": dimensi.value,
                "nama": dimensi.label,
                "warna": DIMENSION_COLOURS[dimensi.value],
                "strategi": OrderedDict(),
            }
        for program in programmes:
            strategies = dimensions[program.dimensi]["strategi"]
            entry = strategies.setdefault(program.strategi.kode, {"strategi": program.strategi, "program": []})
            entry["program"].append(
                {"program": program, "indikator": [by_indikator[i.pk] for i in program.indikator.all()]}
            )
        summaries = progress.per_dimension(tahun)
        for kode, dimension in dimensions.items():
            dimension["ringkasan"] = summaries[kode]
            dimension["jumlah_program"] = sum(len(s["program"]) for s in dimension["strategi"].values())
        opd_names = dict(Opd.objects.values_list("kode", "singkatan"))
        per_opd = [{"opd": opd_names.get(kode, kode), **row} for kode, row in progress.per_opd(tahun).items()]
        context.update(
            {
                "tahun": tahun,
                "years": YEARS,
                "dimensions": list(dimensions.values()),
                "jumlah_program": len(programmes),
                "loaded": bool(programmes),
                "quick_wins": QuickWin.objects.all(),
                "per_opd": per_opd,
                "tidak_sesuai": overlays.not_allowed(),
                "worklist": [
                    {"opd": opd_names.get(kode, kode), "program": codes}
                    for kode, codes in progress.programmes_without_locations().items()
                ],
            }
        )
        return context


class ProgramView(TemplateView):
    template_name = "roadmap/program.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = Program.objects.for_api().filter(kode=kwargs["kode"]).first()
        if program is None:
            raise Http404(_("Programme '%(kode)s' not found in the roadmap.") % {"kode": kwargs["kode"][:20]})
        indikators = list(program.indikator.all())
        user = self.request.user
        can_attach = user.is_authenticated and permissions.can_attach(user, program)
        lokasi = program.lokasi.select_related("opd", "desa", "kecamatan", "indikator").order_by("-tahun", "nama")
        context.update(
            {
                "program": program,
                "warna": DIMENSION_COLOURS[program.dimensi],
                "per_tahun": [{"tahun": y, "indikator": progress.indicator_progress(indikators, y)} for y in YEARS],
                "lokasi": lokasi,
                "can_attach": can_attach,
                "edits_all": permissions.edits_all(self.request.user),
                "years_input": range(2024, 2031),
                "status_choices": LokasiProgram.Status.choices,
                "funding_choices": FUNDING,
                "activities": Activity.objects.all() if can_attach else [],
                "page_data": {
                    "program": program.kode,
                    "warna": DIMENSION_COLOURS[program.dimensi],
                    "items": reverse("ogc:items", kwargs={"collection_id": COLLECTION_ID}),
                },
            }
        )
        return context
