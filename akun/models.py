"""Accounts: the OPDs users work for, each user's profile naming their OPD, and
per-user API tokens. Only a SHA-256 hash of each key is stored; the key is shown
once, when the token is created. Roles are Django groups (akun/roles.py).

Opd and UserProfile were born in the layers app; their tables keep the names
``layers_opd`` and ``layers_userprofile`` so the move changed no data."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX_LENGTH = 8


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class Opd(models.Model):
    """A perangkat daerah (regional government agency) of Kabupaten Tangerang."""

    kode = models.SlugField(_("code"), max_length=30, unique=True)
    singkatan = models.CharField(_("abbreviation"), max_length=30)
    nama = models.CharField(_("full name"), max_length=200)

    class Meta:
        db_table = "layers_opd"
        ordering = ["singkatan"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")

    def __str__(self):
        return self.singkatan


class UserProfile(models.Model):
    """The OPD a user works for; akun/roles.py and layers/permissions.py decide what that allows."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, null=True, blank=True, related_name="users")

    class Meta:
        db_table = "layers_userprofile"

    def __str__(self):
        return f"{self.user} ({self.opd or '-'})"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def matching(self, key):
        """The active token whose key is ``key``, or None."""
        return self.active().select_related("user").filter(key_hash=hash_key(key)).first()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=KEY_PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} / {self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name):
        """Create a token; returns (token, key). The key is not stored."""
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=key[:KEY_PREFIX_LENGTH], key_hash=hash_key(key))
        return token, key

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
