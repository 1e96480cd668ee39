"""Flood exposure indicators in the registry of core.indicators: permukiman and
LP2B area, and the schools, in the high (tinggi) hazard class of each published
flood hazard raster, per desa, kecamatan and kabupaten.

The areas are the exposure stored with the version's statistics
(flood.statistics.compute_exposure, per desa); a kecamatan and the kabupaten are
sums of their desa. The schools are classed by the raster value at each point
(flood.exposure's rule), once per raster version and school layer version: the
counts are kept in the Django cache per that pair (core.indicators.stored).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, Provider, stored
from layers.collections import overlay_revision
from layers.models import Layer
from wilayah.levels import area_values

from . import classes as hazard_classes
from . import reader
from .models import HazardRaster

HIGH = "tinggi"
SCHOOL_LAYER = "disdik-sekolah"  # data/katalog_layer.csv


def published_versions(periode=None):
    """{year: version}: the published, computed version of each flood raster, by
    the raster's data date (or the statistics' date); the latest computed wins a year."""
    rasters = HazardRaster.objects.filter(hazard="banjir", published_version__statistics_at__isnull=False)
    latest = {}
    for raster in rasters.select_related("published_version").order_by("published_version__statistics_at"):
        version = raster.published_version
        version.raster = raster
        year = str((raster.data_date or version.statistics_at).year)
        if periode is None or str(periode) == year:
            latest[year] = version
    return latest


def school_layer():
    return Layer.objects.published().filter(expected__kode=SCHOOL_LAYER).select_related("published_version").first()


def schools_in_high_hazard(version, layer):
    """{desa kode: number of ``layer``'s published points in the tinggi class of ``version``}."""

    def compute():
        features = list(
            layer.published_version.features.exclude(desa__isnull=True)
            .select_related("desa")
            .only("geom", "desa__kode")
        )
        points = [(f.geom[0] if f.geom.geom_type == "MultiPoint" else f.geom) for f in features]
        values = reader.values_at(version, [(p.x, p.y) for p in points])
        counts = {}
        for feature, value in zip(features, values, strict=True):
            if value is not None and hazard_classes.class_of(version, value) == HIGH:
                counts[feature.desa.kode] = counts.get(feature.desa.kode, 0) + 1
        return counts

    revision = (version.pk, version.statistics_at.timestamp(), *overlay_revision(layer.published_version))
    return stored("sekolah-bahaya-tinggi", revision, compute)


class _ExposureProvider(Provider):
    """Shared reading of the stored exposure; subclasses name the part (``per_desa``)."""

    def per_desa(self, version):
        """({desa kode: value}, is_sample) of ``version``, or None when not computed."""
        raise NotImplementedError

    def values(self, level, kode=None, periode=None):
        found = []
        for year, version in sorted(published_versions(periode).items()):
            part = self.per_desa(version)
            if part is None:
                continue
            per_desa, sample = part
            url = (
                reverse("flood_pages:statistik")
                + f"?raster={version.raster_id}&level="
                + ("desa" if level == "desa" else "kecamatan")
            )
            found += area_values(
                self.indicator.kode,
                level,
                kode,
                per_desa,
                periode=year,
                sumber=f"hazard-raster-version:{version.pk}",
                is_sample=sample or version.raster.is_sample,
                url=url,
            )
        return found

    def unavailable_reason(self):
        if not published_versions():
            return str(_("No flood hazard raster is published with computed statistics."))
        return ""


def _stored_area(version, part):
    stored_part = (version.exposure or {}).get(part)
    if stored_part is None:
        return None
    return {row["kode"]: row["luas_ha"].get(HIGH, 0.0) for row in stored_part["desa"]}, stored_part["is_sample"]


class SettlementExposureProvider(_ExposureProvider):
    indicator = Indicator(
        kode="banjir-permukiman-tinggi",
        nama=_("Settlement area in high flood hazard"),
        satuan="ha",
        produsen="BPBD",
        deskripsi=_(
            "Area of settlement (permukiman and perumahan of the active land use, each m2 once) "
            "in the high (tinggi) class of the published flood hazard raster, per desa, summed "
            "to kecamatan and kabupaten; computed with the raster's statistics, UTM 48S."
        ),
        url_name="flood_pages:statistik",
        order=50,
    )

    def per_desa(self, version):
        return _stored_area(version, "permukiman")


class Lp2bExposureProvider(_ExposureProvider):
    indicator = Indicator(
        kode="banjir-lp2b-tinggi",
        nama=_("LP2B area in high flood hazard"),
        satuan="ha",
        produsen="BPBD",
        deskripsi=_(
            "Area of the published LP2B layer in the high (tinggi) class of the published flood "
            "hazard raster, per desa, summed to kecamatan and kabupaten; computed with the "
            "raster's statistics, UTM 48S."
        ),
        url_name="flood_pages:statistik",
        order=51,
    )

    def per_desa(self, version):
        return _stored_area(version, "lp2b")


class SchoolExposureProvider(_ExposureProvider):
    indicator = Indicator(
        kode="banjir-sekolah-tinggi",
        nama=_("Schools in high flood hazard"),
        satuan="jumlah",
        produsen="BPBD",
        deskripsi=_(
            "Schools of the published school layer (disdik-sekolah) whose location has a raster "
            "value in the high (tinggi) class of the published flood hazard raster, counted in "
            "the desa holding them."
        ),
        url_name="flood_pages:statistik",
        order=52,
    )

    def per_desa(self, version):
        layer = school_layer()
        if layer is None:
            return None
        return schools_in_high_hazard(version, layer), layer.is_sample

    def unavailable_reason(self):
        if school_layer() is None:
            return str(_("No school layer (catalogue code %(kode)s) is published.") % {"kode": SCHOOL_LAYER})
        return super().unavailable_reason()
