"""QuerySets of the layers app, named after the questions they answer."""

import datetime

from django.apps import apps
from django.contrib.gis.db import models
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.lookups import Exact

from core import geojson
from core.geojson import ItemsQuery, Page
from wilayah.models import Desa

# Decimals of a coordinate in the features API (about 1 cm).
LAYER_PRECISION = 7
# The desa and kecamatan of a feature (aliases d, k), as its page merges them into its attributes.
WILAYAH = geojson.json_object_sql(
    [("_desa", "d.kode"), ("_desa_nama", "d.nama"), ("_kecamatan", "k.kode"), ("_kecamatan_nama", "k.nama")],
    jsonb=True,
)


class LayerQuerySet(models.QuerySet):
    def published(self):
        """Layers with a published version: what anonymous visitors see."""
        return self.filter(published_version__isnull=False)

    def of_opd(self, opd):
        return self.filter(opd=opd)


class FeatureQuerySet(models.QuerySet):
    """Features of layer versions: the filters a map or a provider asks for, and
    their output as GeoJSON written by PostGIS (core.geojson), lon/lat."""

    def of_version(self, version):
        return self.filter(version=version)

    def in_bbox(self, polygon):
        """Features intersecting ``polygon`` (EPSG:4326); uses the GiST index."""
        return self.filter(geom__intersects=polygon)

    def in_kecamatan(self, kode):
        # Through the desa codes, so the (version, desa) index serves this filter too.
        return self.filter(desa__in=Desa.objects.filter(kecamatan__kode=kode).values("id"))

    def in_desa(self, kode):
        return self.filter(desa__kode=kode)

    def with_properties(self, properties):
        """Features whose attributes equal ``properties`` ({name: value}), compared
        as text (what a query string gives); a missing attribute never matches."""
        features = self
        for name, value in properties.items():
            features = features.filter(Exact(KeyTextTransform(name, "attrs"), str(value)))
        return features

    def sql_source(self, version):
        """The relation holding ``version``'s features (a LayerVersion or its id),
        for raw SQL that overlays or groups them: ``FROM {source} f``. It is the
        version's own partition, whose statistics the planner has, and it holds
        no other version's features (no ``version_id`` condition needed)."""
        from .partitions import partition_name  # partitions imports the models, which import this module

        return partition_name(getattr(version, "pk", version))

    def items(self, version, query=None, precision=LAYER_PRECISION):
        """A core.geojson.Page of ``version``'s features passing this queryset's
        filters: ``query.limit`` of them (required) after ``query.offset``, or
        with an id above ``query.after`` (keyset, constant time at any depth);
        ordered by id, in ``query.srid`` (default API_SRID). Nothing is counted."""
        query = query or ItemsQuery()
        features = self if query.after is None else self.filter(id__gt=query.after)
        rows = features.as_geojson_features(version, query.limit + 1, query.offset, precision, srid=query.srid)
        return Page(rows[: query.limit], has_next=len(rows) > query.limit)

    def as_geojson_features(self, version, limit, offset, precision=LAYER_PRECISION, srid=None):
        """(id, GeoJSON Feature as JSON text) of features of one ``version``
        (lon/lat, RFC 7946), built by PostGIS, ordered by id.

        Serialising in SQL (ST_AsGeoJSON, jsonb_build_object) is several times
        faster than GEOS + DRF for large pages; raw SQL wraps the ORM's own
        filtered query so every filter above still applies. The page's ids
        are joined back to the version's own partition, whose statistics the
        planner has (through the parent, which has none, it read and sorted
        every feature of the version: 1.5 s for a page of a million-feature
        layer instead of 0.2 s).
        """
        inner = self.filter(version=version).order_by("id").values("id")[offset : offset + limit]
        inner_sql, params = inner.query.sql_with_params()
        # The ORM reads the parent table; the version's own partition under the
        # parent's name answers the same filters without planning over every
        # partition (4 ms of a 10 ms page of 1,000 features).
        parent = connection.ops.quote_name(self.model._meta.db_table)
        inner_sql = inner_sql.replace(f"FROM {parent}", f"FROM {self.sql_source(version)} {parent}", 1)
        feature, feature_params = geojson.feature_sql(
            "f.geom",
            (f"f.attrs || {WILAYAH[0]}", WILAYAH[1]),
            id="f.id",
            members=[("version", "f.revision")],
            precision=precision,
            srid=srid,
        )
        sql = f"""
            SELECT f.id, {feature}
            FROM ({inner_sql}) page
            JOIN {self.sql_source(version)} f ON f.id = page.id
            LEFT JOIN wilayah_desa d ON d.id = f.desa_id
            LEFT JOIN wilayah_kecamatan k ON k.id = f.kecamatan_id
            ORDER BY f.id
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*feature_params, *params])
            return cursor.fetchall()

    def date_range(self, version, name):
        """(first, last) day (datetime.date) of the date attribute ``name`` over
        every feature of ``version``, dates as the import keeps them (2020-07-01
        or 2020/07/01; a date-time counts by its day); None when none has one.
        Raw SQL on the version's partition: min and max of the day as ISO text,
        which sorts as time, in one pass."""
        sql = f"""
            SELECT min(day), max(day) FROM (
                SELECT replace(left(f.attrs->>%s, 10), '/', '-') AS day FROM {self.sql_source(version)} f
            ) days
            WHERE day ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$'
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [name])
            first, last = cursor.fetchone()
        try:
            return (datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)) if first else None
        except ValueError:  # a day such as 2020-13-45: no range rather than a wrong one
            return None

    def item(self, version, pk, precision=LAYER_PRECISION, srid=None):
        """One feature of ``version`` as the features API writes it (JSON text), None when absent."""
        rows = self.filter(id=pk).as_geojson_features(version, 1, 0, precision, srid=srid)
        return rows[0][1] if rows else None


class FeatureChangeQuerySet(models.QuerySet):
    def of_feature(self, feature_id, feature=None):
        """One feature's recorded changes, newest first.

        An import records one row per upload, without a feature (the version
        says who, when and which file); a feature with no create row of its own
        came with that upload, so its history ends with that row, resolved to
        the state it was uploaded in: the state before its first recorded
        change, else its current state (``feature``, None once deleted).
        """
        changes = list(self.filter(feature_id=feature_id))
        if any(c.action == self.model.Action.CREATE for c in changes):
            return changes
        version_id = feature.version_id if feature is not None else (changes[-1].version_id if changes else None)
        upload = self.filter(feature_id=None, version_id=version_id).uploads().first()
        if upload is None:
            return changes
        upload.feature_id = feature_id
        if changes:
            upload.uploaded_geom, upload.uploaded_attrs = changes[-1].geom_before, changes[-1].attrs_before
        else:
            upload.uploaded_geom, upload.uploaded_attrs = feature.geom, feature.attrs
            upload.desa, upload.kecamatan = feature.desa, feature.kecamatan
        return [*changes, upload]

    def in_kecamatan(self, kode):
        """Changes in the kecamatan: edits there, and an upload's row when any
        feature from its file lies there (features drawn later have fid -1)."""
        feature = apps.get_model("layers", "Feature")
        features = feature.objects.filter(version=OuterRef("version_id"), fid__gte=0).in_kecamatan(kode)
        return self.filter(Q(kecamatan__kode=kode) | (Q(feature_id__isnull=True) & Exists(features)))

    def uploads(self):
        return self.filter(action=self.model.Action.CREATE, source=self.model.Source.UPLOAD, geom_after__isnull=True)
