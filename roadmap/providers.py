"""The peta jalan's progress in the registry of core.indicators: the mean
realisation against target of its indicators (roadmap.progress), kabupaten,
per year, overall and broken down by dimension and by leading OPD."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from akun.models import Opd
from core.indicators import Indicator, Provider, Value
from wilayah.levels import wilayah_names

from . import progress
from .models import Dimensi, Indikator, LokasiProgram
from .pages import YEARS as TARGET_YEARS

FULL = 100.0  # every numeric indicator at (or beyond) its target


class RoadmapProgressProvider(Provider):
    indicator = Indicator(
        kode="capaian-peta-jalan",
        nama=_("Progress of the smart city roadmap"),
        satuan="persen",
        produsen="BAPPEDA",
        levels=("kabupaten",),
        deskripsi=_(
            "Mean, over the roadmap indicators with a numeric target, of the realisation "
            "reported at the programme locations as a share of the year's target (capped at "
            "100%), overall, per dimension and per leading OPD."
        ),
        url_name="roadmap_pages:index",
        order=60,
    )

    def values(self, level, kode=None, periode=None):
        names = wilayah_names(level, kode)
        if not names or not Indikator.objects.exists():
            return []
        (kab, nama), *_rest = names.items()
        years = [y for y in TARGET_YEARS if periode is None or str(periode) == str(y)]
        labels = dict(Dimensi.choices)
        singkatan = dict(Opd.objects.values_list("kode", "singkatan"))
        page = reverse("roadmap_pages:index")
        found = []
        for year in years:
            sample = LokasiProgram.objects.filter(tahun=year, is_sample=True).exists()

            def value(summary, rincian="", rincian_nama="", year=year, sample=sample):
                return Value(
                    indikator=self.indicator.kode,
                    level=level,
                    kode=kab,
                    nama=nama,
                    periode=str(year),
                    nilai=summary["persen"],
                    target=FULL,
                    sumber=f"peta-jalan:{year}",
                    is_sample=sample,
                    url=page,
                    rincian=rincian,
                    rincian_nama=rincian_nama,
                )

            everything = progress.indicator_progress(Indikator.objects.select_related("program"), year)
            found.append(value(progress.summary(everything)))
            for dimensi, summary in progress.per_dimension(year).items():
                found.append(value(summary, f"dimensi:{dimensi}", labels[dimensi]))
            for opd, summary in progress.per_opd(year).items():
                found.append(value(summary, f"opd:{opd}", singkatan.get(opd, opd)))
        return found
