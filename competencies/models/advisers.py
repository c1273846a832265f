"""The adviser register (anbefaling 4): consultants chosen by their documented guide competence.

A consultant's organisation opts in with a listing; its people are then found by the guides and
competences their evidence documents. Nobody is listed without their organisation's consent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdviserListingQuerySet(models.QuerySet["AdviserListing"]):
    def listed(self) -> AdviserListingQuerySet:
        return self.filter(is_listed=True)


class AdviserListing(models.Model):
    """A consultant organisation's entry in the register."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="adviser_listing",
    )
    is_listed = models.BooleanField(
        _("vis i rådgiverregistret"),
        default=True,
        help_text=_("Boligorganisationer kan finde jer og jeres dokumenterede kompetencer."),
    )
    description = models.TextField(_("om rådgiveren"), blank=True)
    services = models.CharField(_("ydelser"), max_length=300, blank=True)
    contact_email = models.EmailField(_("kontakt-e-mail"), blank=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    objects = AdviserListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rådgiver i registret")
        verbose_name_plural = _("rådgiverregister")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)


class AdviserOptOut(models.Model):
    """A person who has taken themselves out of the adviser register (issue 11, consents).

    The organisation lists its people; each person may still say no. One row per person who
    said no, for all their consultant organisations; deleting it lists them again.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="adviser_opt_out",
    )
    created_at = models.DateTimeField(_("fravalgt"), auto_now_add=True)

    class Meta:
        verbose_name = _("fravalg af rådgiverregistret")
        verbose_name_plural = _("fravalg af rådgiverregistret")

    def __str__(self) -> str:
        return str(self.user)
