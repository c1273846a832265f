"""Personal data of the organisations app: people, memberships, invitations (core.privacy)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.privacy import Category, Erasure, LegalBasis, Personal, Text, register
from organisations.models import (
    Department,
    IdentityProvider,
    IdentityProviderDomain,
    Invitation,
    JobFunction,
    Membership,
    Organisation,
    PersonImport,
    PersonImportRow,
    User,
)

ACCOUNT = _(
    "Så længe personen har en konto. Konti uden log ind slettes efter organisationens regel "
    "(som standard 36 måneder)."
)
EMPLOYED = _(
    "Så længe personen er tilknyttet organisationen; derefter med kontoen (som standard 36 "
    "måneder uden log ind)."
)
INVITATION = _("Slettes 30 dage efter, at invitationen er udløbet eller trukket tilbage.")


def _account(category: Category, purpose: Text, erasure: Erasure = Erasure.ANONYMISE) -> Personal:
    return Personal(category, purpose, LegalBasis.CONTRACT, ACCOUNT, erasure)


LOGIN = _("Log ind og adgang til platformen")
SECURITY = _("Sikker adgang og spor af seneste log ind")

# The user row is kept on erasure (the erasure request refers to it) and anonymised by the
# erasure's person step, so the walk leaves the row alone (rows=KEEP). It is about the person
# by its key, which no field path expresses: the export finds it through ``subject_q``.
register(
    User,
    area="konto",
    subject_q=lambda person: Q(pk=person.pk),
    rows=Erasure.KEEP,
    personal={
        "email": _account(Category.IDENTITY, LOGIN),
        "first_name": _account(Category.IDENTITY, LOGIN),
        "last_name": _account(Category.IDENTITY, LOGIN),
        "password": _account(Category.SECURITY, LOGIN),
        "last_login": _account(Category.SECURITY, SECURITY),
        "date_joined": _account(Category.ACTIVITY, SECURITY),
        # When the account last changed, so that an HR system syncing through the API sees it.
        "updated_at": _account(
            Category.ACTIVITY, _("Synkronisering med organisationens HR-system")
        ),
    },
    other=("id", "is_superuser", "is_staff", "is_active"),
)

# Organisations and departments are legal entities and estates; their contact details are
# the organisation's own (a shared mailbox, the switchboard), not a person's.
register(
    Organisation,
    other=(
        "id",
        "name",
        "kind",
        "cvr",
        "address",
        "postcode",
        "city",
        "email",
        "phone",
        "website",
        "requires_enrolment_approval",
        "editor_group",
        "created_at",
    ),
)
register(
    Department,
    other=("id", "organisation", "number", "name", "address", "postcode", "city", "homes"),
)
register(JobFunction, other=("id", "code", "name", "description", "sort_order"))

MEMBERSHIP = _(
    "At vise personen organisationens kurser, planer og byggesager, og at give de rigtige roller "
    "adgang (HR, leder, projektleder)"
)
register(
    Membership,
    area="organisationer",
    organisation="organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={
        # How the organisation's HR system knows the person (the HR import matches on it).
        "employee_number": Personal(
            Category.IDENTITY, MEMBERSHIP, LegalBasis.CONTRACT, EMPLOYED, Erasure.DELETE
        ),
        **{
            name: Personal(
                Category.EMPLOYMENT, MEMBERSHIP, LegalBasis.CONTRACT, EMPLOYED, Erasure.DELETE
            )
            for name in (
                "user",
                "organisation",
                "department",
                "job_function",
                "title",
                "role_staff",
                "role_manager",
                "role_hr",
                "role_project_leader",
                "role_provider_editor",
                "role_network_editor",
                "is_active",
                "created_at",
                # From the organisation's HR system (the HR import, the API), and when it changed.
                "manager",
                "updated_at",
            )
        },
    },
    other=("id",),
    context=("organisation__name", "department__name", "job_function__name"),
)

INVITE = _("At invitere personen ind i organisationen og vide, hvem der inviterede")
register(
    Invitation,
    area="organisationer",
    organisation="organisation",
    # Invitations to the person's address that were never accepted are withdrawn by the
    # erasure's own step (they match by e-mail, not by a key).
    subject=("accepted_by",),
    rows=Erasure.DELETE,
    personal={
        **{
            name: Personal(
                Category.IDENTITY, INVITE, LegalBasis.CONTRACT, INVITATION, Erasure.DELETE
            )
            for name in ("email", "first_name", "last_name", "roles", "accepted_by")
        },
        "invited_by": Personal(
            Category.ACTIVITY,
            INVITE,
            LegalBasis.LEGITIMATE_INTEREST,
            INVITATION,
            Erasure.ANONYMISE,
        ),
    },
    other=(
        "id",
        "organisation",
        "department",
        "job_function",
        "token",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ),
    context=("organisation__name",),
)

# Single sign-on settings are about an organisation, not a person. The client secret is a
# secret: no person's export includes these rows (they have no subject), and the admin's
# listing and export leave it out (organisations.wagtail_hooks).
register(
    IdentityProvider,
    other=(
        "id",
        "organisation",
        "name",
        "issuer",
        "client_id",
        "client_secret",
        "is_enabled",
        "require_sso",
        "trust_idp_mfa",
        "created_at",
        "updated_at",
    ),
)
register(IdentityProviderDomain, other=("id", "provider", "domain"))

# The HR import (organisations.people_import): a row is a copy of one line of HR's file about
# one person (the preview, then the report). Kept 90 days after the import finished, a preview
# nobody confirmed 14 days (organisations.people_import.retention); erased with the person it
# is about (``person``: matched in the preview or created when applied). A mention of the person
# in another row (as someone's manager) is scrubbed by the erasure's free-text pass.
IMPORT_ROW = _("At vise HR, hvad en import vil gøre og gjorde med personen")
IMPORT_RETENTION = _(
    "Slettes 90 dage efter, at importen er afsluttet; en forhåndsvisning, der ikke blev "
    "bekræftet, efter 14 dage."
)
register(
    PersonImportRow,
    area="organisationer",
    organisation="person_import__organisation",
    subject=("person",),
    rows=Erasure.DELETE,
    personal={
        name: Personal(
            Category.EMPLOYMENT, IMPORT_ROW, LegalBasis.CONTRACT, IMPORT_RETENTION, Erasure.DELETE
        )
        for name in ("values", "errors", "changes", "membership", "person")
    },
    other=("id", "person_import", "row_number", "action", "applied"),
    context=("person_import__file_name", "person_import__created_at"),
)
# The import itself is the organisation's history (file name, counts, when); the uploader is
# the only person in it, as in an audit entry.
register(
    PersonImport,
    area="organisationer",
    organisation="organisation",
    subject=("uploaded_by",),
    rows=Erasure.ANONYMISE,
    personal={
        "uploaded_by": Personal(
            Category.ACTIVITY,
            _("At vide, hvem der indlæste en fil med organisationens personer"),
            LegalBasis.LEGITIMATE_INTEREST,
            _("Så længe organisationen er på AlmenLæring."),
            Erasure.ANONYMISE,
        ),
    },
    other=(
        "id",
        "organisation",
        "created_at",
        "file_name",
        "file_format",
        "full_list",
        "status",
        "total_rows",
        "processed_rows",
        "counts",
        "started_at",
        "finished_at",
        "failure",
        "ignored_columns",
    ),
)
