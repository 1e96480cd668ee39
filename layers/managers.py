"""QuerySets of the layers app, named after the questions they answer."""

import json

from django.apps import apps
from django.contrib.gis.db import models
from django.db import connection
from django.db.models import Case, OuterRef, Subquery, When
from django.db.models.functions import Coalesce

from wilayah.models import Desa


class LayerQuerySet(models.QuerySet):
    def published(self):
        """Layers with a published version: what anonymous visitors see."""
        return self.filter(published_version__isnull=False)

    def of_opd(self, opd):
        return self.filter(opd=opd)


class FeatureQuerySet(models.QuerySet):
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

    def as_geojson_features(self, limit, offset, precision=7):
        """GeoJSON Feature dicts (lon/lat, RFC 7946) built by PostGIS, ordered by id.

        Serialising in SQL (ST_AsGeoJSON, jsonb_build_object) is several times
        faster than GEOS + DRF for large pages; raw SQL wraps the ORM's own
        filtered query so every filter above still applies.
        """
        inner = self.order_by("id").values("id")[offset : offset + limit]
        inner_sql, params = inner.query.sql_with_params()
        sql = f"""
            SELECT jsonb_build_object(
                'type', 'Feature',
                'id', f.id,
                'version', f.revision,
                'geometry', ST_AsGeoJSON(f.geom, %s)::jsonb,
                'properties', f.attrs || jsonb_build_object(
                    '_desa', d.kode, '_desa_nama', d.nama, '_kecamatan', k.kode, '_kecamatan_nama', k.nama)
            )::text
            FROM ({inner_sql}) page
            JOIN layers_feature f ON f.id = page.id
            LEFT JOIN wilayah_desa d ON d.id = f.desa_id
            LEFT JOIN wilayah_kecamatan k ON k.id = f.kecamatan_id
            ORDER BY f.id
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [precision, *params])
            return [json.loads(row[0]) for row in cursor.fetchall()]


class FeatureChangeQuerySet(models.QuerySet):
    def with_states(self):
        """Annotate ``uploaded_geom`` and ``uploaded_attrs`` on the narrow rows an
        import writes (created by an upload, no copy of the state): the state
        before the feature's next recorded change, else its current state."""
        later = self.model.objects.filter(feature_id=OuterRef("feature_id"), id__gt=OuterRef("id")).order_by("id")
        current = apps.get_model("layers", "Feature").objects.filter(pk=OuterRef("feature_id"))

        def uploaded(before, now, field):
            return Case(
                When(
                    geom_after__isnull=True,
                    action="create",
                    then=Coalesce(Subquery(later.values(before)[:1]), Subquery(current.values(now)[:1])),
                ),
                output_field=field,
            )

        return self.annotate(
            uploaded_geom=uploaded("geom_before", "geom", models.GeometryField(srid=4326)),
            uploaded_attrs=uploaded("attrs_before", "attrs", models.JSONField()),
        )
