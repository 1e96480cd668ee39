"""An import records one history row for the whole upload (feature_id NULL)
instead of one narrow row per feature; each feature's history resolves it."""

from django.db import migrations, models

PER_VERSION = """
INSERT INTO layers_featurechange
    (layer_id, version_id, feature_id, action, source, user_id, created_at, revision_after, note)
SELECT DISTINCT ON (version_id) layer_id, version_id, NULL, 'create', 'upload', user_id, created_at, 1, note
FROM layers_featurechange
WHERE action = 'create' AND source = 'upload' AND geom_after IS NULL AND feature_id IS NOT NULL
ORDER BY version_id, id;
DELETE FROM layers_featurechange
WHERE action = 'create' AND source = 'upload' AND geom_after IS NULL AND feature_id IS NOT NULL;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0005_bulk_without_fk_constraints"),
    ]

    operations = [
        migrations.AlterField(
            model_name="featurechange",
            name="feature_id",
            field=models.BigIntegerField(db_index=True, null=True),
        ),
        migrations.RunSQL(PER_VERSION, migrations.RunSQL.noop),
    ]
