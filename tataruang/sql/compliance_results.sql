-- Per desa and plan class; parcel area outside every zone is "tidak dinilai"
-- under plan class '-'. Totals over all classes carry plan_class ''.
CREATE TEMP TABLE _by_desa ON COMMIT DROP AS
SELECT desa_id, kecamatan_id, plan_class,
       sum(area_m2) FILTER (WHERE outcome = 'sesuai') / 10000.0 AS sesuai,
       sum(area_m2) FILTER (WHERE outcome = 'belum_terwujud') / 10000.0 AS belum,
       sum(area_m2) FILTER (WHERE outcome = 'tidak_sesuai') / 10000.0 AS tidak,
       sum(area_m2) FILTER (WHERE outcome = 'tidak_dinilai') / 10000.0 AS dinilai_tidak
FROM _overlay GROUP BY desa_id, kecamatan_id, plan_class
UNION ALL
SELECT p.desa_id, p.kecamatan_id, '-' AS plan_class, 0, 0, 0,
       greatest(sum(p.area_m2) - COALESCE(sum(o.zoned), 0), 0) / 10000.0
FROM _parcel p
LEFT JOIN (SELECT piece_id, sum(area_m2) AS zoned FROM _overlay GROUP BY piece_id) o ON o.piece_id = p.piece_id
GROUP BY p.desa_id, p.kecamatan_id;

INSERT INTO tataruang_complianceresult
    (run_id, level, kode, plan_class, sesuai_ha, belum_terwujud_ha, tidak_sesuai_ha, tidak_dinilai_ha, persen)
SELECT %(run)s, level, kode, cls, s, b, t, n,
       CASE WHEN s + b + t > 0 THEN 100.0 * s / (s + b + t) END
FROM (
    SELECT 'desa' AS level, d.kode, CASE WHEN GROUPING(g.plan_class) = 1 THEN '' ELSE g.plan_class END AS cls,
           COALESCE(sum(g.sesuai), 0) s, COALESCE(sum(g.belum), 0) b, COALESCE(sum(g.tidak), 0) t,
           COALESCE(sum(g.dinilai_tidak), 0) n
    FROM _by_desa g JOIN wilayah_desa d ON d.id = g.desa_id
    GROUP BY GROUPING SETS ((d.kode, g.plan_class), (d.kode))
    UNION ALL
    SELECT 'kecamatan', k.kode, CASE WHEN GROUPING(g.plan_class) = 1 THEN '' ELSE g.plan_class END,
           COALESCE(sum(g.sesuai), 0), COALESCE(sum(g.belum), 0), COALESCE(sum(g.tidak), 0),
           COALESCE(sum(g.dinilai_tidak), 0)
    FROM _by_desa g JOIN wilayah_kecamatan k ON k.id = g.kecamatan_id
    GROUP BY GROUPING SETS ((k.kode, g.plan_class), (k.kode))
    UNION ALL
    SELECT 'kabupaten', '36.03', CASE WHEN GROUPING(g.plan_class) = 1 THEN '' ELSE g.plan_class END,
           COALESCE(sum(g.sesuai), 0), COALESCE(sum(g.belum), 0), COALESCE(sum(g.tidak), 0),
           COALESCE(sum(g.dinilai_tidak), 0)
    FROM _by_desa g
    GROUP BY GROUPING SETS ((g.plan_class), ())
) r;

-- The worklist: "tidak sesuai" pieces, largest first.
INSERT INTO tataruang_complianceissue (run_id, land_use_class, plan_class, desa_id, kecamatan_id, luas_ha, geom)
SELECT %(run)s, land_use_class, plan_class, desa_id, kecamatan_id, area_m2 / 10000.0, ST_Multi(geom)
FROM _overlay WHERE outcome = 'tidak_sesuai' AND area_m2 > 0;
