"""Personal data of the organisations app: people, memberships, invitations (core.privacy)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.privacy import Category, Erasure, LegalBasis, Personal, Text, register
from organisations.models import Department, Invitation, JobFunction, Membership, Organisation, User

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
        )
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
