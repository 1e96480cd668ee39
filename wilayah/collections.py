"""The administrative areas as feature collections (core.collections):
``kabupaten``, ``kecamatan`` and ``desa``, for the OGC API and vector tiles.

Properties: ``kode`` (Kemendagri), ``nama``, ``luas_ha`` (measured in
EPSG:32748 at load time); a kecamatan also ``kode_kab``; a desa ``jenis``,
``kode_kec`` and ``nama_kec``. Everyone sees them (boundaries are public).
"""

from django.contrib.gis.db.models import Extent
from django.core.cache import cache
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from core.collections import Collection, Provider, Queryable

from .managers import META_CACHE_KEY
from .models import Desa, Kabupaten, Kecamatan

_COMMON = {
    "kode": Queryable("f.kode", "string", _("Kemendagri code")),
    "nama": Queryable("f.nama", "string", _("name")),
    "luas_ha": Queryable("round(f.luas_ukur_ha::numeric, 2)", "number", _("measured area (ha)")),
}


# What every wilayah collection says about the loaded boundaries (counts,
# extent, revision): they change only when load_wilayah loads others, which
# deletes this key with the map bounds' (wilayah.services).
META_CACHE_SECONDS = 24 * 3600


def boundary_meta():
    """{revision, bbox, count} of the loaded boundaries, kept in the cache until load_wilayah loads others."""
    meta = cache.get(META_CACHE_KEY)
    if meta is None:
        extent = Kabupaten.objects.aggregate(e=Extent("geom"))["e"]
        # A new load gives the kabupaten a new row: its id and the transaction
        # that inserted it name the load (ids start again in a new database).
        rows = Kabupaten.objects.order_by("-pk").annotate(xmin=RawSQL("xmin::text", []))
        kabupaten = rows.values_list("pk", "xmin").first()
        meta = {
            "revision": f"w{kabupaten[0]}.{kabupaten[1]}" if kabupaten else "w0",
            "bbox": [round(v, 6) for v in extent] if extent else None,
            "count": {
                "kabupaten": Kabupaten.objects.count(),
                "kecamatan": Kecamatan.objects.count(),
                "desa": Desa.objects.count(),
            },
        }
        cache.set(META_CACHE_KEY, meta, META_CACHE_SECONDS)
    return meta


def _collection(collection_id, title, description, source, extra_queryables):
    meta = boundary_meta()
    queryables = {**_COMMON, **extra_queryables}
    return Collection(
        id=collection_id,
        title=str(title),
        description=str(description),
        source=source,
        properties=[(name, q.sql) for name, q in queryables.items()],
        queryables=queryables,
        tile_properties=tuple(queryables),
        revision=meta["revision"],
        geometry_kind="polygon",
        feature_count=meta["count"][collection_id],
        bbox=meta["bbox"],
        keywords=["batas administrasi", "wilayah"],
    )


class WilayahProvider(Provider):
    IDS = ("kabupaten", "kecamatan", "desa")

    def collections(self, user):
        return [self.collection(user, collection_id) for collection_id in self.IDS]

    def collection(self, user, collection_id):
        if collection_id == "kabupaten":
            return _collection(
                "kabupaten",
                _("Kabupaten Tangerang"),
                _("The regency boundary, dissolved from the desa."),
                "wilayah_kabupaten f",
                {},
            )
        if collection_id == "kecamatan":
            return _collection(
                "kecamatan",
                _("Kecamatan"),
                _("The 29 kecamatan, dissolved from their desa."),
                "wilayah_kecamatan f JOIN wilayah_kabupaten kab ON kab.id = f.kabupaten_id",
                {"kode_kab": Queryable("kab.kode", "string", _("kabupaten code"))},
            )
        if collection_id == "desa":
            return _collection(
                "desa",
                _("Desa/kelurahan"),
                _("The 274 desa and kelurahan with their Kemendagri codes."),
                "wilayah_desa f JOIN wilayah_kecamatan k ON k.id = f.kecamatan_id",
                {
                    "jenis": Queryable("f.jenis", "string", _("type")),
                    "kode_kec": Queryable("k.kode", "string", _("kecamatan code")),
                    "nama_kec": Queryable("k.nama", "string", _("kecamatan name")),
                },
            )
        return None
