"""Questions asked of plan zones, named after what they answer."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import Area, Transform
from django.db.models import Count, Sum


class PlanZoneQuerySet(models.QuerySet):
    def in_swp(self, swp):
        """Zones of one Sub Wilayah Perencanaan (the value of the plan's SWP column)."""
        return self.filter(swp=swp)

    def hierarchy(self):
        """One row per (wp, swp, blok): {wp, swp, blok, zones, luas_ha}, ordered by
        WP, SWP and blok; areas in hectares, measured in settings.METRIC_SRID."""
        rows = (
            self.values("wp", "swp", "blok")
            .annotate(zones=Count("id"), area=Sum(Area(Transform("geom", settings.METRIC_SRID))))
            .order_by("wp", "swp", "blok")
        )
        return [
            {
                "wp": row["wp"],
                "swp": row["swp"],
                "blok": row["blok"],
                "zones": row["zones"],
                "luas_ha": row["area"].sq_m / 10_000,
            }
            for row in rows
        ]
