-- Every imported feature enters the history as created by the upload. The row
-- stays narrow (no copy of geometry and attributes): the uploaded state is the
-- feature's state before its next recorded change, or its current state
-- (FeatureChangeQuerySet.with_states resolves it).
INSERT INTO layers_featurechange
    (layer_id, version_id, feature_id, action, source, user_id, created_at, revision_after,
     kecamatan_id, desa_id, note)
SELECT v.layer_id, f.version_id, f.id, 'create', 'upload', %(user)s, now(), 1,
       f.kecamatan_id, f.desa_id, %(note)s
FROM layers_feature f JOIN layers_layerversion v ON v.id = f.version_id
WHERE f.version_id = %(version)s;
