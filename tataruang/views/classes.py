"""The reference classifications: standard plan classes (/kelas/) and the
activities (kegiatan) of the peraturan zonasi (/kegiatan/)."""

from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import Activity, PlanClass
from ..serializers import ActivitySerializer, PlanClassSerializer


class PlanClassList(APIView):
    @extend_schema(responses=PlanClassSerializer(many=True))
    def get(self, request):
        classes = PlanClass.objects.select_related("padanan").annotate(n=Count("rules"))
        return Response(PlanClassSerializer(classes, many=True).data)


class ActivityList(APIView):
    @extend_schema(responses=ActivitySerializer(many=True))
    def get(self, request):
        return Response(ActivitySerializer(Activity.objects.all(), many=True).data)
