"""Competence plans (kompetenceplaner): a person's goals and planned activities for a period.

    draft ─▶ submitted ─▶ approved ─▶ completed
               │   ▲
               ▼   │
             returned (with HR's comment; the person edits and submits again)

Every transition is a ``PlanEvent`` (who, when, comment): the plan's full history.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from competencies.models.framework import POSITIVE_LEVEL_CHOICES, level_between_1_and_4
from core.events import StatusEvent


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SUBMITTED = "submitted", _("Indsendt")
    RETURNED = "returned", _("Sendt retur")
    APPROVED = "approved", _("Godkendt")
    COMPLETED = "completed", _("Afsluttet")


# Statuses in which the person (or their manager) may still change goals and activities.
EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.RETURNED)


class CompetencePlanQuerySet(models.QuerySet["CompetencePlan"]):
    def for_listing(self) -> CompetencePlanQuerySet:
        """Person, organisation and counts of goals and activities in one query."""
        return self.select_related("user", "organisation").annotate(
            goal_count=Count("goals", distinct=True),
            activity_count=Count("activities", distinct=True),
        )

    def awaiting_review(self) -> CompetencePlanQuerySet:
        return self.filter(status=PlanStatus.SUBMITTED)


class CompetencePlan(models.Model):
    """A kompetenceplan (udviklingsplan) for one person in one organisation and period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="competence_plans",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="competence_plans",
    )
    title = models.CharField(_("titel"), max_length=200)
    starts_on = models.DateField(_("periode fra"))
    ends_on = models.DateField(_("periode til"))
    summary = models.TextField(
        _("aftaler fra udviklingssamtalen"),
        blank=True,
        help_text=_("Hvad I aftalte ved medarbejderudviklingssamtalen (MUS)."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkendt af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    completed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    objects = CompetencePlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kompetenceplan")
        verbose_name_plural = _("kompetenceplaner")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="competencies_plan_org_status"),
            models.Index(fields=["user", "-starts_on"], name="competencies_plan_user"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="competencies_plan_period",
                violation_error_message=_("Perioden skal slutte efter den starter."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="competencies_plan_status"
            ),
            # Nobody approves their own plan — said in the service, held here too.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("user")),
                name="competencies_plan_not_self_approved",
                violation_error_message=_("Du kan ikke godkende din egen kompetenceplan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.user}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("Perioden skal slutte efter den starter.")})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def totals(self) -> dict[str, Decimal]:
        """Planned hours and cost of the activities."""
        sums = self.activities.aggregate(hours=Sum("hours"), cost=Sum("cost"))
        return {key: value or Decimal("0") for key, value in sums.items()}


class PlanGoal(models.Model):
    """A goal: reach ``target_level`` in a competence by a date."""

    plan = models.ForeignKey(
        CompetencePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    competence = models.ForeignKey(
        "competencies.Competence",
        verbose_name=_("kompetence"),
        on_delete=models.PROTECT,
        related_name="plan_goals",
    )
    target_level = models.PositiveSmallIntegerField(_("målniveau"), choices=POSITIVE_LEVEL_CHOICES)
    due_on = models.DateField(_("senest"))
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "competence"],
                name="competencies_goal_unique",
                violation_error_message=_("Planen har allerede et mål for denne kompetence."),
            ),
            models.CheckConstraint(
                condition=level_between_1_and_4("target_level"), name="competencies_goal_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence}: {self.target_level}"


class ActivityKind(models.TextChoices):
    GUIDE = "guide", _("Selvstudium i en AlmenVejledning")
    COURSE = "course", _("Kursus")
    SESSION = "session", _("Kursushold")
    ONSITE = "onsite", _("Læring på byggeriet")
    NETWORK = "network", _("Netværk og erfaringsgruppe")
    OTHER = "other", _("Andet")


class PlanActivity(models.Model):
    """A planned activity. Course and session point into the catalogue.

    ``course`` is a plain page link and ``session_ref`` the id of a course session: the
    competence models stay independent of the courses app (docs/architecture.md); views resolve
    them through the courses app's selectors, and the title and date stay if a session goes.
    """

    plan = models.ForeignKey(
        CompetencePlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(_("type"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("aktivitet"), max_length=200)
    guide = models.ForeignKey(
        "competencies.Guide",
        verbose_name=_("AlmenVejledning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    course = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("kursus"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    session_ref = models.PositiveIntegerField(_("hold"), null=True, blank=True)
    planned_on = models.DateField(_("planlagt"), null=True, blank=True)
    hours = models.DecimalField(
        _("timer"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), _("Timer kan ikke være negative."))],
    )
    cost = models.DecimalField(
        _("udgift (kr.)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), _("Udgiften kan ikke være negativ."))],
    )
    done = models.BooleanField(_("gennemført"), default=False)

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["planned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(cost__gte=0), name="competencies_activity_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="competencies_activity_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanEvent(StatusEvent):
    """One step in a plan's history: a status change or a comment (from == to)."""

    subject_field = "plan"

    plan = models.ForeignKey(
        CompetencePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("fra"), max_length=12, blank=True)
    to_status = models.CharField(_("til"), max_length=12, choices=PlanStatus.choices)

    class Meta(StatusEvent.Meta):
        verbose_name = _("planhændelse")
        verbose_name_plural = _("planhændelser")
