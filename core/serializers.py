"""The one status shape of every background job (core.jobs.Job) in the API."""

import datetime

from rest_framework import serializers


class UtcDateTimeField(serializers.DateTimeField):
    """A read-only time in UTC ("...Z"): DRF would otherwise shift it to TIME_ZONE (Asia/Jakarta)."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=datetime.UTC, read_only=True, **kwargs)


class JobStatusSerializer(serializers.Serializer):
    """Members every job answers: ``status``, ``progress`` (percent, 0-100, live
    while running), ``message`` (the latest of ``messages``), ``questions`` of a
    ``needs_input`` job and the timestamps (ISO 8601, the site's time zone).
    A job's serializer adds its own members (an upload's file and layer)."""

    id = serializers.ReadOnlyField()
    status = serializers.CharField(read_only=True)
    progress = serializers.SerializerMethodField()
    message = serializers.CharField(read_only=True)
    messages = serializers.JSONField(read_only=True)
    questions = serializers.JSONField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True)

    def get_progress(self, job) -> int:
        return job.current_progress()


# The members every job answers, in order (for a job's own ModelSerializer Meta.fields).
JOB_STATUS_FIELDS = tuple(JobStatusSerializer._declared_fields)


class UtcJobStatusSerializer(JobStatusSerializer):
    """The same members with the timestamps in UTC ("...Z"), as the compliance-run
    API has always answered them."""

    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    finished_at = UtcDateTimeField()
