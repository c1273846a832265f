"""People, organisations, departments and memberships.

A membership carries two separate things: permission roles (what a person may do in that
organisation) and a job function (which competences the person needs).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core import invitations

cvr_validator = RegexValidator(
    r"^[0-9]{8}$", _("Et CVR-nummer består af præcis 8 cifre, uden mellemrum eller bogstaver.")
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Logs in with an e-mail address; there is no user name."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mailadresse"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["first_name", "last_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="organisations_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """Full name, or the e-mail address for someone who has not given a name."""
        return self.get_full_name() or self.email


class OrganisationKind(models.TextChoices):
    HOUSING = "housing", _("Boligorganisation")
    PROVIDER = "provider", _("Kursusudbyder")
    MUNICIPALITY = "municipality", _("Kommune")
    CONSULTANT = "consultant", _("Rådgiver")
    CONTRACTOR = "contractor", _("Entreprenør")
    NETWORK = "network", _("Netværkssekretariat")


# RoleProfile (competencies) derives from modelcluster's untyped ClusterableModel, so the
# django-stubs plugin cannot type its reverse manager `role_profiles` here.
class Organisation(models.Model):  # type: ignore[django-manager-missing]
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    cvr = models.CharField(
        _("CVR-nummer"),
        max_length=8,
        blank=True,
        validators=[cvr_validator],
        help_text=_("8 cifre. Kan udelades."),
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    requires_enrolment_approval = models.BooleanField(
        _("tilmeldinger kræver godkendelse"),
        default=False,
        help_text=_("Skal en leder eller HR godkende medarbejdernes tilmeldinger til kurser?"),
    )
    # Set when a course provider is onboarded: its editors' Wagtail group.
    editor_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("redaktørgruppe"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="editor_of",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cvr"],
                condition=~Q(cvr=""),
                name="organisations_org_cvr_unique",
                violation_error_message=_(
                    "Der findes allerede en organisation med dette CVR-nummer."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cvr="") | Q(cvr__regex=r"^[0-9]{8}$"),
                name="organisations_org_cvr_8_digits",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisations_org_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"], name="organisations_org_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Said here too so that the message lands beside the CVR field, not above the form.
        duplicate = Organisation.objects.filter(cvr=self.cvr).exclude(pk=self.pk)
        if self.cvr and duplicate.exists():
            raise ValidationError(
                {"cvr": _("Der findes allerede en organisation med dette CVR-nummer.")}
            )


class Department(models.Model):
    """A boligafdeling: one estate of a housing organisation."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="departments",
    )
    number = models.CharField(
        _("afdelingsnummer"),
        max_length=20,
        validators=[
            RegexValidator(r"^[0-9A-Za-z-]+$", _("Brug kun cifre, bogstaver og bindestreg."))
        ],
    )
    name = models.CharField(_("navn"), max_length=200)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    homes = models.PositiveIntegerField(_("antal boliger"), default=0)

    class Meta:
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelinger")
        ordering = ["organisation_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"],
                name="organisations_department_number_unique",
                violation_error_message=_("Afdelingsnummeret er allerede brugt i organisationen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class JobFunction(models.Model):  # type: ignore[django-manager-missing]  # see Organisation
    """A funktion: what a person does, and so which competences the role profile asks for."""

    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("funktion")
        verbose_name_plural = _("funktioner")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Permission roles. They decide what a person may do, never which competences they need."""

    STAFF = "staff", _("Medarbejder")
    MANAGER = "manager", _("Leder")
    HR = "hr", _("HR")
    PROJECT_LEADER = "project_leader", _("Projektleder")
    PROVIDER_EDITOR = "provider_editor", _("Kursusredaktør")
    NETWORK_EDITOR = "network_editor", _("Netværksredaktør")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        """Only memberships that are in force."""
        return self.filter(is_active=True)

    def with_role(self, role: str) -> MembershipQuerySet:
        """Memberships that hold ``role``."""
        return self.filter(**{Membership.role_field(role): True})

    def with_any_role(self, roles: list[str] | tuple[str, ...]) -> MembershipQuerySet:
        """Memberships that hold at least one of ``roles``."""
        condition = Q()
        for role in roles:
            condition |= Q(**{Membership.role_field(role): True})
        return self.filter(condition)

    def for_listing(self) -> MembershipQuerySet:
        """Everything a member list shows, in a fixed number of queries."""
        return self.select_related("user", "department", "job_function", "organisation")


class Membership(models.Model):
    """A person in an organisation: roles, job function and (optionally) a department."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("afdeling"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    job_function = models.ForeignKey(
        JobFunction,
        verbose_name=_("funktion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    title = models.CharField(_("stillingsbetegnelse"), max_length=100, blank=True)
    # Roles are columns rather than a join table: each is a plain indexed filter, the admin
    # edits them as checkboxes, and adding a role is a deliberate schema change.
    role_staff = models.BooleanField(Role.STAFF.label, default=True)
    role_manager = models.BooleanField(Role.MANAGER.label, default=False)
    role_hr = models.BooleanField(Role.HR.label, default=False)
    role_project_leader = models.BooleanField(Role.PROJECT_LEADER.label, default=False)
    role_provider_editor = models.BooleanField(Role.PROVIDER_EDITOR.label, default=False)
    role_network_editor = models.BooleanField(Role.NETWORK_EDITOR.label, default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        ordering = ["organisation_id", "user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="organisations_membership_unique",
                violation_error_message=_("Personen er allerede medlem af organisationen."),
            ),
            models.CheckConstraint(
                condition=Q(role_staff=True)
                | Q(role_manager=True)
                | Q(role_hr=True)
                | Q(role_project_leader=True)
                | Q(role_provider_editor=True)
                | Q(role_network_editor=True),
                name="organisations_membership_has_role",
                violation_error_message=_("Vælg mindst én rolle."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"

    @staticmethod
    def role_field(role: str) -> str:
        if role not in Role.values:
            raise ValueError(f"Unknown role {role!r}")
        return f"role_{role}"

    @property
    def roles(self) -> set[str]:
        """The role codes this membership holds."""
        return {role for role in Role.values if getattr(self, self.role_field(role))}

    def role_labels(self) -> list[str]:
        return [str(label) for value, label in Role.choices if value in self.roles]

    def clean(self) -> None:
        department = self.department if self.department_id else None
        if department is not None and department.organisation_id != self.organisation_id:
            raise ValidationError(
                {"department": _("Afdelingen hører ikke til denne organisation.")}
            )


# The first migration names these as the defaults; the model now uses the kernel's own.
_invitation_token = invitations.new_token
_invitation_expiry = invitations.default_expiry


class InvitationQuerySet(invitations.InvitationQuerySet["Invitation"]):
    """The kernel's invitation QuerySet (``open``, ``expired``, ``to_address`` …)."""


class Invitation(invitations.Invitation):
    """An invitation to join an organisation. The link is the only way in: no open sign-up."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    roles = models.JSONField(_("roller"), default=list)
    department = models.ForeignKey(
        Department, verbose_name=_("afdeling"), on_delete=models.SET_NULL, null=True, blank=True
    )
    job_function = models.ForeignKey(
        JobFunction, verbose_name=_("funktion"), on_delete=models.PROTECT, null=True, blank=True
    )

    objects = InvitationQuerySet.as_manager()

    class Meta(invitations.Invitation.Meta):
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")
        indexes = [models.Index(fields=["organisation", "email"], name="organisations_inv_email")]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"
