INSERT INTO layers_feature (version_id, fid, geom, attrs, desa_id, kecamatan_id)
SELECT %(version)s, i.fid, i.geom, i.attrs, a.desa_id, a.kecamatan_id
FROM _import i LEFT JOIN _assign a ON a.fid = i.fid
WHERE NOT i.outside
ORDER BY i.fid;
