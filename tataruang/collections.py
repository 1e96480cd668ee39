"""The zones of the active RTRW and RDTR as feature collections
(core.collections): ``rtrw`` and ``rdtr``, each zone with its class code,
name, group and official colour, the RDTR hierarchy and its intensity limits.
An active plan is public, as on the public map."""

from django.utils.translation import gettext as _

from core.collections import Collection, Provider, Queryable
from core.sample import SAMPLE_LABEL

from .models import Plan

_QUERYABLES = {
    "kode": Queryable("c.kode", "string", "kode zona"),
    "nama": Queryable("c.nama", "string", "nama zona"),
    "kelompok": Queryable("c.kelompok", "string", "kelompok (lindung/budidaya)"),
    "warna": Queryable("c.warna", "string", "warna"),
    "wp": Queryable("f.wp", "string", "WP"),
    "swp": Queryable("f.swp", "string", "SWP"),
    "blok": Queryable("f.blok", "string", "blok"),
}


def _union(boxes):
    boxes = [b for b in boxes if b]
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def plan_collection(collection_id, plans):
    """The zones of ``plans`` (the active plans of one jenis: one RTRW, an RDTR per WP)."""
    jenis = plans[0].jenis
    sample = any(plan.is_sample for plan in plans)
    extra = {
        "rencana": [
            {"nama": plan.nama, "dasar_hukum": plan.legal_basis, "tahun": plan.year, "wp": plan.wilayah_perencanaan}
            for plan in plans
        ]
    }
    if sample:
        extra["label"] = SAMPLE_LABEL
    properties = [(name, q.sql) for name, q in _QUERYABLES.items()] + [("intensitas", "f.attrs")]
    single = plans[0].nama if plans[0].nama.startswith(jenis) else f"{jenis} {plans[0].nama}"
    title = single if len(plans) == 1 else _("Active %(jenis)s zones") % {"jenis": jenis}
    bases = "; ".join(plan.legal_basis for plan in plans)
    # Activation to the millisecond: plan ids start again in a new database.
    revision = "-".join(f"{p.pk}.{int(p.activated_at.timestamp() * 1000) if p.activated_at else 0:x}" for p in plans)
    return Collection(
        id=collection_id,
        title=title,
        description=_("Zones of the active %(jenis)s (%(basis)s).") % {"jenis": jenis, "basis": bases},
        source=("tataruang_planzone f JOIN tataruang_planclass c ON c.id = f.plan_class_id", []),
        where=("f.plan_id = ANY(%s)", [[plan.pk for plan in plans]]),
        properties=properties,
        queryables=dict(_QUERYABLES),
        tile_properties=("kode", "nama", "warna"),
        revision=f"p{revision}",
        bbox=_union([plan.layer_version.bbox for plan in plans]),
        geometry_kind="polygon",
        is_sample=sample,
        extra=extra,
        style={"type": "property", "attribute": "warna"},
        keywords=["tata ruang", jenis],
    )


class PlanProvider(Provider):
    JENIS = {"rtrw": Plan.Jenis.RTRW, "rdtr": Plan.Jenis.RDTR}

    def collection(self, user, collection_id):
        jenis = self.JENIS.get(collection_id)
        if jenis is None:
            return None
        plans = list(Plan.objects.for_indicator().filter(jenis=jenis).select_related("layer_version"))
        return plan_collection(collection_id, plans) if plans else None

    @classmethod
    def legend(cls, collection_id):
        """[{kode, nama, warna}] of the classes the zones of the active plans of one jenis are drawn in."""
        from .models import PlanZone

        plans = Plan.objects.for_indicator().filter(jenis=cls.JENIS[collection_id])
        return PlanZone.objects.filter(plan__in=plans).legend()

    def collections(self, user):
        return [c for c in (self.collection(user, cid) for cid in self.JENIS) if c is not None]
