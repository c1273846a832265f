"""People, organisations, departments and memberships.

A membership carries two separate things: permission roles (what a person may do in that
organisation) and a job function (which competences the person needs).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

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
    # For synchronisation (the API's ``updated_since``). Logging in saves only ``last_login``,
    # so it does not count as a change.
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True, db_index=True)

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
    # From the organisation's HR system (HR import, the API): how a person is matched first.
    employee_number = models.CharField(_("medarbejdernummer"), max_length=50, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nærmeste leder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_memberships",
    )
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
    # For synchronisation (the API's ``updated_since``): a save with ``update_fields`` must name
    # it, or the change is invisible to an HR system that syncs.
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)

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
            models.UniqueConstraint(
                fields=["organisation", "employee_number"],
                condition=~Q(employee_number=""),
                name="organisations_membership_employee_number_unique",
                violation_error_message=_(
                    "Medarbejdernummeret er allerede brugt i organisationen."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "updated_at"], name="organisations_mship_updated"),
            # An organisation's active people (the gap analysis, the HR dashboard, a manager's
            # department): found from the organisation, never by scanning every membership.
            models.Index(
                fields=["organisation", "department", "job_function", "user"],
                condition=Q(is_active=True),
                name="organisations_mship_org_active",
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


# --- Single sign-on ------------------------------------------------------------------------


class IdentityProvider(ClusterableModel):
    """An organisation's OpenID Connect identity provider (Microsoft Entra ID, as a rule).

    A person whose e-mail domain is one of ``domains`` is sent there from the login page.
    """

    # Annotated: ClusterableModel is untyped, so the django-stubs plugin cannot infer them.
    organisation: models.OneToOneField[Organisation, Organisation] = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="identity_provider",
    )
    name: models.CharField[str, str] = models.CharField(
        _("navn"),
        max_length=100,
        default="Microsoft Entra ID",
        help_text=_("Vises på login-siden."),
    )
    issuer: models.URLField[str, str] = models.URLField(
        _("udsteder (issuer)"),
        max_length=500,
        help_text=_(
            "OpenID Connect-udstederens adresse, fx "
            "https://login.microsoftonline.com/<tenant-id>/v2.0"
        ),
    )
    client_id: models.CharField[str, str] = models.CharField(_("klient-id"), max_length=200)
    client_secret: models.CharField[str, str] = models.CharField(
        _("klienthemmelighed"), max_length=500
    )
    is_enabled: models.BooleanField[bool, bool] = models.BooleanField(_("aktiv"), default=True)
    require_sso: models.BooleanField[bool, bool] = models.BooleanField(
        _("kræv single sign-on"),
        default=False,
        help_text=_(
            "Organisationens personer kan kun logge ind gennem identitetsudbyderen, ikke med "
            "adgangskode."
        ),
    )
    trust_idp_mfa: models.BooleanField[bool, bool] = models.BooleanField(
        _("godtag identitetsudbyderens to-faktor"),
        default=True,
        help_text=_(
            "Når identitetsudbyderen oplyser, at personen har brugt to-faktor (amr), beder "
            "AlmenLæring ikke om sin egen kode."
        ),
    )
    created_at: models.DateTimeField[datetime, datetime] = models.DateTimeField(
        _("oprettet"), auto_now_add=True
    )
    updated_at: models.DateTimeField[datetime, datetime] = models.DateTimeField(
        _("opdateret"), auto_now=True
    )

    class Meta:
        verbose_name = _("identitetsudbyder")
        verbose_name_plural = _("identitetsudbydere")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.name} – {self.organisation}"


domain_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    _("Skriv et domæne som boligselskab.dk: små bogstaver, uden @ og uden https://."),
)


class IdentityProviderDomain(models.Model):
    """An e-mail domain an identity provider covers. A domain belongs to one organisation."""

    provider = ParentalKey(
        IdentityProvider,
        verbose_name=_("identitetsudbyder"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    domain = models.CharField(_("domæne"), max_length=253, validators=[domain_validator])

    class Meta:
        verbose_name = _("e-maildomæne")
        verbose_name_plural = _("e-maildomæner")
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(
                Lower("domain"),
                name="organisations_sso_domain_unique",
                violation_error_message=_("Domænet hører allerede til en anden organisation."),
            ),
        ]

    def __str__(self) -> str:
        return self.domain


# --- HR import ------------------------------------------------------------------------------


class PersonImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Forhåndsvisning")
    QUEUED = "queued", _("I kø")
    APPLYING = "applying", _("Indlæses")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlet")
    CANCELLED = "cancelled", _("Annulleret")


class PersonImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class PersonImport(models.Model):
    """One HR file of people: previewed row by row, then applied by a task."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="person_imports",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("indlæst af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    file_name = models.CharField(_("filnavn"), max_length=255)
    file_format = models.CharField(_("filformat"), max_length=4, choices=PersonImportFormat.choices)
    full_list = models.BooleanField(
        _("fuld liste"),
        default=False,
        help_text=_("Personer, der ikke står i filen, deaktiveres (de slettes ikke)."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PersonImportStatus.choices,
        default=PersonImportStatus.PREVIEW,
    )
    total_rows = models.PositiveIntegerField(_("rækker i alt"), default=0)
    processed_rows = models.PositiveIntegerField(_("behandlede rækker"), default=0)
    counts = models.JSONField(_("optælling"), default=dict, blank=True)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    failure = models.TextField(_("fejl"), blank=True)
    # Headings the file had that the import does not know: ignored, but shown in the preview.
    ignored_columns = models.JSONField(_("ignorerede kolonner"), default=list, blank=True)

    class Meta:
        verbose_name = _("personimport")
        verbose_name_plural = _("personimporter")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PersonImportStatus.values),
                name="organisations_import_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")),
                name="organisations_import_progress_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.organisation})"


class PersonImportAction(models.TextChoices):
    CREATE = "create", _("Oprettes")
    UPDATE = "update", _("Opdateres")
    UNCHANGED = "unchanged", _("Uændret")
    DEACTIVATE = "deactivate", _("Deaktiveres")
    ERROR = "error", _("Fejl")


class PersonImportRow(models.Model):
    """What one row of the file will do (the preview) and, once applied, did."""

    person_import = models.ForeignKey(
        PersonImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="rows"
    )
    # The line in the file (the header is line 1); empty for a deactivation, which has no line.
    row_number = models.PositiveIntegerField(_("linje"), null=True, blank=True)
    values = models.JSONField(_("værdier"), default=dict, blank=True)
    action = models.CharField(_("handling"), max_length=10, choices=PersonImportAction.choices)
    errors = models.JSONField(_("fejl"), default=list, blank=True)
    changes = models.JSONField(_("ændringer"), default=dict, blank=True)
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("medlemskab"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The person the row is about, once known (matched in the preview, or created when
    # applied): export and erasure find the row through it, error rows included.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set in the same transaction as the row's change: a task that restarts after a worker died
    # skips what is already done, so nothing is applied twice.
    applied = models.BooleanField(_("gennemført"), default=False)

    class Meta:
        verbose_name = _("importrække")
        verbose_name_plural = _("importrækker")
        ordering = ["person_import_id", "row_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_import", "row_number"],
                condition=Q(row_number__isnull=False),
                name="organisations_import_row_unique",
            ),
            models.CheckConstraint(
                condition=Q(action__in=PersonImportAction.values),
                name="organisations_import_row_action_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["person_import", "action"], name="organisations_improw_action"),
        ]

    def __str__(self) -> str:
        return f"{self.person_import_id}:{self.row_number} {self.action}"
