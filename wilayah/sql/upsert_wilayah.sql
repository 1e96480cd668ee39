-- Dissolve desa into kecamatan and kabupaten and upsert all three levels by
-- Kemendagri code. The kabupaten's sliver holes (< sliver_m2) were given to desa before (make_coverage.sql). Areas are measured in the metric CRS (UTM 48S), in hectares.
INSERT INTO wilayah_kabupaten (kode, nama, luas_resmi_km2, geom, luas_ukur_ha)
SELECT %(kab_kode)s, %(kab_nama)s, %(kab_luas_resmi)s, d.geom,
       ST_Area(ST_Transform(d.geom, %(metric_srid)s)) / 10000.0
FROM (SELECT websig_fill_slivers(ST_CollectionExtract(ST_Union(geom), 3), %(sliver_m2)s, %(metric_srid)s) AS geom
      FROM _desa_src) d
ON CONFLICT (kode) DO UPDATE
SET nama = EXCLUDED.nama, luas_resmi_km2 = EXCLUDED.luas_resmi_km2,
    geom = EXCLUDED.geom, luas_ukur_ha = EXCLUDED.luas_ukur_ha;

INSERT INTO wilayah_kecamatan (kode, nama, luas_resmi_km2, kabupaten_id, geom, luas_ukur_ha)
SELECT k.kode, k.nama, k.luas_resmi_km2, kab.id, d.geom,
       ST_Area(ST_Transform(d.geom, %(metric_srid)s)) / 10000.0
FROM _kecamatan_src k
JOIN (
    -- The desa are a coverage (make_coverage.sql): a hole left in a kecamatan is a desa of
    -- another kecamatan, kept; only rings of floating-point noise (noise_m2) are dropped.
    SELECT kode_kecamatan,
           websig_fill_slivers(ST_CollectionExtract(ST_Union(geom), 3), %(noise_m2)s, %(metric_srid)s) AS geom
    FROM _desa_src GROUP BY kode_kecamatan
) d ON d.kode_kecamatan = k.kode
JOIN wilayah_kabupaten kab ON kab.kode = %(kab_kode)s
ON CONFLICT (kode) DO UPDATE
SET nama = EXCLUDED.nama, luas_resmi_km2 = EXCLUDED.luas_resmi_km2,
    kabupaten_id = EXCLUDED.kabupaten_id, geom = EXCLUDED.geom,
    luas_ukur_ha = EXCLUDED.luas_ukur_ha;

INSERT INTO wilayah_desa (kode, nama, jenis, kecamatan_id, geom, luas_ukur_ha)
SELECT s.kode, s.nama, s.jenis, k.id, s.geom,
       ST_Area(ST_Transform(s.geom, %(metric_srid)s)) / 10000.0
FROM _desa_src s JOIN wilayah_kecamatan k ON k.kode = s.kode_kecamatan
ON CONFLICT (kode) DO UPDATE
SET nama = EXCLUDED.nama, jenis = EXCLUDED.jenis, kecamatan_id = EXCLUDED.kecamatan_id,
    geom = EXCLUDED.geom, luas_ukur_ha = EXCLUDED.luas_ukur_ha;
