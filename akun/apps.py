from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AkunConfig(AppConfig):
    name = "akun"
    verbose_name = _("Accounts and API tokens")

    def ready(self):
        from . import (
            lockout,  # noqa: F401 (connects the lockout log to axes' signal)
            schema,  # noqa: F401 (registers the token scheme with drf-spectacular)
        )
