"""Areas in the metric CRS (settings.METRIC_SRID, UTM 48S = EPSG:32748), once.

Every area users see is measured here: in the ORM with ``MetricArea``, in raw
SQL with ``area_m2_sql`` / ``area_ha_sql``. Never in
degrees, never through a metres-to-degrees factor.
"""

from django.conf import settings
from django.contrib.gis.db.models.functions import GeoFunc
from django.db.models import FloatField

M2_PER_HA = 10000.0


def area_m2_sql(expression):
    """SQL for the area of ``expression`` (a geometry in any SRID) in m2, measured in METRIC_SRID."""
    return f"ST_Area(ST_Transform({expression}, {int(settings.METRIC_SRID)}))"


def area_ha_sql(expression):
    """SQL for the area of ``expression`` in hectares, measured in METRIC_SRID."""
    return f"({area_m2_sql(expression)} / {M2_PER_HA})"


class MetricArea(GeoFunc):
    """Area of a geometry in m2 (float), measured in settings.METRIC_SRID (EPSG:32748)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return area_m2_sql(sql), params
