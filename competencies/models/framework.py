"""The competence framework: areas, competences with level descriptors, and role profiles.

The network secretariat owns the framework and the network's default role profile for each job
function; a housing organisation may adjust a profile for itself (its copy then replaces the
default for its people).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

if TYPE_CHECKING:
    from organisations.models import JobFunction, Organisation


class Level(models.IntegerChoices):
    """How well a person masters a competence. 0 means no documented level."""

    NONE = 0, _("0 – ingen")
    KNOWS = 1, _("1 – kender")
    UNDERSTANDS = 2, _("2 – forstår")
    APPLIES = 3, _("3 – anvender")
    LEADS = 4, _("4 – leder/underviser")


MIN_LEVEL, MAX_LEVEL = 1, 4
LEVEL_RANGE_MESSAGE = _("Niveauet skal være mellem 1 (kender) og 4 (leder/underviser).")
level_validators = [
    MinValueValidator(MIN_LEVEL, LEVEL_RANGE_MESSAGE),
    MaxValueValidator(MAX_LEVEL, LEVEL_RANGE_MESSAGE),
]
# Choices for a level that must be set (1–4): the form offers no "0 – ingen".
POSITIVE_LEVEL_CHOICES = [(value, label) for value, label in Level.choices if value]


def level_between_1_and_4(field: str) -> Q:
    return Q(**{f"{field}__gte": MIN_LEVEL}) & Q(**{f"{field}__lte": MAX_LEVEL})


class CompetenceArea(models.Model):
    """A kompetenceområde: a group of competences (e.g. beboerdemokrati, byggeproces)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code"), FieldPanel("sort_order")]),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("kompetenceområde")
        verbose_name_plural = _("kompetenceområder")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class CompetenceQuerySet(models.QuerySet["Competence"]):
    def active(self) -> CompetenceQuerySet:
        """Competences in use (retired ones keep their history but leave profiles and forms)."""
        return self.filter(is_active=True)

    def for_listing(self) -> CompetenceQuerySet:
        """With the area, in framework order."""
        return self.select_related("area").order_by("area__sort_order", "sort_order", "name")


