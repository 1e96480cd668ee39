"""The app's database connections."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_connection_runs_without_jit():
    """webgis.settings turns PostgreSQL's JIT off for the app's connections."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
