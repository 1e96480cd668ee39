import os

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from layers.models import Opd
from tests.factories import make_user


@pytest.fixture
def opd(db):
    call_command("load_opd", stdout=open(os.devnull, "w"))
    return {o.kode: o for o in Opd.objects.all()}


@pytest.fixture
def users(opd):
    return {
        "dinkes": make_user("operator-dinkes", opd["dinkes"]),
        "bpbd": make_user("operator-bpbd", opd["bpbd"]),
        "dtrb": make_user("perencana-dtrb", opd["dtrb"], staff=True),
        "admin": make_user("admin-uji", superuser=True, staff=True),
    }


@pytest.fixture
def client_for(users):
    def build(role=None):
        client = APIClient()
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
        if role:
            client.force_authenticate(users[role])
        return client

    return build
