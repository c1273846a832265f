"""Building projects (byggesager), their parties and the people taking part.

A project belongs to the housing organisation that builds (the bygherre). Its project leaders
are responsible for the learning on it. People from partner organisations — the contractor, the
adviser, the municipality — are invited to one project and see that project and nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import invitations


class ProjectKind(models.TextChoices):
    RENOVATION = "renovering", _("Renovering")
    NEW_BUILD = "nybyggeri", _("Nybyggeri")
    SOCIAL_PLAN = "boligsocial", _("Boligsocial helhedsplan")
    JOINT_OPERATION = "samdrift", _("Samdrift")
    OPERATION = "drift", _("Drift")


class ProjectPhase(models.TextChoices):
    PROGRAMME = "A", _("A: Program")
    DESIGN = "B", _("B: Projektering")
    CONSTRUCTION = "C", _("C: Udførelse")
    OPERATION = "D", _("D: Drift")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ACTIVE = "active", _("I gang")
    HANDED_OVER = "handed_over", _("Afleveret")
    CLOSED = "closed", _("Afsluttet")


class BuildingProjectQuerySet(models.QuerySet["BuildingProject"]):
    def for_listing(self) -> BuildingProjectQuerySet:
        """With the organisation, in a fixed number of queries."""
        return self.select_related("organisation").order_by("-starts_on", "name")

    def handed_over_before(self, day: object) -> BuildingProjectQuerySet:
        return self.filter(handover_on__isnull=False, handover_on__lte=day)


class BuildingProject(models.Model):
    """A byggesag: renovation, new build, social plan, joint operation or operation."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("bygherre (boligorganisation)"),
        on_delete=models.PROTECT,
        related_name="building_projects",
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=ProjectKind.choices)
    phase = models.CharField(_("fase"), max_length=1, choices=ProjectPhase.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    starts_on = models.DateField(_("start"))
    handover_on = models.DateField(
        _("aflevering"),
        null=True,
        blank=True,
        help_text=_("Effektmålene følges op 3, 6 og 12 måneder efter afleveringen."),
    )
    ends_on = models.DateField(_("slut"), null=True, blank=True)
    departments = models.ManyToManyField(
        "organisations.Department",
        verbose_name=_("afdelinger"),
        blank=True,
        related_name="building_projects",
    )
    guides = models.ManyToManyField(
        "competencies.Guide",
        verbose_name=_("AlmenVejledninger i brug"),
        blank=True,
        related_name="building_projects",
    )
    strategy = models.ForeignKey(
        "competencies.LearningStrategy",
        verbose_name=_("læringsstrategi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="building_projects",
        help_text=_("Den Læringspil-strategi, hvis læring skal anvendes på byggesagen."),
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

    objects = BuildingProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("byggesag")
        verbose_name_plural = _("byggesager")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="onsite_project_ends_after_start",
                violation_error_message=_("Slutdatoen kan ikke ligge før starten."),
            ),
            models.CheckConstraint(
                condition=Q(handover_on__isnull=True) | Q(handover_on__gte=F("starts_on")),
                name="onsite_project_handover_after_start",
                violation_error_message=_("Afleveringen kan ikke ligge før starten."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProjectKind.values), name="onsite_project_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=ProjectPhase.values), name="onsite_project_phase_valid"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="onsite_project_org")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Slutdatoen kan ikke ligge før starten.")})
        if self.starts_on and self.handover_on and self.handover_on < self.starts_on:
            raise ValidationError({"handover_on": _("Afleveringen kan ikke ligge før starten.")})
        if self.strategy_id and self.organisation_id:
            strategy = self.strategy
            if strategy is not None and strategy.organisation_id != self.organisation_id:
                raise ValidationError(
                    {"strategy": _("Strategien hører til en anden organisation.")}
                )


class PartyRole(models.TextChoices):
    CLIENT = "bygherre", _("Bygherre")
    ADVISER = "raadgiver", _("Rådgiver")
    CONTRACTOR = "entreprenoer", _("Entreprenør")
    OPERATIONS = "drift", _("Drift")
    RESIDENTS = "beboere", _("Beboere/afdelingsbestyrelse")
    MUNICIPALITY = "kommune", _("Kommune")
    SOCIAL = "boligsocial", _("Boligsocial indsats")


class ProjectParty(models.Model):
    """A byggepart: an organisation (or the residents) in a role on the project."""

    project = models.ForeignKey(
        BuildingProject,
        verbose_name=_("byggesag"),
        on_delete=models.CASCADE,
        related_name="parties",
    )
    role = models.CharField(_("rolle"), max_length=14, choices=PartyRole.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_parties",
        help_text=_("Tom for fx beboerne eller afdelingsbestyrelsen."),
    )
    name = models.CharField(_("navn"), max_length=200)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("byggepart")
        verbose_name_plural = _("byggeparter")
        ordering = ["project_id", "role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "role", "name"],
                name="onsite_party_unique",
                violation_error_message=_("Parten er allerede med på byggesagen i den rolle."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=PartyRole.values), name="onsite_party_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ProjectMember(models.Model):
    """A named person on the project; leaders are responsible for its learning."""

    project = models.ForeignKey(
        BuildingProject,
        verbose_name=_("byggesag"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="project_memberships",
    )
    party = models.ForeignKey(
        ProjectParty,
        verbose_name=_("part"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    is_leader = models.BooleanField(_("projektleder (læringsansvarlig)"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tilføjet af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("tilføjet"), auto_now_add=True)

    class Meta:
        verbose_name = _("deltager i byggesag")
        verbose_name_plural = _("deltagere i byggesag")
        ordering = ["project_id", "-is_leader", "user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"],
                name="onsite_member_unique",
                violation_error_message=_("Personen er allerede med på byggesagen."),
            ),
        ]
        indexes = [models.Index(fields=["user", "project"], name="onsite_member_user")]

    def __str__(self) -> str:
        return f"{self.user} – {self.project}"


# The first migration names these as the defaults; the model now uses the kernel's own.
_token = invitations.new_token
_expiry = invitations.default_expiry


class ProjectInvitationQuerySet(invitations.InvitationQuerySet["ProjectInvitation"]):
    """The kernel's invitation QuerySet (``open``, ``expired``, ``to_address`` …)."""


class ProjectInvitation(invitations.Invitation):
    """An invitation of a partner's person to one project (single use, 14 days)."""

    project = models.ForeignKey(
        BuildingProject,
        verbose_name=_("byggesag"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    party = models.ForeignKey(
        ProjectParty,
        verbose_name=_("part"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProjectInvitationQuerySet.as_manager()

    class Meta(invitations.Invitation.Meta):
        verbose_name = _("invitation til byggesag")
        verbose_name_plural = _("invitationer til byggesag")
        indexes = [models.Index(fields=["project", "email"], name="onsite_invitation_email")]

    def __str__(self) -> str:
        return f"{self.email} → {self.project}"
