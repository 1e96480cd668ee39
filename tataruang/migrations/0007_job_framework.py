"""ComplianceRun becomes a core.jobs.Job: its one ``message`` becomes the list
``messages`` (the text is kept: a failed run's error stays its last message),
and it gains ``questions``, ``language``, ``updated_at`` and the longer status
of every job. No table is renamed."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


# The message is kept as the one message of the list; backwards, the last
# message becomes the message. The last change of a run so far is its end,
# else its creation. One UPDATE: a second one of the same rows would queue
# foreign-key trigger events, and PostgreSQL then refuses the DROP COLUMN
# below in the same transaction.
MESSAGE_TO_MESSAGES = """
UPDATE tataruang_compliancerun
SET messages = CASE WHEN message <> '' THEN jsonb_build_array(message) ELSE '[]'::jsonb END,
    updated_at = COALESCE(finished_at, created_at)
"""
MESSAGES_TO_MESSAGE = "UPDATE tataruang_compliancerun SET message = COALESCE(messages ->> -1, '')"


class Migration(migrations.Migration):

    dependencies = [
        ("tataruang", "0006_zone_hierarchy_db_default"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # First, so that backwards its table rewrite (to the shorter varchar)
        # comes after the UPDATE: rows rewritten in this transaction would make
        # the UPDATE queue foreign-key checks, and the DROP COLUMNs would fail.
        migrations.AlterField(
            model_name="compliancerun",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "pending"),
                    ("running", "running"),
                    ("succeeded", "succeeded"),
                    ("failed", "failed"),
                    ("needs_input", "needs input"),
                ],
                default="pending",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="compliancerun",
            name="messages",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="compliancerun",
            name="questions",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="compliancerun",
            name="language",
            field=models.CharField(default="id", max_length=10),
        ),
        migrations.AddField(
            model_name="compliancerun",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunSQL(MESSAGE_TO_MESSAGES, MESSAGES_TO_MESSAGE),
        migrations.RemoveField(
            model_name="compliancerun",
            name="message",
        ),
        migrations.AlterField(
            model_name="compliancerun",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
