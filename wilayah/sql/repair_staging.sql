-- Repair invalid rings and promote every polygon to a MultiPolygon.
UPDATE _desa_src
SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
WHERE NOT ST_IsValid(geom) OR GeometryType(geom) <> 'MULTIPOLYGON';
