"""The tata ruang indicators in the registry of core.indicators."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Provider, Value
from wilayah.models import Desa, Kabupaten, Kecamatan

from .models import ComplianceResult, ComplianceRun

WILAYAH_OF_LEVEL = {"kabupaten": Kabupaten, "kecamatan": Kecamatan, "desa": Desa}


def wilayah_names(level, kode=None):
    """{kode: nama} of the areas at ``level`` (one area when ``kode`` is given)."""
    rows = WILAYAH_OF_LEVEL[level].objects.all()
    if kode is not None:
        rows = rows.filter(kode=kode)
    return dict(rows.values_list("kode", "nama"))


class ComplianceProvider(Provider):
    """ "Persentase Realisasi Pola Pemanfaatan Ruang Sesuai RTRW": sesuai / assessed
    x 100 (areas in EPSG:32748), one value per land-use year: that of the latest
    succeeded run on the land use of that year."""

    indicator = Indicator(
        kode="kesesuaian-rtrw",
        nama=_("Percentage of space use in accordance with the RTRW"),
        satuan="persen",
        produsen="DTRB",
        deskripsi=_(
            "Area of existing land use in accordance with the active plan, divided by the "
            "assessed area (in accordance, not yet realised and not in accordance), in "
            "percent; areas in UTM 48S."
        ),
        url_name="tataruang_pages:kesesuaian",
        order=20,
    )

    def latest_runs(self, periode=None):
        """{year: run}: the latest succeeded run of each land-use year."""
        runs = ComplianceRun.objects.filter(status=ComplianceRun.Status.SUCCEEDED).select_related("land_use", "plan")
        if periode is not None:
            runs = runs.filter(land_use__year=int(periode))
        latest = {}
        for run in runs.order_by("-finished_at", "-pk"):
            latest.setdefault(run.land_use.year, run)
        return latest

    def values(self, level, kode=None, periode=None):
        runs = self.latest_runs(periode)
        if not runs:
            return []
        names = wilayah_names(level, kode)
        results = ComplianceResult.objects.filter(run__in=runs.values(), level=level, plan_class="", kode__in=names)
        page = reverse("tataruang_pages:kesesuaian")
        by_run = {run.pk: (year, run) for year, run in runs.items()}
        return [
            Value(
                indikator=self.indicator.kode,
                level=level,
                kode=row.kode,
                nama=names[row.kode],
                periode=str(by_run[row.run_id][0]),
                nilai=None if row.persen is None else round(row.persen, 2),
                sumber=f"compliance-run:{row.run_id}",
                is_sample=by_run[row.run_id][1].plan.is_sample or by_run[row.run_id][1].land_use.is_sample,
                url=f"{page}?run={row.run_id}",
            )
            for row in results
        ]
