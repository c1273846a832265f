"""Open Badges 3.0: the platform's signing keys and the credential issued for a certificate.

The credential itself is built and signed by ``courses.badges``; these rows keep what must stay
the same for as long as someone may verify it: the signed document, the key that signed it and
its place in the issuer's revocation list (W3C Bitstring Status List).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models.enrolments import Certificate


class BadgeSigningKeyQuerySet(models.QuerySet["BadgeSigningKey"]):
    def current(self) -> BadgeSigningKeyQuerySet:
        """The key new credentials are signed with (at most one: a constraint)."""
        return self.filter(retired_at__isnull=True)


class BadgeSigningKey(models.Model):
    """An Ed25519 key pair of the platform, the signing service for every provider.

    A retired key signs nothing new but stays published, so the credentials it signed remain
    verifiable. The private key is stored encrypted with a key derived from ``SECRET_KEY``
    (``courses.badges.keys``): a copy of the database alone cannot sign credentials.
    """

    kid = models.SlugField(_("nøgle-id"), max_length=40, unique=True)
    private_key = models.TextField(_("privat nøgle (krypteret PEM)"))
    public_jwk = models.JSONField(_("offentlig nøgle (JWK)"))
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    retired_at = models.DateTimeField(_("udfaset"), null=True, blank=True)

    objects = BadgeSigningKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("signeringsnøgle til Open Badges")
        verbose_name_plural = _("signeringsnøgler til Open Badges")
        ordering = ["created_at", "pk"]
        constraints = [
            # One current key: two processes creating the first key at once cannot both win.
            models.UniqueConstraint(
                models.ExpressionWrapper(
                    Q(retired_at__isnull=True), output_field=models.BooleanField()
                ),
                condition=Q(retired_at__isnull=True),
                name="courses_badgekey_one_current",
            ),
        ]

    def __str__(self) -> str:
        return self.kid

    @property
    def is_current(self) -> bool:
        return self.retired_at is None


class BadgeCredential(models.Model):
    """The OpenBadgeCredential issued for one certificate, as signed (a compact JWS).

    The row outlives the certificate: when the person is erased, the certificate goes, the
    signed document is emptied and ``certificate`` becomes empty, but the row keeps its place in
    the status list, whose bit then says "revoked" for every copy still out there.
    """

    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("kursusbevis"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="badge",
    )
    credential_id = models.UUIDField(_("bevis-id"), default=uuid.uuid4, unique=True)
    # The issuer (the course's provider) owns the status list the credential points into.
    provider = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("udsteder"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status_index = models.PositiveIntegerField(_("plads i statuslisten"))
    signing_key = models.ForeignKey(
        BadgeSigningKey,
        verbose_name=_("signeringsnøgle"),
        on_delete=models.PROTECT,
        related_name="credentials",
    )
    jws = models.TextField(_("signeret bevis (JWS)"), blank=True)
    issued_at = models.DateTimeField(_("udstedt"), default=timezone.now)

    class Meta:
        verbose_name = _("Open Badge")
        verbose_name_plural = _("Open Badges")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "status_index"], name="courses_badge_status_index_unique"
            ),
        ]

    def __str__(self) -> str:
        # No name here: the label is written to the audit log and must not identify anyone.
        return f"Open Badge {self.credential_id}"

    @property
    def is_withdrawn(self) -> bool:
        """Revoked through its certificate, or left without one (the person was erased)."""
        return self.certificate is None or self.certificate.is_revoked