class Competence(index.Indexed, models.Model):
    """A kompetence with a descriptor for each of the levels 1–4."""

    area = models.ForeignKey(
        CompetenceArea,
        verbose_name=_("kompetenceområde"),
        on_delete=models.PROTECT,
        related_name="competences",
    )
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    level_1 = models.TextField(_("niveau 1 – kender"))
    level_2 = models.TextField(_("niveau 2 – forstår"))
    level_3 = models.TextField(_("niveau 3 – anvender"))
    level_4 = models.TextField(_("niveau 4 – leder/underviser"))
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    is_active = models.BooleanField(_("i brug"), default=True)

    objects = CompetenceQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("area"), FieldPanel("sort_order"), FieldPanel("is_active")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("level_1"),
                FieldPanel("level_2"),
                FieldPanel("level_3"),
                FieldPanel("level_4"),
            ],
            heading=_("Niveaubeskrivelser"),
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("is_active"),
    ]

    class Meta:
        verbose_name = _("kompetence")
        verbose_name_plural = _("kompetencer")
        ordering = ["area__sort_order", "sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def descriptor(self, level: int) -> str:
        """What ``level`` (1–4) means for this competence; empty for 0."""
        return getattr(self, f"level_{level}", "") if MIN_LEVEL <= level <= MAX_LEVEL else ""


class GuideCompetence(models.Model):
    """Which competence a guide builds, and to which level (edited on the guide)."""

    guide = ParentalKey(
        "competencies.Guide",
        verbose_name=_("AlmenVejledning"),
        on_delete=models.CASCADE,
        related_name="competence_links",
    )
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("kompetence"),
        on_delete=models.PROTECT,
        related_name="guide_links",
    )
    level = models.PositiveSmallIntegerField(
        _("niveau"), choices=POSITIVE_LEVEL_CHOICES, validators=level_validators
    )

    panels = [FieldRowPanel([FieldPanel("competence"), FieldPanel("level")])]

    class Meta:
        verbose_name = _("kompetence som vejledningen opbygger")
        verbose_name_plural = _("kompetencer som vejledningen opbygger")
        ordering = ["guide_id", "competence__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "competence"],
                name="competencies_guidecompetence_unique",
                violation_error_message=_("Kompetencen er allerede knyttet til vejledningen."),
            ),
            models.CheckConstraint(
                condition=level_between_1_and_4("level"), name="competencies_guidecomp_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guide_id}: {self.competence} ({self.level})"


class RoleProfileQuerySet(models.QuerySet["RoleProfile"]):
    def network_defaults(self) -> RoleProfileQuerySet:
        """The network's default profiles (no organisation)."""
        return self.filter(organisation__isnull=True)

    def effective_for(self, organisation_id: int) -> RoleProfileQuerySet:
        """For each job function, the organisation's own profile or else the network default."""
        own = RoleProfile.objects.filter(organisation_id=organisation_id).values("job_function_id")
        return self.filter(
            Q(organisation_id=organisation_id)
            | Q(organisation__isnull=True) & ~Q(job_function_id__in=own)
        )


class RoleProfile(ClusterableModel):
    """A kompetenceprofil: the level each competence requires of a job function.

    Without ``organisation`` it is the network's default; with one, that organisation's own
    adjusted profile, which replaces the default for its people.
    """

    job_function: models.ForeignKey[JobFunction, JobFunction] = models.ForeignKey(
        "organisations.JobFunction",
        verbose_name=_("funktion"),
        on_delete=models.CASCADE,
        related_name="role_profiles",
    )
    organisation: models.ForeignKey[Organisation | None, Organisation | None] = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_profiles",
        help_text=_("Tom: netværkets standardprofil. Udfyldt: organisationens egen tilpasning."),
    )
    note: models.TextField[str, str] = models.TextField(_("bemærkning"), blank=True)
    updated_at: models.DateTimeField[datetime, datetime] = models.DateTimeField(
        _("opdateret"), auto_now=True
    )

    objects = RoleProfileQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("job_function"), FieldPanel("organisation")]),
        FieldPanel("note"),
        InlinePanel("requirements", heading=_("Krævede niveauer"), label=_("Krav")),
    ]

    class Meta:
        verbose_name = _("kompetenceprofil")
        verbose_name_plural = _("kompetenceprofiler")
        ordering = ["job_function__sort_order", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_function"],
                condition=Q(organisation__isnull=True),
                name="competencies_roleprofile_default_unique",
                violation_error_message=_("Funktionen har allerede en standardprofil."),
            ),
            models.UniqueConstraint(
                fields=["job_function", "organisation"],
                condition=Q(organisation__isnull=False),
                name="competencies_roleprofile_org_unique",
                violation_error_message=_("Organisationen har allerede en profil for funktionen."),
            ),
        ]

    def __str__(self) -> str:
        organisation = self.organisation if self.organisation_id else None
        owner = organisation.name if organisation is not None else _("netværkets standard")
        return f"{self.job_function} ({owner})"

    @property
    def is_network_default(self) -> bool:
        return self.organisation_id is None


class RoleProfileRequirement(models.Model):
    """One line of a role profile: competence and required level."""

    profile = ParentalKey(
        RoleProfile,
        verbose_name=_("kompetenceprofil"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("kompetence"),
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    required_level = models.PositiveSmallIntegerField(
        _("krævet niveau"), choices=POSITIVE_LEVEL_CHOICES, validators=level_validators
    )

    panels = [FieldRowPanel([FieldPanel("competence"), FieldPanel("required_level")])]

    class Meta:
        verbose_name = _("krav i kompetenceprofil")
        verbose_name_plural = _("krav i kompetenceprofil")
        ordering = ["profile_id", "competence__area__sort_order", "competence__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "competence"],
                name="competencies_requirement_unique",
                violation_error_message=_("Kompetencen står allerede i profilen."),
            ),
            models.CheckConstraint(
                condition=level_between_1_and_4("required_level"),
                name="competencies_requirement_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence}: {self.required_level}"

    def clean(self) -> None:
        if self.competence_id and not self.competence.is_active:
            raise ValidationError({"competence": _("Kompetencen er ikke længere i brug.")})
