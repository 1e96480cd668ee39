-- Subdivided side tables for fast point-in-polygon and overlap joins.
DELETE FROM wilayah_desapiece;
INSERT INTO wilayah_desapiece (desa_id, kecamatan_id, geom)
SELECT d.id, d.kecamatan_id, ST_Subdivide(d.geom, 128) FROM wilayah_desa d;

DELETE FROM wilayah_kabupatenpiece;
INSERT INTO wilayah_kabupatenpiece (kabupaten_id, geom)
SELECT k.id, ST_Subdivide(
    ST_Transform(ST_Buffer(ST_Transform(k.geom, %(metric_srid)s), %(tolerance_m)s, 8), 4326), 128)
FROM wilayah_kabupaten k;
ANALYZE wilayah_desapiece;
ANALYZE wilayah_kabupatenpiece;
