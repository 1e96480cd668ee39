"""Feature storage partitioned by layer version.

layers_feature is partitioned by LIST (version_id), one partition per version
(migration 0007). An import fills a new table without indexes (COPY FREEZE),
builds its three indexes once, gathers its statistics and attaches it, which
costs the database about half of what keeping the indexes up to date row by
row costs; a version created any other way gets an empty partition at once.
Deleting a version drops its partition instead of deleting its rows one by one.
"""

from contextlib import contextmanager

from django.db import connection
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from .models import LayerVersion

PARENT = "layers_feature"


def partition_name(version_id):
    return f"{PARENT}_v{int(version_id)}"


def create_partition(version_id):
    """An empty partition for the version (indexes come from the parent)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {partition_name(version_id)} PARTITION OF {PARENT} "
            f"FOR VALUES IN ({int(version_id)})"
        )


@contextmanager
def loading_partition(version_id):
    """A new, unindexed table for the version's features, created in the
    caller's transaction (so COPY ... FREEZE may fill it); on leaving the block
    its indexes are built and it is attached to layers_feature."""
    name, version_id = partition_name(version_id), int(version_id)
    with connection.cursor() as cursor:
        # A table left by a deleted version of the same id (after a TRUNCATE).
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(
            f"CREATE TABLE {name} (LIKE {PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
            f"CONSTRAINT {name}_version CHECK (version_id = {version_id}))"
        )
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX {name}_geom ON {name} USING gist (geom)")
        cursor.execute(f"ALTER TABLE {name} ADD CONSTRAINT {name}_pkey PRIMARY KEY (id, version_id)")
        cursor.execute(f"CREATE INDEX {name}_version_desa ON {name} (version_id, desa_id)")
        # Statistics at once: without them the planner guesses that a map
        # view's bbox matches a handful of rows and sorts a million to show
        # the first 5,000 (1.5 s instead of 30 ms), and autovacuum may not
        # come for minutes. A sample of 3,000 rows (target 10) tells it enough
        # and costs 25 ms; the default (30,000 rows) costs 0.2 s per import.
        cursor.execute("SET LOCAL default_statistics_target = 10")
        cursor.execute(f"ANALYZE {name}")
        cursor.execute("RESET default_statistics_target")
        # The CHECK constraint spares ATTACH a scan of the rows; the indexes
        # above become the partitions of the parent's indexes.
        cursor.execute(f"ALTER TABLE {PARENT} ATTACH PARTITION {name} FOR VALUES IN ({version_id})")


@receiver(post_save, sender=LayerVersion)
def _partition_for_new_version(sender, instance, created, raw=False, **kwargs):
    if created and not getattr(instance, "loads_own_partition", False):
        create_partition(instance.pk)


@receiver(pre_delete, sender=LayerVersion)
def _drop_partition(sender, instance, **kwargs):
    """Before Django deletes the version's features: dropping the table is
    instant, deleting a million rows is not (and rolls back with the rest)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {partition_name(instance.pk)}")
