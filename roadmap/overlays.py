"""Overlays of a programme location: the RTRW/RDTR zone it lies in and whether its
activity fits there (the KKPR check, tataruang.kkpr.check: ITBX of the active
RDTR, else RTRW), its LP2B overlap (and any other overlay layer the KKPR check
knows), and the overlays other apps register here.

A registered overlay is ``fn(lokasi) -> dict | list | None`` under a name; the
flood hazard class (roadmap.flood_overlay, from the flood module's published
hazard rasters) is registered as ``bahaya_banjir`` in AppConfig.ready.
"""

from django.utils.translation import gettext as _

from core.errors import NotFound
from tataruang import kkpr

from .models import LokasiProgram

# ITBX verdicts under which the activity may be carried out (T: limited, B: with conditions).
FITS = {"I", "T", "B"}
_registry = {}


def register(name, fn):
    """Add an overlay ``fn(lokasi) -> dict | None`` (e.g. the flood hazard class)."""
    _registry[name] = fn


def overlay(lokasi):
    """The overlays of one location as a dict for the API (areas in EPSG:32748, ha)."""
    result = {"lokasi": lokasi.pk, "program": lokasi.program.kode, "kegiatan": None, "zona": [], "itbx": None}
    try:
        if lokasi.kegiatan_id:
            check = kkpr.check(lokasi.geom, lokasi.kegiatan.kode)
            result.update(
                {
                    "kegiatan": check["kegiatan"],
                    "rencana": check["rencana"],
                    "zona": check["zona"],
                    "itbx": check["itbx"],
                    "itbx_label": check["itbx_label"],
                    "tumpang_susun": check["tumpang_susun"],
                }
            )
        else:
            plan, zones = kkpr._zones(lokasi.geom)
            result.update(
                {"rencana": kkpr._plan_json(plan), "zona": zones, "tumpang_susun": kkpr._overlays(lokasi.geom)}
            )
    except NotFound as exc:
        result["catatan"] = exc.message
    result["sesuai"] = None if result["itbx"] is None else result["itbx"] in FITS
    lp2b = (result.get("tumpang_susun") or {}).get("lp2b")
    result["lp2b"] = bool(lp2b and lp2b["kena"])
    for name, fn in _registry.items():
        result[name] = fn(lokasi)
    return result


def not_allowed(queryset=None):
    """Locations whose activity is not allowed (ITBX "X") in the zone they lie in, as dicts."""
    queryset = queryset if queryset is not None else LokasiProgram.objects.all()
    found = []
    for lokasi in queryset.filter(kegiatan__isnull=False).select_related("program", "kegiatan", "opd"):
        result = overlay(lokasi)
        if result["itbx"] == "X":
            found.append(_row(lokasi, result))
    return found


def in_lp2b(queryset=None):
    """Locations overlapping the published LP2B layer."""
    queryset = queryset if queryset is not None else LokasiProgram.objects.all()
    rows = queryset.select_related("program", "kegiatan", "opd")
    return [_row(lokasi, found) for lokasi in rows if (found := overlay(lokasi))["lp2b"]]


def in_high_flood_hazard(queryset=None):
    """Locations whose point lies in the "tinggi" class of a published flood hazard raster."""
    queryset = queryset if queryset is not None else LokasiProgram.objects.all()
    found = []
    for lokasi in queryset.select_related("program", "kegiatan", "opd"):
        classes = (_registry["bahaya_banjir"](lokasi) or []) if "bahaya_banjir" in _registry else []
        if any(c["kelas"] == "tinggi" for c in classes):
            found.append(
                {
                    "id": lokasi.pk,
                    "nama": lokasi.nama,
                    "program": lokasi.program.kode,
                    "opd": lokasi.opd.kode,
                    "tahun": lokasi.tahun,
                    "bahaya_banjir": classes,
                }
            )
    return found


def _row(lokasi, result):
    zones = ", ".join(f"{z['kode']} {z['nama']}" for z in result["zona"])
    return {
        "id": lokasi.pk,
        "nama": lokasi.nama,
        "program": lokasi.program.kode,
        "opd": lokasi.opd.kode,
        "tahun": lokasi.tahun,
        "kegiatan": lokasi.kegiatan.nama if lokasi.kegiatan_id else None,
        "zona": zones or _("outside every zone"),
        "itbx": result["itbx"],
        "lp2b": result["lp2b"],
    }
