-- Every imported feature enters the history as created by the upload, so its
-- first state can always be shown and reverted to.
INSERT INTO layers_featurechange
    (layer_id, version_id, feature_id, action, source, user_id, created_at, revision_after,
     geom_after, attrs_after, kecamatan_id, desa_id, note)
SELECT v.layer_id, f.version_id, f.id, 'create', 'upload', %(user)s, now(), f.revision,
       f.geom, f.attrs, f.kecamatan_id, f.desa_id, %(note)s
FROM layers_feature f JOIN layers_layerversion v ON v.id = f.version_id
WHERE f.version_id = %(version)s;
