"""The kernel's one model: the append-only log of access to personal data (issue 11, part 5).

Who logged in (or failed to), who changed two-factor, who exported or downloaded someone's data,
and who looked at another person's plan or evidence. Rows are written by
:func:`core.audit.audit_record` and never changed: the model refuses updates and deletes through
the ORM, and on PostgreSQL a trigger refuses them in the database too (migration 0002). The only
way out is the retention purge (:func:`core.audit.audit_purge`).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    """What happened. Values are stored; keep them stable."""

    LOGIN = "login", _("Logget ind")
    LOGIN_FAILED = "login_failed", _("Mislykket log ind")
    LOGOUT = "logout", _("Logget ud")
    MFA_ACTIVATED = "mfa_activated", _("To-faktor slået til")
    MFA_DEACTIVATED = "mfa_deactivated", _("To-faktor slået fra")
    RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("Gendannelseskoder dannet")
    RECOVERY_CODES_VIEWED = "recovery_codes_viewed", _("Gendannelseskoder vist")
    EXPORT_REQUESTED = "export_requested", _("Dataudtræk bestilt")
    EXPORT_DOWNLOADED = "export_downloaded", _("Dataudtræk hentet")
    HR_EXPORT = "hr_export", _("Eksport af medarbejderdata")
    PLAN_VIEWED = "plan_viewed", _("Kompetenceplan set")
    EVIDENCE_VIEWED = "evidence_viewed", _("Dokumentation set")
    EVIDENCE_FILE_DOWNLOADED = "evidence_file_downloaded", _("Dokumentationsfil hentet")
    CERTIFICATE_DOWNLOADED = "certificate_downloaded", _("Kursusbevis hentet")
    ATTACHMENT_DOWNLOADED = "attachment_downloaded", _("Bilag hentet")
    PERSON_VIEWED = "person_viewed", _("Personside set")
    ERASURE_REQUESTED = "erasure_requested", _("Sletning anmodet")
    ERASURE_CONFIRMED = "erasure_confirmed", _("Sletning bekræftet")
    ERASURE_REJECTED = "erasure_rejected", _("Sletning afvist")
    ERASURE_CANCELLED = "erasure_cancelled", _("Sletning trukket tilbage")
    ERASURE_DONE = "erasure_done", _("Sletning gennemført")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Samtykke trukket tilbage")


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an access event."""


# Erasing a person may detach them from events (their key becomes the "Slettet bruger"
# placeholder or empty, the network is emptied); that is the one change allowed, in the ORM as
# in the PostgreSQL trigger.
DETACHABLE_FIELDS = frozenset({"actor", "actor_id", "subject", "subject_id", "ip_network"})


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    def about(self, user: Any) -> AccessEventQuerySet:
        """Events about one person (whose data was touched), newest first."""
        return self.filter(subject=user).order_by("-at", "-pk")

    def for_listing(self) -> AccessEventQuerySet:
        """With the two people each row names, for lists and exports."""
        return self.select_related("actor", "subject").order_by("-at", "-pk")

    def update(self, **kwargs: Any) -> int:
        if not kwargs or set(kwargs) - DETACHABLE_FIELDS or kwargs.get("ip_network") is not None:
            raise AppendOnlyError("Access events cannot be changed.")
        return super().update(**kwargs)

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Access events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Access events are removed only by core.audit.audit_purge().")


class AccessEvent(models.Model):
    """One access to personal data, or one security event on an account."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("udført af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hvis data"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A plain integer, not a foreign key: the kernel imports no app, and a string reference to
    # organisations.Organisation would still tie core's migrations to that app. The log must
    # also outlive a deleted organisation. It records in whose name the actor acted.
    organisation_id = models.PositiveBigIntegerField(_("organisation"), null=True, blank=True)
    action = models.CharField(_("handling"), max_length=40, choices=AccessAction)
    object_type = models.CharField(_("objekttype"), max_length=100, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    # Truncated (IPv4 /24, IPv6 /48) before storing: enough to see that attempts come from one
    # network, not enough to point at one household.
    ip_network = models.GenericIPAddressField(_("netværk"), null=True, blank=True)
    detail = models.JSONField(_("detaljer"), default=dict, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("adgangshændelse")
        verbose_name_plural = _("adgangshændelser")
        indexes = [
            models.Index(fields=["subject", "-at"], name="core_access_subject_at"),
            models.Index(fields=["actor", "-at"], name="core_access_actor_at"),
            models.Index(fields=["organisation_id", "-at"], name="core_access_org_at"),
            models.Index(fields=["action", "at"], name="core_access_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if (
                not update_fields
                or set(update_fields) - DETACHABLE_FIELDS
                or ("ip_network" in update_fields and self.ip_network is not None)
            ):
                raise AppendOnlyError("Access events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Access events are removed only by core.audit.audit_purge().")


class SubmissionState(models.TextChoices):
    """Where a claimed form submission is. Values are stored; keep them stable."""

    PENDING = "pending", _("Under behandling")
    DONE = "done", _("Gennemført")


class FormSubmission(models.Model):
    """A claimed one-time form key: one submission of a create form creates once (core.submissions).

    The unique constraint on (user, key) is the claim: of two simultaneous posts with the same
    key, the database lets exactly one insert its row. Kept in the database, not the cache, so
    the claim holds when Redis is down or has lost the key. Rows are purged after two days.
    """

    # CASCADE: a claim means nothing without its person, and a NULL user would escape the
    # unique constraint (NULLs are distinct), so claims of deleted people could collide.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("nøgle"), max_length=64)
    state = models.CharField(
        _("tilstand"), max_length=10, choices=SubmissionState, default=SubmissionState.PENDING
    )
    # Where the first post sent the person (the created object); a twin post is sent there too.
    result_url = models.TextField(_("resultat"), blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("formularindsendelse")
        verbose_name_plural = _("formularindsendelser")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_form_submission_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key} {self.state}"


# The export job lives in its own package (core.jobs); imported here so Django sees the model.
from core.jobs.models import ExportJob, JobStatus  # noqa: E402,F401
