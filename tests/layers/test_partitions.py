"""Feature storage: one partition of layers_feature per layer version."""

import pytest
from django.db import connection

from layers.models import Feature, Layer
from tests.factories.layers import empty_layer, version_without_import

from . import files


def partitions():
    """{partition: sorted index definitions} of layers_feature."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, array_agg(regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', '')) "
            "FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid "
            "LEFT JOIN pg_index i ON i.indrelid = c.oid "
            "WHERE h.inhparent = 'layers_feature'::regclass GROUP BY c.relname"
        )
        return {name: sorted(indexes) for name, indexes in cursor.fetchall()}


def test_an_import_attaches_its_own_indexed_partition(upload):
    data = files.feature_collection([files.point_feature(lon, lat, nama=n) for lon, lat, _k, n in files.KNOWN_POINTS])
    version = upload("faskes.geojson", data).layer_version
    name = f"layers_feature_v{version.pk}"
    assert partitions()[name] == ["btree (id, version_id)", "btree (version_id, desa_id)", "gist (geom)"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {name}")
        assert cursor.fetchone()[0] == 4
        # The parent's indexes have the partition's as their parts.
        cursor.execute(
            "SELECT count(*) FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid "
            "WHERE c.relname LIKE %s AND c.relkind = 'i'",
            [name + "%"],
        )
        assert cursor.fetchone()[0] == 3
        # Its statistics were gathered by the import (a small sample: target 10).
        cursor.execute(
            "SELECT attname, n_distinct, array_length(histogram_bounds, 1) FROM pg_stats "
            "WHERE tablename = %s AND attname IN ('id', 'desa_id', 'geom') ORDER BY attname",
            [name],
        )
        stats = cursor.fetchall()
    # 4 points in 4 desa: every id and desa distinct (n_distinct -1 = all rows differ).
    assert [(attname, n_distinct) for attname, n_distinct, _h in stats] == [("desa_id", -1), ("geom", -1), ("id", -1)]
    assert stats[2][2] == 4  # the four ids as histogram bounds
    # Lookups by id alone still find the feature, through the partition's key.
    feature = version.features.order_by("fid").first()
    assert Feature.objects.get(pk=feature.pk).attrs["nama"] == files.KNOWN_POINTS[0][3]


def test_a_new_version_of_a_layer_gets_a_new_partition_and_the_old_stays(upload):
    lon, lat = files.BALARAJA[:2]
    first = upload("a.geojson", files.feature_collection([files.point_feature(lon, lat, nama="satu")])).layer_version
    data = files.feature_collection(
        [files.point_feature(lon, lat, nama="dua"), files.point_feature(lon, lat, nama="tiga")]
    )
    second = upload("b.geojson", data, layer=first.layer).layer_version
    assert second.layer_id == first.layer_id and second.number == 2
    assert {f"layers_feature_v{first.pk}", f"layers_feature_v{second.pk}"} <= set(partitions())
    assert list(first.features.values_list("attrs__nama", flat=True)) == ["satu"]
    assert sorted(second.features.values_list("attrs__nama", flat=True)) == ["dua", "tiga"]


def test_deleting_a_layer_drops_its_partitions(upload):
    lon, lat = files.BALARAJA[:2]
    version = upload("a.geojson", files.feature_collection([files.point_feature(lon, lat)])).layer_version
    assert f"layers_feature_v{version.pk}" in partitions()
    Layer.objects.filter(pk=version.layer_id).delete()
    assert f"layers_feature_v{version.pk}" not in partitions()
    assert not Feature.objects.exists()


@pytest.mark.django_db
def test_a_version_made_outside_an_import_gets_an_empty_partition(opd):
    layer = empty_layer(opd["dinkes"], "kosong", "Kosong", theme="sosial")
    version = version_without_import(layer, 1, source_filename="-", source_format="-")
    assert partitions()[f"layers_feature_v{version.pk}"] == [
        "btree (id, version_id)",
        "btree (version_id, desa_id)",
        "gist (geom)",
    ]
