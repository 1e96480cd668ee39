"""Programme locations of the peta jalan as one feature collection (core.collections),
``peta-jalan``: each location with its programme, dimension, strategy, OPD, year,
status, realisation and the target of its indicator for that year. Public, as
on the public map; filterable by the map's filters (queryables)."""

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from core.collections import Collection, Provider, Queryable
from core.sample import SAMPLE_LABEL

from .models import Dimensi, LokasiProgram

COLLECTION_ID = "peta-jalan"
# One colour per dimension, for the map and its legend (ColorBrewer Dark2, colour-blind safe).
DIMENSION_COLOURS = {
    "governance": "#1b9e77",
    "branding": "#d95f02",
    "economy": "#7570b3",
    "living": "#e7298a",
    "society": "#66a61e",
    "environment": "#a6761d",
}
_COLOUR_SQL = "CASE p.dimensi " + " ".join(f"WHEN '{d}' THEN '{c}'" for d, c in DIMENSION_COLOURS.items()) + " END"

_QUERYABLES = {
    "program": Queryable("p.kode", "string", "kode program (L-5)"),
    "dimensi": Queryable("p.dimensi", "string", "dimensi"),
    "strategi": Queryable("s.kode", "string", "kode strategi (L.1)"),
    "opd": Queryable("o.kode", "string", "kode OPD"),
    "tahun": Queryable("f.tahun", "integer", "tahun"),
    "status": Queryable("f.status", "string", "status (rencana, berjalan, selesai)"),
}
_TARGET_SQL = "(CASE f.tahun WHEN 2025 THEN i.target_2025 WHEN 2026 THEN i.target_2026 ELSE i.baseline_2024 END)"
_PROPERTIES = [
    ("nama", "f.nama"),
    *((name, q.sql) for name, q in _QUERYABLES.items()),
    ("program_nama", "p.nama"),
    ("indikator", "i.nama"),
    ("satuan", "i.satuan"),
    ("target", _TARGET_SQL),
    ("realisasi", "f.nilai_realisasi::double precision"),
    ("anggaran", "f.anggaran::double precision"),
    ("sumber_dana", "f.sumber_dana"),
    ("warna", _COLOUR_SQL),
    ("kode_desa", "d.kode"),
    ("kode_kec", "k.kode"),
]
# The location's indicator, else its programme's first.
_SOURCE = (
    "roadmap_lokasiprogram f"
    " JOIN roadmap_program p ON p.id = f.program_id"
    " JOIN roadmap_strategi s ON s.id = p.strategi_id"
    " JOIN layers_opd o ON o.id = f.opd_id"
    " LEFT JOIN roadmap_indikator i ON i.id = COALESCE(f.indikator_id,"
    " (SELECT i1.id FROM roadmap_indikator i1 WHERE i1.program_id = p.id AND i1.urutan = 1))"
    " LEFT JOIN wilayah_desa d ON d.id = f.desa_id LEFT JOIN wilayah_kecamatan k ON k.id = f.kecamatan_id"
)


def lokasi_collection():
    stats = LokasiProgram.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    sample = LokasiProgram.objects.filter(is_sample=True).exists()
    extra = {"dimensi": [{"kode": d.value, "nama": d.label, "warna": DIMENSION_COLOURS[d.value]} for d in Dimensi]}
    if sample:
        extra["label"] = SAMPLE_LABEL
    last = int(stats["last"].timestamp() * 1000) if stats["last"] else 0
    return Collection(
        id=COLLECTION_ID,
        title=_("Roadmap programme locations"),
        description=_("Locations where the OPD realise the programmes of the Smart City roadmap (peta jalan)."),
        source=_SOURCE,
        properties=_PROPERTIES,
        queryables=dict(_QUERYABLES),
        tile_properties=("nama", "program", "dimensi", "status", "warna"),
        revision=f"l{stats['n']}.{last:x}",
        geometry_kind="",
        is_sample=sample,
        extra=extra,
        style={"type": "property", "attribute": "warna"},
        keywords=["peta jalan", "smart city"],
    )


class RoadmapProvider(Provider):
    def collection(self, user, collection_id):
        return lokasi_collection() if collection_id == COLLECTION_ID else None

    def collections(self, user):
        return [lokasi_collection()]
