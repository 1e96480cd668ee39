"""Upload API: POST a file, poll the job, answer its questions."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core import openapi
from core.params import BIGINT_MAX, whole_number
from core.parsers import FormParser, MultiPartParser

from .. import permissions, services
from ..ingest import FileTooLarge, ImportRefused
from ..models import ExpectedLayer, Layer, UploadJob
from ..serializers import UploadAnswerSerializer, UploadCreateSerializer, UploadJobSerializer


def _refuse_oversized_body(request):
    # Refuse before Django reads the body: the Content-Length says enough.
    length = whole_number(request.META.get("CONTENT_LENGTH"), 0, BIGINT_MAX)
    if length is not None and length > services.settings.UPLOAD_MAX_BYTES + 1024 * 1024:
        raise FileTooLarge(services._file_too_large_message())


def _target_layer(slug, opd):
    """The layer of ``opd`` a new version goes into (None for a new layer).
    A missing slug and another OPD's layer get one answer, so the answer does
    not tell whether another OPD has an (unpublished) layer of that name."""
    if not slug:
        return None
    layer = Layer.objects.filter(slug=slug, opd=opd).first()
    if layer is None:
        raise ImportRefused(_("This OPD has no layer '%(slug)s' to upload a new version of.") % {"slug": slug})
    return layer


class UploadCreate(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=UploadCreateSerializer,
        responses={202: UploadJobSerializer},
        examples=[
            openapi.example(
                {"file": "puskesmas.geojson", "title": "Puskesmas", "opd": "dinkes"}, media_type="multipart/form-data"
            )
        ],
    )
    def post(self, request):
        """Upload a spatial file (multipart ``file``, ``title``, ``opd``); answers 202 with the job."""
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Log in to upload layers."))
        _refuse_oversized_body(request)
        serializer = UploadCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        opd = data["opd"]
        # Before the target is looked up: naming another OPD answers the same
        # whether or not the layer exists.
        permissions.require(permissions.can_upload(request.user, opd), _("You may only upload layers of your own OPD."))
        target = _target_layer(data.get("layer"), opd)
        expected = None
        if data.get("expected"):
            expected = ExpectedLayer.objects.filter(kode=data["expected"], opd=opd).first()
            if expected is None:
                raise ImportRefused(_("'%(kode)s' is not an expected layer of this OPD.") % {"kode": data["expected"]})
        title = (data.get("title") or "").strip() or (target.title if target else "")
        if not title:
            title = expected.title if expected else data["file"].name.rsplit(".", 1)[0]
        options = {key: data[key] for key in ("crs", "encoding") if data.get(key)}
        job = services.start_upload(
            uploaded_file=data["file"],
            title=title,
            opd=opd,
            user=request.user,
            theme=data.get("theme"),
            target_layer=target,
            expected=expected,
            options=options,
        )
        body = UploadJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class UploadDetail(APIView):
    def _job(self, request, pk):
        job = get_object_or_404(UploadJob.objects.select_related("opd", "layer_version__layer"), pk=pk)
        if not permissions.can_upload(request.user, job.opd):
            raise NotFound(_("Upload not found."))
        return job

    @extend_schema(responses=UploadJobSerializer)
    def get(self, request, pk):
        """The job's status, progress (0-100), messages and, when done, its layer."""
        return Response(UploadJobSerializer(self._job(request, pk), context={"request": request}).data)

    @extend_schema(
        operation_id="uploads_answer",
        request=UploadAnswerSerializer,
        responses={202: UploadJobSerializer},
        examples=[openapi.example({"crs": "EPSG:32748"})],
    )
    def post(self, request, pk):
        """Answer a ``needs_input`` job (``crs``, ``layer``, ``file`` or ``encoding``) and resume it."""
        job = self._job(request, pk)
        serializer = UploadAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.answer_upload(job, serializer.validated_data)
        return Response(UploadJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)
