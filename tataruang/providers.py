"""The tata ruang indicators in the registry of core.indicators."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Provider, Value, stored
from layers.collections import overlay_revision

# WILAYAH_OF_LEVEL and wilayah_names moved to wilayah.levels; importable here as before.
from wilayah.levels import WILAYAH_OF_LEVEL, area_values, rollup, wilayah_names  # noqa: F401

from . import rth
from .indicators import lp2b_areas, lp2b_conversion, lp2b_layer, rdtr_sync
from .models import ComplianceResult, ComplianceRun, LandUse, Plan, WilayahPerencanaan


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


def lp2b_desa_areas():
    """``(layer, {desa kode: LP2B/LCP2B/KP2B ha})`` of the published LP2B layer, or
    (None, {}). The overlay with the desa pieces (tataruang.indicators.lp2b_areas)
    runs once per published version: the result is kept per version (core.indicators.stored)."""
    layer = lp2b_layer()
    if layer is None:
        return None, {}
    version = layer.published_version
    found = stored("lp2b-desa", overlay_revision(version), lambda: lp2b_areas("desa"))
    return layer, {row["kode"]: row["total_ha"] for row in found["results"]}


class Lp2bAreaProvider(Provider):
    """LP2B area (ha) per desa, kecamatan and kabupaten; the kecamatan and the
    kabupaten are sums of their desa, so the three levels add up."""

    indicator = Indicator(
        kode="luas-lp2b",
        nama=_("Area of sustainable food agriculture land (LP2B)"),
        satuan="ha",
        produsen="DPKP",
        deskripsi=_(
            "Area of the published LP2B layer (LP2B, LCP2B and KP2B), cut by the desa "
            "boundaries and measured in UTM 48S; kecamatan and kabupaten are sums of their desa. "
            "The period is the year the layer version was published."
        ),
        url_name="tataruang_pages:lp2b",
        order=30,
    )

    def values(self, level, kode=None, periode=None):
        layer, per_desa = lp2b_desa_areas()
        if layer is None:
            return []
        version = layer.published_version
        year = str((version.reviewed_at or version.created_at).year)
        if periode is not None and str(periode) != year:
            return []
        return area_values(
            self.indicator.kode,
            level,
            kode,
            per_desa,
            periode=year,
            sumber=f"layer-version:{version.pk}",
            is_sample=layer.is_sample,
            url=reverse("tataruang_pages:lp2b"),
        )

    def unavailable_reason(self):
        return "" if lp2b_layer() else str(_("No LP2B layer is published."))


def lp2b_conversion_stored():
    """tataruang.indicators.lp2b_conversion, kept per input revision (the LP2B
    version, the land uses and the indicator's plan), or None without an LP2B layer."""
    layer = lp2b_layer()
    if layer is None:
        return None
    version = layer.published_version
    land_uses = LandUse.objects.exclude(status=LandUse.Status.DRAFT).order_by("pk")
    plan = Plan.objects.for_indicator().first()
    revision = list(overlay_revision(version))
    revision += [f"{u.pk}-{u.layer_version_id}-{u.status}-{u.year}-{u.activated_at}" for u in land_uses]
    revision.append(f"plan-{plan.pk}-{plan.layer_version_id}" if plan else "plan-none")
    return stored("lp2b-alih-fungsi", revision, lp2b_conversion)


class Lp2bConversionProvider(Provider):
    """Alih fungsi LP2B: LP2B under non-agricultural existing use, per land-use year (kabupaten)."""

    indicator = Indicator(
        kode="alih-fungsi-lp2b",
        nama=_("LP2B under non-agricultural land use (alih fungsi)"),
        satuan="ha",
        produsen="DPKP",
        levels=("kabupaten",),
        deskripsi=_(
            "Area of the published LP2B layer lying under built-up existing land use (housing, "
            "industry, commerce, public facilities) of each land-use year, in UTM 48S."
        ),
        url_name="tataruang_pages:lp2b",
        order=35,
    )

    def values(self, level, kode=None, periode=None):
        found = lp2b_conversion_stored()
        names = wilayah_names(level, kode)
        if found is None or not names:
            return []
        (kab, nama), *_rest = names.items()
        page = reverse("tataruang_pages:lp2b")
        return [
            Value(
                indikator=self.indicator.kode,
                level=level,
                kode=kab,
                nama=nama,
                periode=str(row["tahun"]),
                nilai=row["luas_ha"],
                sumber=f"layer-version:{lp2b_layer().published_version_id};lahan:{row['lahan']}",
                is_sample=found["is_sample"],
                url=page,
            )
            for row in found["per_tahun"]
            if periode is None or str(periode) == str(row["tahun"])
        ]

    def unavailable_reason(self):
        return Lp2bAreaProvider().unavailable_reason()


class RdtrSyncProvider(Provider):
    """RDTR synchronisation (L-3): WP with a synchronised RDTR / all WP, per target year, in percent."""

    indicator = Indicator(
        kode="sinkronisasi-rdtr",
        nama=_("Share of planning areas (WP) with a synchronised RDTR"),
        satuan="persen",
        produsen="DTRB",
        levels=("kabupaten",),
        program="L-3",
        deskripsi=_(
            "Wilayah Perencanaan whose RDTR synchronisation is finished by the end of the year, "
            "divided by all Wilayah Perencanaan, in percent; targets from programme L-3 of the "
            "peta jalan."
        ),
        url_name="tataruang_pages:lp2b",
        order=40,
    )

    def values(self, level, kode=None, periode=None):
        names = wilayah_names(level, kode)
        if not names or not WilayahPerencanaan.objects.exists():
            return []
        (kab, nama), *_rest = names.items()
        sample = WilayahPerencanaan.objects.filter(is_sample=True).exists()
        page = reverse("tataruang_pages:lp2b")
        return [
            Value(
                indikator=self.indicator.kode,
                level=level,
                kode=kab,
                nama=nama,
                periode=str(row["tahun"]),
                nilai=None if row["realisasi"] is None else round(100 * row["realisasi"], 2),
                target=round(100 * row["target"], 2),
                sumber=f"sinkronisasi-rdtr:{row['tahun']}",
                is_sample=sample,
                url=page,
            )
            for row in rdtr_sync()["per_tahun"]
            if periode is None or str(periode) == str(row["tahun"])
        ]


def rth_areas(layer, land_use):
    """tataruang.rth.rth_urban_areas kept per input revision (RTH version, land use)."""
    version = layer.published_version
    revision = (
        *overlay_revision(version),
        land_use.pk,
        land_use.layer_version_id,
        land_use.activated_at,
    )
    return stored("rth-perkotaan", revision, lambda: rth.rth_urban_areas(layer, land_use))


class RthShareProvider(Provider):
    """RTH share of the urban area per land-use year, per desa, kecamatan and kabupaten (see tataruang.rth)."""

    indicator = Indicator(
        kode="rth-perkotaan",
        nama=_("Green open space (RTH) share of the urban area"),
        satuan="persen",
        produsen="DLHK",
        deskripsi=_(
            "Area of the published public RTH layer divided by the urban area, in percent, "
            "against the 30% of UU 26/2007. Urban area: the land-use parcels of built-up "
            "classes (housing, industry, commerce, public facilities, roads) of the land-use "
            "year together with the RTH polygons, each m2 counted once; areas in UTM 48S. A "
            "kecamatan's or the kabupaten's share is the ratio of the sums of its desa."
        ),
        order=70,
    )

    def values(self, level, kode=None, periode=None):
        layer = rth.rth_layer()
        if layer is None:
            return []
        land_uses = LandUse.objects.exclude(status=LandUse.Status.DRAFT).order_by("year", "pk")
        if periode is not None:
            land_uses = land_uses.filter(year=int(periode))
        latest = {u.year: u for u in land_uses}  # the last of a year wins
        names = wilayah_names(level, kode)
        found = []
        for year, land_use in sorted(latest.items()):
            per_desa = rth_areas(layer, land_use)
            green = rollup({k: v[0] for k, v in per_desa.items()}, level)
            urban = rollup({k: v[1] for k, v in per_desa.items()}, level)
            for area in sorted(names):
                if not urban.get(area):
                    continue
                found.append(
                    Value(
                        indikator=self.indicator.kode,
                        level=level,
                        kode=area,
                        nama=names[area],
                        periode=str(year),
                        nilai=round(100 * green.get(area, 0.0) / urban[area], 2),
                        target=rth.TARGET_PERSEN,
                        sumber=f"layer-version:{layer.published_version_id};lahan:{land_use.pk}",
                        is_sample=layer.is_sample or land_use.is_sample,
                        url=reverse("layer_pages:layer", args=[layer.slug]),
                    )
                )
        return found

    def unavailable_reason(self):
        if rth.rth_layer() is None:
            return str(_("No public RTH layer (catalogue code %(kode)s) is published.") % {"kode": rth.RTH_LAYER})
        return ""
