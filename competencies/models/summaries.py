"""Kept-up-to-date summaries behind the HR dashboard and the gap analysis.

``PersonRequirement`` is the gap analysis's row stored: one per (active membership, requirement
of its effective role profile), with the current level on ``computed_on``. The rows of a person
are rewritten, in the same transaction, whenever their evidence, membership or role profile
changes (``competencies.summaries``), and every row is rewritten nightly, because a level also
falls with time (evidence expires). The pages then group these narrow rows by organisation
instead of computing 2,000 people's levels from their evidence per request.

``CoverageSnapshot`` keeps the coverage of each department at each month end, for the
dashboard's "coverage over time": the past does not change, so it is counted once.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonRequirement(models.Model):
    """One requirement of a person's role profile in one organisation, with their level."""

    membership = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("medlemskab"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Copies of the membership's columns, so that the pages group and filter without a join.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        "organisations.User", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name=_("afdeling"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    job_function = models.ForeignKey(
        "organisations.JobFunction",
        verbose_name=_("funktion"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    competence = models.ForeignKey(
        "competencies.Competence",
        verbose_name=_("kompetence"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    required = models.PositiveSmallIntegerField(_("krævet niveau"))
    current = models.PositiveSmallIntegerField(_("nuværende niveau"))
    computed_on = models.DateField(_("beregnet"))

    class Meta:
        verbose_name = _("kompetencekrav for en person")
        verbose_name_plural = _("kompetencekrav for personer")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "competence"], name="competencies_personreq_unique"
            ),
        ]
        indexes = [
            # Every page reads one organisation's rows, grouped by these columns.
            models.Index(
                fields=["organisation", "job_function", "department", "competence"],
                name="competencies_personreq_org",
            ),
            # Refreshing a person's rows deletes them by person.
            models.Index(fields=["user"], name="competencies_personreq_user"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.competence_id} {self.current}/{self.required}"


class CoverageSnapshot(models.Model):
    """A department's coverage at one month end (department None: people without one).

    An aggregate over the department's people, not data about a person.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name=_("afdeling"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    month_end = models.DateField(_("månedsafslutning"))
    required = models.PositiveIntegerField(_("krav"))
    met = models.PositiveIntegerField(_("opfyldt"))
    computed_at = models.DateTimeField(_("beregnet"), auto_now=True)

    class Meta:
        verbose_name = _("dækning ved månedsafslutning")
        verbose_name_plural = _("dækning ved månedsafslutninger")
        indexes = [
            models.Index(
                fields=["organisation", "month_end", "department"],
                name="competencies_covsnap_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.department_id} {self.month_end}: {self.met}"
