"""Reference lists the upload wizard needs: OPDs with their expected layers, CRS search."""

from django.db import connection
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from akun.models import Opd
from core import openapi

from ..ingest.sources import CRS_CHOICES
from ..models import ExpectedLayer, Theme

CRS_SEARCH_LIMIT = 20


class OpdList(APIView):
    """Every OPD with the layers it is expected to provide, and the themes."""

    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request):
        opds = Opd.objects.prefetch_related(
            Prefetch("expected_layers", queryset=ExpectedLayer.objects.order_by("title"))
        )
        return Response(
            {
                "opd": [
                    {
                        "kode": opd.kode,
                        "singkatan": opd.singkatan,
                        "nama": opd.nama,
                        "expected_layers": [
                            {"kode": e.kode, "title": e.title, "theme": e.theme, "geometry_kind": e.geometry_kind}
                            for e in opd.expected_layers.all()
                        ],
                    }
                    for opd in opds
                ],
                "themes": [{"value": value, "label": str(label)} for value, label in Theme.choices],
            }
        )


class CrsSearch(APIView):
    """Coordinate systems known to PostGIS, by EPSG code or name (``q``); the
    common Indonesian ones first when ``q`` is empty."""

    @extend_schema(
        parameters=[openapi.query("q", {"type": "string", "maxLength": 100, "example": "32748"}, "EPSG code or name")],
        responses={200: openapi.OBJECT},
    )
    def get(self, request):
        q = request.query_params.get("q", "").strip()
        if not q:
            return Response({"results": [{"code": code, "label": label} for code, label in CRS_CHOICES]})
        code = q.upper().removeprefix("EPSG:").strip()
        pattern = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        # Raw SQL: spatial_ref_sys is PostGIS's own table, not a Django model;
        # the name is the first quoted string of the WKT.
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT srid, substring(srtext from '"([^"]+)"') AS name
                FROM spatial_ref_sys
                WHERE auth_name = 'EPSG'
                  AND (srid::text LIKE %s OR substring(srtext from '"([^"]+)"') ILIKE %s)
                ORDER BY (srid::text = %s) DESC, srid
                LIMIT %s
                """,
                [f"{code}%", f"%{pattern}%", code, CRS_SEARCH_LIMIT],
            )
            rows = cursor.fetchall()
        return Response({"results": [{"code": f"EPSG:{srid}", "label": name} for srid, name in rows]})
