-- Make the staged desa a coverage: every square metre of the kabupaten in exactly one desa.
-- The source polygons overlap (about 48 ha in all) and leave small gaps (about 43 ha, each
-- under sliver_m2) where neighbours do not quite meet. Each move is recorded in _coverage_moves.
--
-- 1. Overlaps: a point covered by several desa stays with the largest of them (area in the
--    metric CRS, then the lower Kemendagri code), the others lose it: the larger polygon is
--    the one the overlap least changes (QGIS's geometry checker offers the same rule).
CREATE TEMP TABLE _coverage_moves (
    kind varchar(10) NOT NULL,    -- 'overlap' or 'gap'
    kode varchar(13),             -- the desa that lost the piece (NULL for a gap)
    to_kode varchar(13) NOT NULL, -- the desa that holds it now
    m2 double precision NOT NULL
) ON COMMIT DROP;

-- 0. Every overlay below runs on one 1e-7-degree grid (about 1 cm; GEOS's fixed-precision
--    overlay): a difference of two nearly coincident outlines otherwise leaves hair-thin
--    spikes, valid in degrees and self-intersecting once projected to UTM.
UPDATE _desa_src SET geom = ST_Multi(ST_CollectionExtract(ST_ReducePrecision(geom, %(grid)s), 3));

CREATE TEMP TABLE _desa_rank ON COMMIT DROP AS
SELECT kode, ST_Area(ST_Transform(geom, %(metric_srid)s)) AS m2 FROM _desa_src;

INSERT INTO _coverage_moves (kind, kode, to_kode, m2)
SELECT 'overlap', a.kode, b.kode, ST_Area(ST_Transform(ST_Intersection(a.geom, b.geom, %(grid)s), %(metric_srid)s))
FROM _desa_src a
JOIN _desa_rank ra ON ra.kode = a.kode
JOIN _desa_src b ON b.geom && a.geom AND b.kode <> a.kode
JOIN _desa_rank rb ON rb.kode = b.kode
WHERE (rb.m2 > ra.m2 OR (rb.m2 = ra.m2 AND b.kode < a.kode))
  AND ST_Relate(a.geom, b.geom, '2********');

-- One UPDATE: every difference is taken from the source shapes (its snapshot), so a point
-- in three desa goes to the largest, whatever order the rows are updated in.
UPDATE _desa_src s
SET geom = ST_Multi(ST_CollectionExtract(ST_Difference(s.geom, w.geom, %(grid)s), 3))
FROM (
    SELECT m.kode, ST_Union(b.geom, %(grid)s) AS geom
    FROM (SELECT DISTINCT kode, to_kode FROM _coverage_moves WHERE kind = 'overlap') m
    JOIN _desa_src b ON b.kode = m.to_kode
    GROUP BY m.kode
) w
WHERE s.kode = w.kode;

-- 2. Gaps: a hole of the desa's union smaller than sliver_m2 (what the kabupaten's outline
--    fills) goes to the desa sharing the longest boundary with it (the rule of QGIS's
--    "Eliminate selected polygons"); lengths in the metric CRS, ties to the lower code.
--    The shared boundary is read within 1 cm: the hole's edges are the desa's own, up to
--    floating-point noise.
CREATE TEMP TABLE _gaps ON COMMIT DROP AS
SELECT g.geom, ST_Area(ST_Transform(g.geom, %(metric_srid)s)) AS m2, m.to_kode
FROM (
    SELECT (ST_Dump(ST_Difference(
               websig_fill_slivers(u.geom, %(sliver_m2)s, %(metric_srid)s), u.geom, %(grid)s))).geom AS geom
    FROM (SELECT ST_CollectionExtract(ST_Union(geom, %(grid)s), 3) AS geom FROM _desa_src) u
) g
CROSS JOIN LATERAL (
    -- Each candidate clipped to the hole's surroundings first: buffering a whole desa costs.
    SELECT d.kode AS to_kode
    FROM _desa_src d
    WHERE ST_DWithin(d.geom, g.geom, 1e-7)
    ORDER BY ST_Length(ST_Transform(ST_Intersection(
                 ST_Boundary(g.geom),
                 ST_Buffer(ST_Intersection(d.geom, ST_Expand(g.geom, 1e-6)), 1e-7)), %(metric_srid)s)) DESC,
             d.kode
    LIMIT 1
) m
WHERE ST_Area(ST_Transform(g.geom, %(metric_srid)s)) > 0;

INSERT INTO _coverage_moves (kind, kode, to_kode, m2) SELECT 'gap', NULL, to_kode, m2 FROM _gaps;

UPDATE _desa_src s
SET geom = ST_Multi(ST_CollectionExtract(ST_Union(s.geom, w.geom, %(grid)s), 3))
FROM (SELECT to_kode, ST_Union(geom, %(grid)s) AS geom FROM _gaps GROUP BY to_kode) w
WHERE s.kode = w.to_kode;

