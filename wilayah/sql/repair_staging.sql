-- Repair invalid rings (the row count is reported as "repaired").
UPDATE _desa_src SET geom = ST_CollectionExtract(ST_MakeValid(geom), 3) WHERE NOT ST_IsValid(geom);
