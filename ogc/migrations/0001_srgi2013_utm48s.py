"""EPSG:9488 (SRGI2013 / UTM zone 48S) into PostGIS's spatial_ref_sys.

PostGIS 3.3's table predates the code; PROJ knows it. PostGIS hands PROJ the
authority code (EPSG:9488), so ST_Transform uses PROJ's own transformation
between WGS 84 and SRGI2013 (decimetres here); the proj4text, used only where
PROJ lacks the code, is the same UTM zone with a null datum shift.
"""

from django.db import migrations

WKT = (
    'PROJCS["SRGI2013 / UTM zone 48S",GEOGCS["SRGI2013",DATUM["Sistem_Referensi_Geospasial_Indonesia_2013",'
    'SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","1293"]],'
    'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AUTHORITY["EPSG","9470"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],'
    'PARAMETER["central_meridian",105],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],'
    'PARAMETER["false_northing",10000000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],'
    'AXIS["Northing",NORTH],AUTHORITY["EPSG","9488"]]'
)
PROJ4 = "+proj=utm +zone=48 +south +ellps=WGS84 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs"


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.RunSQL(
            [
                (
                    "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) "
                    "SELECT 9488, 'EPSG', 9488, %s, %s WHERE NOT EXISTS (SELECT 1 FROM spatial_ref_sys WHERE srid = 9488)",
                    [WKT, PROJ4],
                )
            ],
            reverse_sql=migrations.RunSQL.noop,
        )
    ]
