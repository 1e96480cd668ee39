"""The peta jalan JSON API under /api/peta-jalan/."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound

from core import openapi

from .models import Dimensi, Program
from .params import PROGRAM_PATTERN, parse_program_filters
from .serializers import ProgramSerializer

DIMENSI = openapi.query(
    "dimensi", {"type": "string", "enum": Dimensi.values, "example": "living"}, "Smart city dimension"
)
STRATEGI = openapi.query(
    "strategi", {"type": "string", "pattern": r"^(G|B|Ec|L|S|En)\.\d{1,2}$", "example": "L.1"}, "Strategy code"
)
OPD = openapi.query(
    "opd", {"type": "string", "pattern": r"^[-a-z0-9_]+$", "maxLength": 30, "example": "dtrb"}, "OPD code"
)
Q = openapi.query("q", {"type": "string", "maxLength": 100, "example": "WebSIG"}, "Text in the programme or indicator")
PROGRAM_KODE = openapi.path(
    "kode", {"type": "string", "pattern": r"^(G|B|Ec|L|S|En)-\d{1,2}$", "example": "L-5"}, "Programme code"
)


@extend_schema(parameters=[DIMENSI, STRATEGI, OPD, Q])
class ProgramList(generics.ListAPIView):
    """The 134 programmes of the peta jalan (BAB V), with indicators and targets."""

    serializer_class = ProgramSerializer

    def get_queryset(self):
        filters = parse_program_filters(self.request.query_params)
        return Program.objects.filtered(**filters).for_api().order_by("urutan")


@extend_schema(parameters=[PROGRAM_KODE])
class ProgramDetail(generics.RetrieveAPIView):
    """One programme by its code (``L-5``: Smart Living no. 5)."""

    serializer_class = ProgramSerializer

    def get_object(self):
        kode = self.kwargs["kode"]
        program = None
        if PROGRAM_PATTERN.match(kode):
            program = Program.objects.for_api().filter(kode=kode).first()
        if program is None:
            raise NotFound(_("Programme '%(kode)s' not found in the roadmap.") % {"kode": kode[:20]})
        return program
