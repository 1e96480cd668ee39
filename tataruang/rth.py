"""RTH (ruang terbuka hijau) share of the urban area, against UU 26/2007's 30%.

Urban area (kawasan perkotaan), as measured here: the land-use parcels of a
land-use year whose class is built-up (kategori ``terbangun_*``: housing,
industry, commerce, public facilities and roads) together with the published
public RTH polygons themselves, a park in the town being part of the town;
the union, so every m2 counts once. RTH share = RTH area / urban area x 100.
Both areas per desa, measured in EPSG:32748 on the subdivided desa pieces;
a kecamatan's and the kabupaten's share are the ratio of their desa's sums.
"""

from django.db import connection

from core.functions import M2_PER_HA, area_m2_sql
from layers.models import Feature, Layer

RTH_LAYER = "dlhk-rth-publik"  # data/katalog_layer.csv
TARGET_PERSEN = 30.0  # UU 26/2007 art. 29: RTH at least 30% of a town's area (20% public)
BUILT_UP_PREFIX = "terbangun_"


def rth_layer():
    """The published public RTH layer (catalogue code dlhk-rth-publik), or None."""
    return Layer.objects.published().filter(expected__kode=RTH_LAYER).select_related("published_version").first()


# Raw SQL: two unions per desa piece (the ORM has no aggregate union of an
# intersection per group), areas in the metric CRS.
RTH_SQL = """
    WITH urban AS (
        SELECT p.geom FROM tataruang_landuseparcel p
        JOIN tataruang_landuseclass c ON c.id = p.land_use_class_id
        WHERE p.land_use_id = %(land_use)s AND c.kategori LIKE %(built_up)s
        UNION ALL SELECT f.geom FROM {rth} f
    ),
    pieces AS (
        SELECT dp.id, dp.desa_id,
               (SELECT ST_Union(ST_Intersection(r.geom, dp.geom)) FROM {rth} r
                WHERE r.geom && dp.geom AND ST_Intersects(r.geom, dp.geom)) AS rth_g,
               (SELECT ST_Union(ST_Intersection(u.geom, dp.geom)) FROM urban u
                WHERE u.geom && dp.geom AND ST_Intersects(u.geom, dp.geom)) AS urban_g
        FROM wilayah_desapiece dp
    )
    SELECT d.kode, COALESCE(sum({rth_area}), 0) / {ha}, COALESCE(sum({urban_area}), 0) / {ha}
    FROM pieces s JOIN wilayah_desa d ON d.id = s.desa_id
    WHERE s.urban_g IS NOT NULL
    GROUP BY d.kode ORDER BY d.kode
"""


def rth_urban_areas(layer, land_use):
    """{desa kode: (RTH ha, urban ha)} of ``layer``'s published version and the
    land use ``land_use``; desa without urban area are left out."""
    sql = RTH_SQL.format(
        rth=Feature.objects.sql_source(layer.published_version_id),
        rth_area=area_m2_sql("ST_CollectionExtract(s.rth_g, 3)"),
        urban_area=area_m2_sql("ST_CollectionExtract(s.urban_g, 3)"),
        ha=M2_PER_HA,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"land_use": land_use.pk, "built_up": BUILT_UP_PREFIX + "%"})
        return {kode: (rth_ha, urban_ha) for kode, rth_ha, urban_ha in cursor.fetchall()}
