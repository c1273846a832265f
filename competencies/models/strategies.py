"""Læringspilen: an organisation's competence strategy for a period of years.

The strategy holds goals for the organisation's own future-proofing competence (anbefaling 1),
target groups — "a: de udviklende" and "b: de lærende" — and a multi-year plan of guides and
courses per target group (anbefaling 3) with people, hours and budget. Hours are valued at an
hourly rate, 600 kr. by default as in the programme's own budget. Each goal stands at a stage
of Læringspilen; the stages are data (``LearningStage``), editable per installation.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from competencies.models.framework import POSITIVE_LEVEL_CHOICES

DEFAULT_HOURLY_RATE = Decimal("600")
YEAR_VALIDATORS = [
    MinValueValidator(2000, _("Angiv et årstal fra 2000.")),
    MaxValueValidator(2100, _("Angiv et årstal før 2100.")),
]


class LearningStage(models.Model):
    """A stage of Læringspilen (by default Behov → Mål → Læring → Anvendelse → Effekt)."""

    name = models.CharField(_("navn"), max_length=60, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("sort_order")]),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("trin i Læringspilen")
        verbose_name_plural = _("trin i Læringspilen")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", _("Under udarbejdelse")
    ACTIVE = "active", _("Gældende")
    ARCHIVED = "archived", _("Afsluttet")


class LearningStrategyQuerySet(models.QuerySet["LearningStrategy"]):
    def current(self, year: int) -> LearningStrategyQuerySet:
        """Strategies in force in ``year``."""
        return self.filter(status=StrategyStatus.ACTIVE, starts_year__lte=year, ends_year__gte=year)


class LearningStrategy(models.Model):
    """An organisation's Læringspilen strategy for a period (for example 2027–2029)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="learning_strategies",
    )
    title = models.CharField(_("titel"), max_length=200)
    starts_year = models.PositiveSmallIntegerField(_("fra år"), validators=YEAR_VALIDATORS)
    ends_year = models.PositiveSmallIntegerField(_("til år"), validators=YEAR_VALIDATORS)
    vision = models.TextField(
        _("formål og fremtidssikringskompetence"),
        help_text=_("Hvad skal organisationen kunne om nogle år, og hvorfor?"),
    )
    hourly_rate = models.DecimalField(
        _("timesats (kr.)"),
        max_digits=8,
        decimal_places=2,
        default=DEFAULT_HOURLY_RATE,
        validators=[MinValueValidator(Decimal("0"), _("Timesatsen kan ikke være negativ."))],
        help_text=_("Medarbejdernes timer værdisættes med denne sats (600 kr./time som standard)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

    objects = LearningStrategyQuerySet.as_manager()

    class Meta:
        verbose_name = _("læringsstrategi")
        verbose_name_plural = _("læringsstrategier")
        ordering = ["-starts_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_year__gte=F("starts_year")),
                name="competencies_strategy_period",
                violation_error_message=_("Perioden kan ikke slutte, før den begynder."),
            ),
            models.CheckConstraint(
                condition=Q(hourly_rate__gte=0), name="competencies_strategy_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_year}–{self.ends_year})"

    def clean(self) -> None:
        if self.starts_year and self.ends_year and self.ends_year < self.starts_year:
            raise ValidationError({"ends_year": _("Perioden kan ikke slutte, før den begynder.")})

    @property
    def years(self) -> list[int]:
        return list(range(self.starts_year, self.ends_year + 1))


class StrategyGoal(models.Model):
    """A goal of the strategy, with the Læringspilen stage it has reached."""

    strategy = models.ForeignKey(
        LearningStrategy,
        verbose_name=_("strategi"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    title = models.CharField(_("mål"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    competence = models.ForeignKey(
        "competencies.Competence",
        verbose_name=_("kompetence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_level = models.PositiveSmallIntegerField(
        _("målniveau"), choices=POSITIVE_LEVEL_CHOICES, null=True, blank=True
    )
    target_coverage = models.PositiveSmallIntegerField(
        _("måldækning (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100, _("Dækningen kan højst være 100 %%."))],
        help_text=_("Andel af målgruppen, der skal nå målniveauet."),
    )
    measure = models.CharField(_("sådan måler vi effekten"), max_length=300, blank=True)
    stage = models.ForeignKey(
        LearningStage,
        verbose_name=_("trin i Læringspilen"),
        on_delete=models.PROTECT,
        related_name="goals",
    )
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("strategisk mål")
        verbose_name_plural = _("strategiske mål")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_level__isnull=True)
                | Q(target_level__gte=1) & Q(target_level__lte=4),
                name="competencies_strategygoal_level",
            ),
            models.CheckConstraint(
                condition=Q(target_coverage__isnull=True) | Q(target_coverage__lte=100),
                name="competencies_strategygoal_coverage",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.target_level and not self.competence_id:
            raise ValidationError({"competence": _("Vælg kompetencen, som målniveauet gælder.")})


class TargetGroupKind(models.TextChoices):
    DEVELOPERS = "a", _("a: De udviklende")
    LEARNERS = "b", _("b: De lærende")


class TargetGroup(models.Model):
    """A målgruppe: job functions and/or departments, in group a or b."""

    strategy = models.ForeignKey(
        LearningStrategy,
        verbose_name=_("strategi"),
        on_delete=models.CASCADE,
        related_name="target_groups",
    )
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("gruppe"), max_length=1, choices=TargetGroupKind.choices)
    description = models.TextField(_("beskrivelse"), blank=True)
    job_functions = models.ManyToManyField(
        "organisations.JobFunction", verbose_name=_("funktioner"), blank=True, related_name="+"
    )
    departments = models.ManyToManyField(
        "organisations.Department", verbose_name=_("afdelinger"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "name"],
                name="competencies_targetgroup_unique",
                violation_error_message=_("Strategien har allerede en målgruppe med det navn."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TargetGroupKind.values), name="competencies_targetgroup_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class StrategyPlanLine(models.Model):
    """One line of the multi-year plan: a guide or course for a target group in a year."""

    strategy = models.ForeignKey(
        LearningStrategy,
        verbose_name=_("strategi"),
        on_delete=models.CASCADE,
        related_name="plan_lines",
    )
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("målgruppe"),
        on_delete=models.CASCADE,
        related_name="plan_lines",
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("aktivitet"), max_length=200)
    guide = models.ForeignKey(
        "competencies.Guide",
        verbose_name=_("AlmenVejledning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A page link, not a foreign key into the courses app (see PlanActivity).
    course = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("kursus"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    people = models.PositiveIntegerField(_("antal personer"))
    hours_per_person = models.DecimalField(
        _("timer pr. person"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"), _("Timer kan ikke være negative."))],
    )
    fee_per_person = models.DecimalField(
        _("kursusgebyr pr. person (kr.)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), _("Gebyret kan ikke være negativt."))],
    )

    class Meta:
        verbose_name = _("linje i flerårsplanen")
        verbose_name_plural = _("flerårsplan")
        ordering = ["year", "target_group__kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_person__gte=0) & Q(fee_per_person__gte=0),
                name="competencies_planline_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"

    def clean(self) -> None:
        strategy = self.strategy if self.strategy_id else None
        if strategy and self.year and not strategy.starts_year <= self.year <= strategy.ends_year:
            raise ValidationError(
                {
                    "year": _("Året skal ligge i strategiens periode (%(start)s–%(end)s).")
                    % {"start": strategy.starts_year, "end": strategy.ends_year}
                }
            )
        if self.target_group_id and strategy and self.target_group.strategy_id != strategy.pk:
            raise ValidationError({"target_group": _("Målgruppen hører ikke til strategien.")})

    @property
    def hours_total(self) -> Decimal:
        return self.people * self.hours_per_person

    def budget(self, hourly_rate: Decimal) -> Decimal:
        """Fees plus the people's hours valued at ``hourly_rate`` (DKK)."""
        return self.people * (self.fee_per_person + self.hours_per_person * hourly_rate)
