-- Overlay of existing land use with the active plan, per desa, classified by
-- the compliance matrix of the run. Areas in the metric CRS (m²).
--
-- Containment tests are written ST_Covers(big, small): PostGIS prepares the
-- repeated first argument (a desa or zone piece) once for all its parcels,
-- which is 7x faster than ST_CoveredBy(small, big) on 200,000 parcels.
--
-- 1. Plan zones cut into small pieces (ST_Subdivide) so the GiST index prunes.
CREATE TEMP TABLE _zone ON COMMIT DROP AS
SELECT c.kode AS plan_class, COALESCE(j.kode, c.kode) AS judged_as, ST_Subdivide(z.geom, 64) AS geom
FROM tataruang_planzone z
JOIN tataruang_planclass c ON c.id = z.plan_class_id
LEFT JOIN tataruang_planclass j ON j.id = c.padanan_id
WHERE z.plan_id = %(plan)s;
-- Every index is built before any update of its table: an index created over
-- HOT-updated rows cannot be used by the transaction that created it
-- (pg_index.indcheckxmin), and the overlay below would lose its index scans.
CREATE INDEX ON _zone USING gist (geom);
-- Subdivision and overlay can leave the odd invalid ring (GEOS precision);
-- predicates on it would fail with a TopologyException, so repair those few.
UPDATE _zone SET geom = ST_CollectionExtract(ST_MakeValid(geom), 3) WHERE NOT ST_IsValid(geom);
ANALYZE _zone;

-- 2. Parcels split by desa piece; a parcel covered by one piece is kept whole.
CREATE TEMP TABLE _parcel ON COMMIT DROP AS
SELECT p.land_use_class_id, d.desa_id, d.kecamatan_id,
       CASE WHEN ST_Covers(d.geom, p.geom) THEN p.geom
            ELSE ST_CollectionExtract(ST_Intersection(p.geom, d.geom), 3) END AS geom
FROM wilayah_desapiece d
JOIN tataruang_landuseparcel p
  ON p.land_use_id = %(land_use)s AND p.geom && d.geom AND ST_Intersects(d.geom, p.geom);
UPDATE _parcel SET geom = ST_CollectionExtract(ST_MakeValid(geom), 3) WHERE NOT ST_IsValid(geom);
DELETE FROM _parcel WHERE ST_IsEmpty(geom);
ALTER TABLE _parcel ADD COLUMN land_use_class text, ADD COLUMN area_m2 double precision;
UPDATE _parcel p SET land_use_class = u.kode, area_m2 = ST_Area(ST_Transform(p.geom, %(metric_srid)s))
FROM tataruang_landuseclass u WHERE u.id = p.land_use_class_id;
-- The serial column rewrites the table, which clears the updates' HOT chains,
-- so the index built next is usable at once (see step 1).
ALTER TABLE _parcel ADD COLUMN piece_id bigserial;
CREATE INDEX ON _parcel USING gist (geom);
ANALYZE _parcel;

-- 3. Parcel pieces x zone pieces, classified; covered pieces skip the overlay.
-- (The classification and areas come in a second pass: joins in the same
-- statement reorder the rows and defeat the prepared-geometry cache.)
CREATE TEMP TABLE _overlay ON COMMIT DROP AS
SELECT p.piece_id, p.land_use_class, z.plan_class, z.judged_as, p.desa_id, p.kecamatan_id,
       CASE WHEN ST_Covers(z.geom, p.geom) THEN p.geom
            ELSE ST_CollectionExtract(ST_Intersection(p.geom, z.geom), 3) END AS geom
FROM _zone z
JOIN _parcel p ON p.geom && z.geom AND ST_Intersects(z.geom, p.geom);
ALTER TABLE _overlay ADD COLUMN outcome text, ADD COLUMN area_m2 double precision;
UPDATE _overlay o SET outcome = COALESCE(m.outcome, 'tidak_dinilai'),
                      area_m2 = ST_Area(ST_Transform(o.geom, %(metric_srid)s))
FROM _overlay o2
LEFT JOIN _matrix m ON m.land_use_class = o2.land_use_class AND m.plan_class = o2.judged_as
WHERE o2.ctid = o.ctid;
