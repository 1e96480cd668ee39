import pytest

from tests.pages import compiled_translations, source_static_files  # noqa: F401

# ``opd`` and ``users`` come from tests/conftest.py.


@pytest.fixture
def browser_for(client, users):
    """A Django test client in Indonesian (or ``language``), logged in as one of ``users`` (or anonymous)."""

    def build(role=None, language="id"):
        client.logout()
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        if role:
            client.force_login(users[role])
        return client

    return build
