"""Questions asked of plans and plan zones, named after what they answer."""

from django.contrib.gis.db import models
from django.db import connection
from django.db.models import Case, Count, Sum, Value, When

from core.functions import M2_PER_HA, MetricArea, area_m2_sql


class PlanQuerySet(models.QuerySet):
    def for_indicator(self):
        """Active plans, the one the indicator ("sesuai RTRW") is computed
        against first: an RTRW before an RDTR, the latest activated first."""
        rtrw_first = Case(When(jenis=self.model.Jenis.RTRW, then=Value(0)), default=Value(1))
        return self.filter(status=self.model.Status.ACTIVE).order_by(rtrw_first, "-activated_at")

    def active_rtrw(self):
        """The active RTRW; None without one."""
        return self.for_indicator().filter(jenis=self.model.Jenis.RTRW).first()


class PlanClassQuerySet(models.QuerySet):
    """Which standard class a plan's code means.

    A code may exist as a pola ruang class (RTRW) and as an RDTR zone of the
    same scheme (e.g. "PK"); the plan's jenis decides which one it means."""

    def kinds_for(self, plan):
        """The PlanClass kinds in the order ``plan`` prefers them: pola ruang
        first for an RTRW, zones first for an RDTR (a list of kind values)."""
        preferred = self.model.Kind.POLA_RUANG if plan.jenis == type(plan).Jenis.RTRW else self.model.Kind.ZONA
        return sorted(self.model.Kind.values, key=lambda kind: kind != preferred)

    def for_plan(self, plan):
        """{kode: PlanClass} of the plan's scheme, one class per code, ordered
        by code: of a code that both kinds have, the kind the plan prefers
        (kinds_for) wins."""
        preferred = self.kinds_for(plan)[0]
        chosen = {}
        for cls in self.filter(scheme=plan.scheme).order_by("kode", "kind"):
            if cls.kode not in chosen or cls.kind == preferred:
                chosen[cls.kode] = cls
        return chosen

    def names_for(self, plan):
        """{kode: {nama, warna}} of the classes the plan's codes mean (for_plan):
        the names and colours of its maps, legends and tables."""
        return {kode: {"nama": cls.nama, "warna": cls.warna} for kode, cls in self.for_plan(plan).items()}


class PlanZoneQuerySet(models.QuerySet):
    def class_areas_in(self, plan, desa_ids):
        """{plan_class_id: m2} of the zones of ``plan`` inside the desa ``desa_ids``
        (a desa, the desa of a kecamatan or of the kabupaten), measured in
        settings.METRIC_SRID. Cut by the subdivided desa pieces (wilayah.DesaPiece):
        small pieces keep the intersections cheap, and a zone piece counts once
        because the pieces do not overlap."""
        piece = "CASE WHEN ST_Covers(p.geom, z.geom) THEN z.geom ELSE ST_Intersection(z.geom, p.geom) END"
        # Raw SQL: an intersection with the pieces, grouped by class, has no ORM spelling.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT z.plan_class_id, sum({area_m2_sql(piece)})
                FROM wilayah_desapiece p
                JOIN tataruang_planzone z ON z.plan_id = %s AND z.geom && p.geom AND ST_Intersects(z.geom, p.geom)
                WHERE p.desa_id = ANY(%s)
                GROUP BY 1
                """,
                [plan.pk, list(desa_ids)],
            )
            return dict(cursor.fetchall())

    def legend(self):
        """The classes the zones are drawn in, one entry per class code:
        [{kode, nama, warna}] ordered by code (the legend of a plan map)."""
        rows = self.values_list("plan_class__kode", "plan_class__nama", "plan_class__warna").distinct()
        return [{"kode": k, "nama": n, "warna": w} for k, n, w in sorted(set(rows))]

    def in_swp(self, swp):
        """Zones of one Sub Wilayah Perencanaan (the value of the plan's SWP column)."""
        return self.filter(swp=swp)

    def hierarchy(self):
        """One row per (wp, swp, blok): {wp, swp, blok, zones, luas_ha}, ordered by
        WP, SWP and blok; areas in hectares, measured in settings.METRIC_SRID."""
        rows = (
            self.values("wp", "swp", "blok")
            .annotate(zones=Count("id"), area_m2=Sum(MetricArea("geom")))
            .order_by("wp", "swp", "blok")
        )
        return [
            {
                "wp": row["wp"],
                "swp": row["swp"],
                "blok": row["blok"],
                "zones": row["zones"],
                "luas_ha": row["area_m2"] / M2_PER_HA,
            }
            for row in rows
        ]
