"""Shared fixtures: a real PostGIS test database holding the real Tangerang boundaries."""

import os

import pytest
from django.core.management import call_command

from wilayah.models import Desa


def ensure_wilayah_loaded():
    if Desa.objects.count() != 274:
        call_command("load_wilayah", stdout=open(os.devnull, "w"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the 274 desa once per session into the test database."""
    with django_db_blocker.unblock():
        ensure_wilayah_loaded()


@pytest.fixture
def wilayah(db):
    """The real boundaries, present for tests that use the ``db`` fixture."""
    ensure_wilayah_loaded()


@pytest.fixture
def wilayah_live(transactional_db):
    """The real boundaries for tests against a live server (transactional tests
    flush the tables afterwards, so load them again when needed)."""
    ensure_wilayah_loaded()
