"""The parts of an area's profile, each read from what another app stores
(never an overlay of a whole layer on a page request, except the plan zones,
which are cached per plan version). Every function takes a profil.areas.Area
and answers plain data: areas in hectares measured in settings.METRIC_SRID,
shares in percent of the area's measured area, ``is_sample`` where sample data
shows."""

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse

from core import indicators as registry
from core.functions import M2_PER_HA
from flood import classes as hazard_classes
from flood.models import HazardRaster
from flood.statistics import CLASS_KEYS, statistics_table
from layers.models import Feature, Layer
from roadmap.models import LokasiProgram
from tataruang.indicators import lp2b_areas, lp2b_layer
from tataruang.models import Plan, PlanClass, PlanZone
from wilayah.models import Desa, Kecamatan

NO_DATA_COLOUR = "#bdbdbd"
# Classes covering less than this in an area are slivers along its edge (the
# zones and the desa were drawn apart): left out of the table, kept in the total.
SLIVER_HA = 0.005
# Plan zones change only with a new plan version (a new Plan row, activated):
# keyed by plan and activation, the overlay of an area is computed once.
ZONE_CACHE_SECONDS = 7 * 24 * 3600


def indicator_rows(area):
    """[{indikator (Indicator.as_dict()), nilai: [Value.as_dict() per period, latest first]}]
    of every registered indicator that exists at the area's level; an indicator
    without a stored value for the area has ``nilai`` = []."""
    by_code = {}
    for value in registry.values(area.level, kode=area.kode):
        by_code.setdefault(value.indikator, []).append(value.as_dict())
    rows = []
    for indicator in registry.indicators():
        if area.level not in indicator.levels:
            continue
        found = sorted(by_code.get(indicator.kode, []), key=lambda v: v["periode"], reverse=True)
        rows.append({"indikator": indicator.as_dict(), "nilai": found})
    return rows


def layer_counts(area):
    """[{slug, judul, opd, jumlah, url, url_tabel, is_sample}] of every published
    layer with features in the area (assigned to its desa at import), most
    features first: one query grouped by layer version."""
    layers = {layer.published_version_id: layer for layer in Layer.objects.published().select_related("opd")}
    if not layers:
        return []
    counts = (
        Feature.objects.filter(version_id__in=list(layers), desa_id__in=area.desa_ids())
        .values("version_id")
        .annotate(jumlah=Count("id"))
    )
    where = "" if area.level == "kabupaten" else f"?{area.level}={area.kode}"
    rows = []
    for row in counts:
        layer = layers[row["version_id"]]
        table = reverse("layers:layer-table", kwargs={"slug": layer.slug})
        rows.append(
            {
                "slug": layer.slug,
                "judul": layer.title,
                "opd": layer.opd.singkatan,
                "jumlah": row["jumlah"],
                "url": reverse("layer_pages:layer", kwargs={"slug": layer.slug}),
                "url_tabel": f"{table}{where}{'&' if where else '?'}export=csv",
                "is_sample": layer.is_sample,
            }
        )
    return sorted(rows, key=lambda r: (-r["jumlah"], r["judul"]))


def plan_zones(area):
    """[{plan: {id, nama, jenis, tahun, dasar_hukum, is_sample}, luas_ha, persen,
    kelas: [{kode, nama, warna, luas_ha, persen}]}] per active plan (RTRW first)
    that has zones in the area; shares of the area's measured area."""
    result = []
    for plan in Plan.objects.for_indicator():
        areas = _class_areas(plan, area)
        if not areas:
            continue
        classes = PlanClass.objects.in_bulk(list(areas))
        kelas = [
            {
                "kode": classes[pk].kode,
                "nama": classes[pk].nama,
                "warna": classes[pk].warna,
                "luas_ha": m2 / M2_PER_HA,
                "persen": 100 * m2 / area.luas_m2,
            }
            for pk, m2 in areas.items()
            if m2 / M2_PER_HA >= SLIVER_HA
        ]
        total = sum(areas.values())
        result.append(
            {
                "plan": {
                    "id": plan.pk,
                    "nama": plan.nama,
                    "jenis": plan.jenis,
                    "tahun": plan.year,
                    "dasar_hukum": plan.legal_basis,
                    "is_sample": plan.is_sample,
                },
                "luas_ha": total / M2_PER_HA,
                "persen": 100 * total / area.luas_m2,
                "kelas": sorted(kelas, key=lambda k: (-k["luas_ha"], k["kode"])),
            }
        )
    return result


def _class_areas(plan, area):
    stamp = plan.activated_at.timestamp() if plan.activated_at else 0
    key = f"profil:zona:{plan.pk}:{stamp}:{area.level}:{area.kode}"
    areas = cache.get(key)
    if areas is None:
        areas = PlanZone.objects.class_areas_in(plan, area.desa_ids())
        cache.set(key, areas, ZONE_CACHE_SECONDS)
    return areas


