"""The profile of an area as JSON (/api/profil/...), the same data the page,
the PDF and the standalone map are made of (profil.services.profile)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi

from . import services
from .areas import area_for

DESCRIPTION = (
    "Every figure of the area's profile: measured and official area, every registered indicator's stored "
    "values with targets, features per published layer, plan zones and shares (ha, %, UTM 48S), LP2B, "
    "the stored flood hazard classes, peta jalan locations, neighbours. 400 for a code not in Kemendagri's "
    "form, 404 for an unknown code."
)


class ProfileView(APIView):
    """GET: the profile of the area at ``level`` (the kabupaten without a code)."""

    level = None

    def get(self, request, kode=None):
        return Response(services.profile(area_for(self.level, kode)))


class KabupatenProfile(ProfileView):
    level = "kabupaten"

    @extend_schema(operation_id="profil_kabupaten", description=DESCRIPTION, responses={200: openapi.OBJECT})
    def get(self, request):
        return super().get(request)


class KecamatanProfile(ProfileView):
    level = "kecamatan"

    @extend_schema(
        operation_id="profil_kecamatan",
        description=DESCRIPTION,
        parameters=[openapi.KECAMATAN_KODE],
        responses={200: openapi.OBJECT},
    )
    def get(self, request, kode):
        return super().get(request, kode)


class DesaProfile(ProfileView):
    level = "desa"

    @extend_schema(
        operation_id="profil_desa",
        description=DESCRIPTION,
        parameters=[openapi.DESA_KODE],
        responses={200: openapi.OBJECT},
    )
    def get(self, request, kode):
        return super().get(request, kode)
