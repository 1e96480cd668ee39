"""Opd and UserProfile move from layers to akun (accounts). Only Django's state
changes: the tables keep their names (layers_opd, layers_userprofile), their
rows, constraints and sequences; layers 0008 points its foreign keys here and
drops the old models from its state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("akun", "0001_initial"),
        # The tables were created by layers; adopt them after layers' last migration that knew them there.
        ("layers", "0007_feature_partitions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Opd",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("kode", models.SlugField(max_length=30, unique=True, verbose_name="code")),
                        ("singkatan", models.CharField(max_length=30, verbose_name="abbreviation")),
                        ("nama", models.CharField(max_length=200, verbose_name="full name")),
                    ],
                    options={
                        "verbose_name": "OPD",
                        "verbose_name_plural": "OPD",
                        "db_table": "layers_opd",
                        "ordering": ["singkatan"],
                    },
                ),
                migrations.CreateModel(
                    name="UserProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "opd",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="users",
                                to="akun.opd",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="profile",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "layers_userprofile",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
