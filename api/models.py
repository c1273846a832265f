"""API tokens: how an organisation's own systems (its HR system, its intranet) call the API.

HR creates a token for its organisation. The key is shown once, when it is created; only its
SHA-256 hash is stored, so a leaked database does not leak working keys. The first characters
(``key_prefix``) are kept in clear so that HR can tell its tokens apart in the list and match
one to a key found in a configuration file.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The prefix tells anyone who finds a key in a log or a file what it is (like GitHub's ghp_).
KEY_MARK = "alm_"
KEY_PREFIX_LENGTH = 12  # "alm_" and 8 random characters: enough to tell tokens apart


class TokenScope(models.TextChoices):
    READ = "read", _("Læse")
    READ_WRITE = "read_write", _("Læse og skrive")


def new_key() -> str:
    """A fresh secret key: the mark and 40 URL-safe random characters (240 bits)."""
    return KEY_MARK + secrets.token_urlsafe(30)


def hash_key(key: str) -> str:
    """The stored form of a key. A plain SHA-256 suffices: the key is random, not a password."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, now: datetime | None = None) -> ApiTokenQuerySet:
        """Tokens that are neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def for_listing(self) -> ApiTokenQuerySet:
        """Everything the token list shows, in one query."""
        return self.select_related("created_by", "revoked_by").order_by("-created_at", "-id")


class ApiToken(models.Model):
    """A named key with which one organisation's system calls the API."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("navn"),
        max_length=100,
        help_text=_("Hvad nøglen bruges til, fx »Lønsystemet« eller »Intranettet«."),
    )
    scope = models.CharField(
        _("rettighed"), max_length=20, choices=TokenScope.choices, default=TokenScope.READ
    )
    key_prefix = models.CharField(_("nøglens begyndelse"), max_length=KEY_PREFIX_LENGTH)
    key_hash = models.CharField(_("nøglens hash"), max_length=64, unique=True, editable=False)
    # The HR person whose rights the token uses (see api.authentication).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    expires_at = models.DateTimeField(_("udløber"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("sidst brugt"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tilbagekaldt af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=TokenScope.values), name="api_token_scope_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "created_at"], name="api_token_org_created"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    def is_usable(self, now: datetime | None = None) -> bool:
        return not self.is_revoked and not self.is_expired(now)

    @property
    def status_label(self) -> str:
        if self.is_revoked:
            return str(_("Tilbagekaldt"))
        if self.is_expired():
            return str(_("Udløbet"))
        return str(_("Aktiv"))

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE
