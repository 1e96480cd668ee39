"""Programme locations over the API (session with CSRF, or token): attach, change,
remove, documents; progress and overlay lists. Reads of the locations as features
go through the OGC collection ``peta-jalan`` (/ogc/collections/peta-jalan/items)."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi
from core.params import INT_MAX, parse_int, require_int
from core.parsers import FormParser, MultiPartParser

from . import lokasi as service
from . import overlays, progress
from .models import DokumenLokasi, LokasiProgram, LokasiRiwayat

LOKASI_WRITE = {
    "type": "object",
    "required": ["program", "tahun", "nama", "geometry"],
    "properties": {
        "program": {"type": "string", "pattern": r"^(G|B|Ec|L|S|En)-\d{1,2}$", "example": "L-5"},
        "indikator": {"type": "integer", "minimum": 1, "example": 1, "description": "Indicator number (urutan)"},
        "tahun": {"type": "integer", "minimum": 2024, "maximum": 2030, "example": 2025},
        "nama": {"type": "string", "maxLength": 200, "example": "Integrasi layer Dinkes"},
        "geometry": openapi.GEOMETRY,
        "nilai_realisasi": {"type": "number", "minimum": 0, "example": 76},
        "status": {"type": "string", "enum": list(LokasiProgram.Status.values), "example": "berjalan"},
        "anggaran": {"type": "number", "minimum": 0, "example": 150000000},
        "sumber_dana": {"type": "string", "maxLength": 40, "example": "APBD"},
        "opd": {"type": "string", "maxLength": 30, "example": "dtrb", "description": "DTRB only: the OPD"},
        "kegiatan": {"type": "string", "maxLength": 50, "example": "", "description": "Activity code (KKPR check)"},
    },
    "example": {
        "program": "L-5",
        "tahun": 2025,
        "nama": "Integrasi layer Dinkes",
        "geometry": openapi.GEOMETRY["example"],
        "nilai_realisasi": 76,
        "status": "berjalan",
        "anggaran": 150000000,
        "sumber_dana": "APBD",
    },
}
LOKASI_CHANGE = {
    **{k: v for k, v in LOKASI_WRITE.items() if k != "required"},
    "example": {"status": "selesai", "nilai_realisasi": 81},
}
LOKASI_ID = openapi.path("id", {"type": "integer", "minimum": 1, "example": 1}, "Location id")
DOKUMEN_ID = openapi.path("dokumen_id", {"type": "integer", "minimum": 1, "example": 1}, "Document id")
TAHUN = openapi.query("tahun", {"type": "integer", "minimum": 2025, "maximum": 2026, "example": 2025}, "Target year")


def _require_login(request):
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Log in or use an API token to change programme locations."))


def _id(kwargs, name="id"):
    return require_int(kwargs[name], name, 1, INT_MAX)


class LokasiCreate(APIView):
    @extend_schema(request=openapi.json_body(LOKASI_WRITE), responses={201: openapi.FEATURE})
    def post(self, request):
        """Attach a location (GeoJSON geometry, lon/lat) to a programme of your OPD."""
        _require_login(request)
        lokasi = service.create_lokasi(request.user, request.data)
        return Response(service.snapshot(lokasi), status=status.HTTP_201_CREATED)


class LokasiUpload(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "required": ["berkas", "program", "tahun"],
                "properties": {
                    "berkas": {"type": "string", "format": "binary", "description": "GeoJSON file (lon/lat)"},
                    **{k: v for k, v in LOKASI_WRITE["properties"].items() if k != "geometry"},
                },
                "example": {"berkas": "lokasi.geojson", "program": "L-5", "tahun": 2025, "nama": "Lokasi"},
            }
        },
        responses={201: openapi.OBJECT},
    )
    def post(self, request):
        """Attach one location per feature of an uploaded GeoJSON file (all or none)."""
        _require_login(request)
        data = {k: request.data.get(k) for k in LOKASI_WRITE["properties"] if k in request.data}
        made = service.create_from_file(request.user, data, request.FILES.get("berkas"))
        return Response(
            {"type": "FeatureCollection", "features": [service.snapshot(lokasi) for lokasi in made]},
            status=status.HTTP_201_CREATED,
        )


class LokasiDetail(APIView):
    @extend_schema(parameters=[LOKASI_ID], responses={200: openapi.FEATURE})
    def get(self, request, id):
        lokasi = (
            LokasiProgram.objects.select_related("program", "opd", "indikator", "desa", "kecamatan")
            .filter(pk=_id({"id": id}))
            .first()
        )
        if lokasi is None:
            raise NotFound(_("Location %(id)s not found.") % {"id": id})
        return Response(service.snapshot(lokasi))

    @extend_schema(parameters=[LOKASI_ID], request=openapi.json_body(LOKASI_CHANGE), responses={200: openapi.FEATURE})
    def patch(self, request, id):
        _require_login(request)
        lokasi = service.update_lokasi(request.user, service.editable(request.user, _id({"id": id})), request.data)
        return Response(service.snapshot(lokasi))

    @extend_schema(parameters=[LOKASI_ID], responses={204: None})
    def delete(self, request, id):
        _require_login(request)
        service.delete_lokasi(request.user, service.editable(request.user, _id({"id": id})))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DokumenCreate(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        parameters=[LOKASI_ID],
        request=openapi.file_body("foto.jpg", field="berkas"),
        responses={201: openapi.OBJECT},
    )
    def post(self, request, id):
        """Attach a photo (JPEG, PNG) or a PDF (multipart ``berkas``)."""
        _require_login(request)
        lokasi = service.editable(request.user, _id({"id": id}))
        dokumen = service.add_dokumen(request.user, lokasi, request.FILES.get("berkas"))
        return Response(
            {
                "id": dokumen.pk,
                "nama_file": dokumen.nama_file,
                "content_type": dokumen.content_type,
                "ukuran": dokumen.ukuran,
            },
            status=status.HTTP_201_CREATED,
        )


class DokumenDownload(APIView):
    @extend_schema(parameters=[LOKASI_ID, DOKUMEN_ID], responses={(200, "application/octet-stream"): openapi.OBJECT})
    def get(self, request, id, dokumen_id):
        """The stored file, served by the application (the folder is outside the web root)."""
        dokumen = DokumenLokasi.objects.filter(pk=_id({"d": dokumen_id}, "d"), lokasi_id=_id({"id": id})).first()
        path = Path(settings.ROADMAP_DOCUMENT_ROOT, dokumen.path) if dokumen else None
        if path is None or not path.is_file():
            raise NotFound(_("Document not found."))
        return FileResponse(open(path, "rb"), content_type=dokumen.content_type, filename=dokumen.nama_file)


class Progres(APIView):
    @extend_schema(parameters=[TAHUN], responses={200: openapi.OBJECT})
    def get(self, request):
        """Realisation against target per dimension and per OPD, and the programmes without locations."""
        tahun = parse_int(request.query_params, "tahun", 2025, 2025, 2026)
        return Response(
            {
                "tahun": tahun,
                "per_dimensi": progress.per_dimension(tahun),
                "per_opd": progress.per_opd(tahun),
                "tanpa_lokasi": progress.programmes_without_locations(),
            }
        )


class LokasiOverlay(APIView):
    @extend_schema(parameters=[LOKASI_ID], responses={200: openapi.OBJECT})
    def get(self, request, id):
        """The RTRW/RDTR zone the location lies in, whether its activity fits, its LP2B overlap."""
        lokasi = LokasiProgram.objects.select_related("program").filter(pk=_id({"id": id})).first()
        if lokasi is None:
            raise NotFound(_("Location %(id)s not found.") % {"id": id})
        return Response(overlays.overlay(lokasi))


class TidakSesuai(APIView):
    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request):
        """Locations in a zone where their activity is not allowed (by the KKPR check)."""
        return Response({"lokasi": overlays.not_allowed()})


class RawanBanjir(APIView):
    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request):
        """Locations in the high ("tinggi") class of a published flood hazard raster."""
        return Response({"lokasi": overlays.in_high_flood_hazard()})


class DiLp2b(APIView):
    @extend_schema(responses={200: openapi.OBJECT})
    def get(self, request):
        """Locations overlapping the published LP2B layer (protected farmland)."""
        return Response({"lokasi": overlays.in_lp2b()})


class LokasiRiwayatList(APIView):
    @extend_schema(parameters=[LOKASI_ID], responses={200: openapi.OBJECT})
    def get(self, request, id):
        """The edit history of a location: each write, who made it, and the location after it."""
        pk = _id({"id": id})
        rows = LokasiRiwayat.objects.filter(data__id=pk).select_related("user").order_by("id")
        if not rows:
            raise NotFound(_("Location %(id)s not found.") % {"id": id})
        return Response(
            {
                "lokasi": pk,
                "riwayat": [
                    {"aksi": r.aksi, "oleh": r.user.username if r.user else None, "waktu": r.at, "lokasi": r.data}
                    for r in rows
                ],
            }
        )
