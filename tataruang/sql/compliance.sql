-- Overlay of existing land use with the active plan, per desa, classified by
-- the compliance matrix of the run. Areas in the metric CRS (m²).
--
-- 1. Plan zones cut into small pieces (ST_Subdivide) so the GiST index prunes.
CREATE TEMP TABLE _zone ON COMMIT DROP AS
SELECT c.kode AS plan_class, COALESCE(j.kode, c.kode) AS judged_as, ST_Subdivide(z.geom, 64) AS geom
FROM tataruang_planzone z
JOIN tataruang_planclass c ON c.id = z.plan_class_id
LEFT JOIN tataruang_planclass j ON j.id = c.padanan_id
WHERE z.plan_id = %(plan)s;
CREATE INDEX ON _zone USING gist (geom);
ANALYZE _zone;

-- 2. Parcels split by desa; a parcel covered by one desa piece is kept whole.
CREATE TEMP TABLE _parcel ON COMMIT DROP AS
SELECT p.id AS parcel_id, u.kode AS land_use_class, d.desa_id, d.kecamatan_id,
       CASE WHEN ST_CoveredBy(p.geom, d.geom) THEN p.geom
            ELSE ST_CollectionExtract(ST_Intersection(p.geom, d.geom), 3) END AS geom
FROM wilayah_desapiece d
JOIN tataruang_landuseparcel p ON p.land_use_id = %(land_use)s AND p.geom && d.geom AND ST_Intersects(p.geom, d.geom)
JOIN tataruang_landuseclass u ON u.id = p.land_use_class_id;
DELETE FROM _parcel WHERE ST_IsEmpty(geom);
ALTER TABLE _parcel ADD COLUMN piece_id serial;
ALTER TABLE _parcel ADD COLUMN area_m2 double precision;
UPDATE _parcel SET area_m2 = ST_Area(ST_Transform(geom, %(metric_srid)s));
CREATE INDEX ON _parcel USING gist (geom);
ANALYZE _parcel;

-- 3. Parcel pieces x zone pieces, classified; covered pieces skip the overlay.
CREATE TEMP TABLE _overlay ON COMMIT DROP AS
SELECT p.piece_id, p.land_use_class, z.plan_class, p.desa_id, p.kecamatan_id,
       COALESCE(m.outcome, 'tidak_dinilai') AS outcome,
       CASE WHEN ST_CoveredBy(p.geom, z.geom) THEN p.geom
            ELSE ST_CollectionExtract(ST_Intersection(p.geom, z.geom), 3) END AS geom
FROM _zone z
JOIN _parcel p ON p.geom && z.geom AND ST_Intersects(p.geom, z.geom)
LEFT JOIN _matrix m ON m.land_use_class = p.land_use_class AND m.plan_class = z.judged_as;
ALTER TABLE _overlay ADD COLUMN area_m2 double precision;
UPDATE _overlay SET area_m2 = ST_Area(ST_Transform(geom, %(metric_srid)s));
