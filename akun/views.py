"""Token management (API) for the logged-in user; pages live in akun/pages.py."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi

from . import roles
from .models import ApiToken
from .serializers import ApiTokenCreateSerializer, ApiTokenSerializer


class TokenList(APIView):
    """The caller's API tokens. Creating one needs a browser session: a token
    cannot mint further tokens."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ApiTokenSerializer(many=True))
    def get(self, request):
        return Response(ApiTokenSerializer(request.user.api_tokens.all(), many=True).data)

    @extend_schema(
        request=ApiTokenCreateSerializer,
        responses={201: dict},
        examples=[openapi.example({"name": "QGIS kantor"})],
    )
    def post(self, request):
        roles.require(
            roles.can_create_token(request.user)
            and isinstance(request.successful_authenticator, SessionAuthentication),
            _("Create API tokens from your profile page while logged in."),
        )
        serializer = ApiTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = ApiToken.issue(request.user, serializer.validated_data["name"])
        body = {**ApiTokenSerializer(token).data, "key": key}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        token.revoke()
        return Response(status=status.HTTP_204_NO_CONTENT)
