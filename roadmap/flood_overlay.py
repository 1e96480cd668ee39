"""The flood hazard class of a programme location, from the published flood hazard
rasters of the flood module (flood.reader.value_at at the location's point on
surface, classed by the raster version's classes: rendah, sedang, tinggi).
Registered as the ``bahaya_banjir`` overlay (roadmap.overlays) in AppConfig.ready."""

from flood import classes as hazard_classes
from flood import reader
from flood.models import HazardRaster


def published_flood_rasters():
    return HazardRaster.objects.filter(hazard="banjir", published_version__isnull=False).select_related(
        "published_version"
    )


def bahaya_banjir(lokasi):
    """[{raster, judul, nilai, kelas, is_sample}] per published flood hazard raster, or None without any.

    The class is read at one point (ST_PointOnSurface of the location, lon/lat): a
    line or polygon crossing several classes is judged at that point only."""
    rasters = list(published_flood_rasters())
    if not rasters:
        return None
    point = lokasi.geom.point_on_surface
    found = []
    for raster in rasters:
        version = raster.published_version
        value = reader.value_at(version, point.x, point.y)
        kelas = hazard_classes.class_of(version, value) if value is not None else None
        found.append(
            {
                "raster": raster.pk,
                "judul": raster.title,
                "nilai": None if value is None else round(value, 4),
                "kelas": kelas or hazard_classes.NO_DATA,
                "is_sample": raster.is_sample,
            }
        )
    return found
