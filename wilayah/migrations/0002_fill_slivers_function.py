from django.db import migrations

# Dissolving the desa leaves ~1,200 sliver holes (all < 0.5 ha, 43 ha in total)
# where neighbouring source polygons do not quite meet. This function drops
# interior rings smaller than a threshold, measured in a metric CRS.
CREATE = """
CREATE OR REPLACE FUNCTION websig_fill_slivers(g geometry, min_area_m2 double precision, metric_srid integer)
RETURNS geometry LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_Multi(ST_Collect(
           ST_MakePolygon(
             ST_ExteriorRing(p.geom),
             ARRAY(
               SELECT ST_InteriorRingN(p.geom, i)
               FROM generate_series(1, ST_NumInteriorRings(p.geom)) AS i
               WHERE ST_Area(ST_Transform(ST_MakePolygon(ST_InteriorRingN(p.geom, i)), metric_srid)) >= min_area_m2
             )
           )))
  FROM ST_Dump(g) AS p
$$;
"""
DROP = "DROP FUNCTION IF EXISTS websig_fill_slivers(geometry, double precision, integer);"


class Migration(migrations.Migration):
    dependencies = [("wilayah", "0001_initial")]
    operations = [migrations.RunSQL(CREATE, DROP)]
