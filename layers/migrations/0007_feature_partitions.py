"""layers_feature becomes a table partitioned by version (LIST on version_id):
an import loads its version's partition without indexes, builds them once and
attaches it; deleting a version drops its partition. The primary key becomes
(id, version_id), as PostgreSQL asks of a partitioned table, and serves every
"features of a version by id" lookup, so feature_version_id goes. PostgreSQL 15
has no identity columns on partitioned tables: the id takes its default from a
sequence owned by the column."""

from django.db import migrations

FORWARD = """
ALTER TABLE layers_feature RENAME TO layers_feature_unpartitioned;
ALTER TABLE layers_feature_unpartitioned RENAME CONSTRAINT layers_feature_pkey TO layers_feature_unpartitioned_pkey;
ALTER INDEX feature_version_desa RENAME TO feature_unpartitioned_version_desa;
ALTER INDEX feature_version_id RENAME TO feature_unpartitioned_version_id;
ALTER INDEX layers_feature_geom_144a77d7_id RENAME TO layers_feature_unpartitioned_geom;
ALTER SEQUENCE layers_feature_id_seq RENAME TO layers_feature_unpartitioned_id_seq;

CREATE SEQUENCE layers_feature_id_seq;
SELECT setval('layers_feature_id_seq', GREATEST(
    (SELECT last_value FROM layers_feature_unpartitioned_id_seq),
    (SELECT max(feature_id) FROM layers_featurechange),
    1));
CREATE TABLE layers_feature (
    id bigint NOT NULL DEFAULT nextval('layers_feature_id_seq'),
    fid bigint NOT NULL,
    geom geometry(Geometry, 4326) NOT NULL,
    attrs jsonb NOT NULL,
    desa_id bigint,
    kecamatan_id bigint,
    version_id bigint NOT NULL,
    revision integer NOT NULL DEFAULT 1 CONSTRAINT layers_feature_revision_check CHECK (revision >= 0)
) PARTITION BY LIST (version_id);
ALTER SEQUENCE layers_feature_id_seq OWNED BY layers_feature.id;
ALTER TABLE layers_feature ADD CONSTRAINT layers_feature_pkey PRIMARY KEY (id, version_id);
CREATE INDEX feature_version_desa ON layers_feature (version_id, desa_id);
CREATE INDEX layers_feature_geom_144a77d7_id ON layers_feature USING gist (geom);

DO $$
DECLARE v bigint;
BEGIN
    FOR v IN SELECT id FROM layers_layerversion LOOP
        EXECUTE format('CREATE TABLE layers_feature_v%s PARTITION OF layers_feature FOR VALUES IN (%s)', v, v);
    END LOOP;
END $$;
INSERT INTO layers_feature (id, fid, geom, attrs, desa_id, kecamatan_id, version_id, revision)
SELECT id, fid, geom, attrs, desa_id, kecamatan_id, version_id, revision
FROM layers_feature_unpartitioned WHERE version_id IN (SELECT id FROM layers_layerversion);
DROP TABLE layers_feature_unpartitioned;
"""


class Migration(migrations.Migration):
    atomic = True

    dependencies = [
        ("layers", "0006_upload_history_per_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD)],
            state_operations=[migrations.RemoveIndex(model_name="feature", name="feature_version_id")],
        ),
    ]
