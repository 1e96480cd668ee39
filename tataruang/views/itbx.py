"""The ITBX table upload (/itbx/): planners replace the matrix of the peraturan zonasi."""

import tempfile
from pathlib import Path

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi
from core.parsers import MultiPartParser

from ..itbx import load_itbx
from .common import require_planner


class ItbxImport(APIView):
    """Planners upload an ITBX table (CSV or XLSX: kode_kelas, kegiatan, itbx, syarat, sumber); all or nothing."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request=openapi.file_body("itbx.csv"),
        responses={200: dict},
    )
    def post(self, request):
        require_planner(request)
        upload = request.FILES.get("file")
        if upload is None or not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError({"detail": _("Upload the ITBX table as a .csv or .xlsx file.")})
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("itbx.xlsx" if upload.name.lower().endswith(".xlsx") else "itbx.csv")
            with open(path, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            count = load_itbx(path)
        return Response({"cells": count})
