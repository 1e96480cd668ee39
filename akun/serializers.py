from rest_framework import serializers

from .models import ApiToken


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ("id", "name", "prefix", "created_at", "last_used_at", "revoked_at")


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