def lp2b(area):
    """{layer, is_sample, total_ha, persen, per_jenis: {lp2b_ha, lcp2b_ha, ...}} of the
    published LP2B layer in the area (tataruang.indicators.lp2b_areas; the kabupaten
    is the sum of its kecamatan), or None without a published LP2B layer."""
    layer = lp2b_layer()
    if layer is None:
        return None
    level = "kecamatan" if area.level == "kabupaten" else area.level
    key = f"profil:lp2b:{layer.published_version_id}:{level}"
    found = cache.get(key)
    if found is None:
        found = lp2b_areas(level)
        cache.set(key, found, ZONE_CACHE_SECONDS)
    rows = found["results"] if area.level == "kabupaten" else [r for r in found["results"] if r["kode"] == area.kode]
    per_jenis = {}
    for row in rows:
        for key_, value in row.items():
            if key_.endswith("_ha") and key_ != "total_ha":
                per_jenis[key_] = per_jenis.get(key_, 0.0) + value
    total = sum(r["total_ha"] for r in rows)
    return {
        "layer": layer.slug,
        "judul": layer.title,
        "url": reverse("layer_pages:layer", kwargs={"slug": layer.slug}),
        "is_sample": layer.is_sample,
        "total_ha": total,
        "persen": 100 * total * M2_PER_HA / area.luas_m2,
        "per_jenis": per_jenis,
    }


def hazard(area):
    """[{raster, judul, is_sample, kelas: [{kode, label, warna, luas_ha, persen}], rata_rata, maks}]
    per published flood hazard raster: its stored statistics (flood.statistics) for the area."""
    result = []
    rasters = HazardRaster.objects.filter(hazard="banjir", published_version__isnull=False)
    for raster in rasters.select_related("published_version").order_by("pk"):
        version = raster.published_version
        rows = statistics_table(version, area.level, kode=area.kode)
        if not rows:
            continue
        (row,) = rows
        colours = {**hazard_classes.DEFAULT_COLORS, **(version.colors or {})}
        result.append(
            {
                "raster": raster.pk,
                "judul": raster.title,
                "versi": version.number,
                "is_sample": raster.is_sample,
                "rata_rata": row["rata_rata"],
                "maks": row["maks"],
                "kelas": [
                    {
                        "kode": key,
                        "label": hazard_classes.LABELS[key],
                        "warna": colours.get(key, NO_DATA_COLOUR),
                        "luas_ha": row["luas_ha"][key],
                        "persen": row["persen"][key],
                    }
                    for key in CLASS_KEYS
                ],
            }
        )
    return result


def hazard_by_desa(area):
    """(raster, {desa kode: {luas_ha, persen, terluas, warna}}) of the first published
    flood hazard raster: the stored statistics of the area's desa, ``terluas`` the
    class with the largest area (None when the desa has no data); (None, {}) without one."""
    raster = HazardRaster.objects.filter(hazard="banjir", published_version__isnull=False).order_by("pk").first()
    if raster is None:
        return None, {}
    version = raster.published_version
    colours = {**hazard_classes.DEFAULT_COLORS, **(version.colors or {})}
    kodes = set(area.desa().values_list("kode", flat=True))
    found = {}
    for row in statistics_table(version, "desa"):
        if row["kode"] not in kodes:
            continue
        largest = max(hazard_classes.KODES, key=lambda k: row["luas_ha"][k])
        terluas = largest if row["luas_ha"][largest] > 0 else None
        found[row["kode"]] = {
            "luas_ha": row["luas_ha"],
            "persen": row["persen"],
            "terluas": terluas,
            "warna": colours[terluas] if terluas else NO_DATA_COLOUR,
        }
    return raster, found


def programme_locations(area):
    """[{nama, program, program_nama, tahun, status, opd, desa, url, is_sample}] of the
    peta jalan locations assigned to the area's desa, by year and name."""
    rows = (
        LokasiProgram.objects.filter(desa_id__in=area.desa_ids())
        .select_related("program", "opd", "desa")
        .order_by("tahun", "nama")
    )
    return [
        {
            "nama": row.nama,
            "program": row.program.kode,
            "program_nama": row.program.nama,
            "tahun": row.tahun,
            "status": row.get_status_display(),
            "opd": row.opd.singkatan,
            "desa": row.desa.nama if row.desa_id else "",
            "url": reverse("roadmap_pages:program", kwargs={"kode": row.program.kode}),
            "is_sample": row.is_sample,
        }
        for row in rows
    ]


def neighbours(area):
    """[{kode, nama, level, url}]: the desa around a desa, the kecamatan around a kecamatan."""
    if area.level == "kabupaten":
        return []
    model = Desa if area.level == "desa" else Kecamatan
    rows = model.objects.neighbours_of(area.wilayah).defer("geom")
    name = f"profil:{area.level}"
    return [{"kode": row.kode, "nama": row.nama, "url": reverse(name, kwargs={"kode": row.kode})} for row in rows]


def desa_list(area):
    """[{kode, nama, jenis, luas_ha, url}] of the desa of a kecamatan, of the
    kecamatan of the kabupaten ([] for a desa)."""
    if area.level == "kabupaten":
        return [
            {
                "kode": k.kode,
                "nama": k.nama,
                "jenis": "kecamatan",
                "luas_ha": k.luas_ukur_ha,
                "url": reverse("profil:kecamatan", kwargs={"kode": k.kode}),
            }
            for k in Kecamatan.objects.defer("geom").order_by("nama")
        ]
    if area.level != "kecamatan":
        return []
    return [
        {
            "kode": d.kode,
            "nama": d.nama,
            "jenis": d.get_jenis_display(),
            "luas_ha": d.luas_ukur_ha,
            "url": reverse("profil:desa", kwargs={"kode": d.kode}),
        }
        for d in area.desa()
    ]
