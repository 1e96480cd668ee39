"""Questions asked of plans and plan zones, named after what they answer."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import Area, Transform
from django.db.models import Case, Count, Sum, Value, When


class PlanQuerySet(models.QuerySet):
    def for_indicator(self):
        """Active plans, the one the indicator ("sesuai RTRW") is computed
        against first: an RTRW before an RDTR, the latest activated first."""
        rtrw_first = Case(When(jenis=self.model.Jenis.RTRW, then=Value(0)), default=Value(1))
        return self.filter(status=self.model.Status.ACTIVE).order_by(rtrw_first, "-activated_at")

    def active_rtrw(self):
        """The active RTRW; None without one."""
        return self.for_indicator().filter(jenis=self.model.Jenis.RTRW).first()


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
