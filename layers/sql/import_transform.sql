-- Build JSONB attributes from the typed staging columns, reproject to
-- EPSG:4326 and promote to Multi*; Z/M were dropped at read time.
CREATE TEMP TABLE _import ON COMMIT DROP AS
SELECT s._fid AS fid,
       {attrs} AS attrs,
       ST_Multi({to_4326}) AS geom,
       false AS outside
FROM _import_src s,
     LATERAL (SELECT CASE WHEN s._wkb = '' THEN NULL
                          ELSE ST_SetSRID(ST_GeomFromWKB(decode(s._wkb, 'hex')), %s) END AS g) w;
-- The desa join loops over the few desa pieces and probes this index, so
-- PostGIS can reuse each piece's prepared geometry across many features.
CREATE INDEX ON _import USING gist (geom);
ANALYZE _import;
