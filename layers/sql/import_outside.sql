-- Features that touch no desa piece are checked against the kabupaten buffered
-- by 500 m; those touching nothing are outside. Also count how many of those
-- would fall inside with lon/lat swapped.
UPDATE _import i SET outside = true
WHERE NOT EXISTS (SELECT 1 FROM _candidate c WHERE c.fid = i.fid)
  AND NOT EXISTS (SELECT 1 FROM wilayah_kabupatenpiece k WHERE ST_Intersects(k.geom, i.geom));
SELECT
    count(*) FILTER (WHERE outside),
    count(*) FILTER (WHERE outside AND EXISTS (
        SELECT 1 FROM wilayah_kabupatenpiece k WHERE ST_Intersects(k.geom, ST_FlipCoordinates(i.geom)))),
    count(*)
FROM _import i;
