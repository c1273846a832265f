"""The access policy: which rows a person may see and change.

Every view asks this module; no view filters by organisation on its own. Object getters raise
``Http404`` for rows outside the person's reach, so another organisation's object looks exactly
like one that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from organisations.models import Department, Invitation, Membership, Organisation, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from organisations.models import User

    AnyUser = User | AnonymousUser

# Roles that may invite people into their organisation and see its invitations.
INVITER_ROLES = (Role.HR, Role.MANAGER)


def _memberships(user: AnyUser) -> list[Membership]:
    """The person's active memberships, loaded once per request object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_lms_memberships", None)
    if cached is None:
        cached = list(Membership.objects.active().filter(user=user).select_related("organisation"))
        user._lms_memberships = cached  # type: ignore[union-attr]
    return cached


def roles_in(user: AnyUser, organisation: Organisation | int) -> set[str]:
    """The roles the person holds in one organisation (empty for outsiders)."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    for membership in _memberships(user):
        if membership.organisation_id == org_id:
            return membership.roles
    return set()


def has_role(user: AnyUser, role: str, organisation: Organisation | int | None = None) -> bool:
    """Whether the person holds ``role`` — in ``organisation``, or in any when it is None."""
    if organisation is not None:
        return role in roles_in(user, organisation)
    return any(role in m.roles for m in _memberships(user))


def is_network_editor(user: AnyUser) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.NETWORK_EDITOR))


def needs_two_factor_setup(user: AnyUser) -> bool:
    """True for a holder of a two-factor role (or a superuser) who has no TOTP set up yet."""
    if not user.is_authenticated:
        return False
    privileged = user.is_superuser or any(
        m.roles & set(settings.LMS_TWO_FACTOR_ROLES) for m in _memberships(user)
    )
    if not privileged:
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# --- Organisations ------------------------------------------------------------------------


def organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations the person may see: their own; all of them for the network secretariat."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if is_network_editor(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__is_active=True
    ).distinct()


def get_organisation_for_user(user: AnyUser, pk: int) -> Organisation:
    return get_object_or_404(organisations_for(user), pk=pk)


def organisations_user_can_invite_to(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations where the person is HR or a manager."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    org_ids = [m.organisation_id for m in _memberships(user) if m.roles & set(INVITER_ROLES)]
    return Organisation.objects.filter(pk__in=org_ids)


def can_invite(user: AnyUser, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & set(INVITER_ROLES))


def get_organisation_for_inviter(user: AnyUser, pk: int) -> Organisation:
    """An organisation the person may invite into; 404 for all others."""
    return get_object_or_404(organisations_user_can_invite_to(user), pk=pk)


# --- Departments and members ---------------------------------------------------------------


def departments_for(user: AnyUser) -> QuerySet[Department]:
    return Department.objects.filter(organisation__in=organisations_for(user))


def get_department_for_user(user: AnyUser, organisation: Organisation, pk: int) -> Department:
    return get_object_or_404(departments_for(user), organisation=organisation, pk=pk)


def memberships_for(user: AnyUser) -> QuerySet[Membership]:
    """Colleagues' memberships: those in the organisations the person can see."""
    return Membership.objects.active().filter(organisation__in=organisations_for(user))


def invitations_for(user: AnyUser) -> QuerySet[Invitation]:
    """Invitations of the organisations where the person may invite."""
    return Invitation.objects.filter(organisation__in=organisations_user_can_invite_to(user))


# --- Rows of other apps that belong to a person -------------------------------------------

APPROVER_ROLES = (Role.HR, Role.MANAGER)


def approver_organisation_ids(user: AnyUser) -> list[int]:
    """Organisations where the person is HR or a manager (they see their people's rows)."""
    return [m.organisation_id for m in _memberships(user) if m.roles & set(APPROVER_ROLES)]


def own_or_managed(
    user: AnyUser,
    queryset: QuerySet,
    *,
    person_field: str = "user",
    organisation_field: str = "organisation",
) -> QuerySet:
    """Rows about the person themselves, or about people of organisations they manage.

    Other apps (enrolments, plans …) pass their QuerySet and field names, so the rule lives here.
    """
    if not user.is_authenticated:
        return queryset.none()
    condition = Q(**{person_field: user}) | Q(
        **{f"{organisation_field}__in": approver_organisation_ids(user)}
    )
    return queryset.filter(condition)


# --- People that HR and managers look after ------------------------------------------------
# HR looks after everyone in its organisation. A manager looks after the people of their own
# department, or of the whole organisation when the manager's membership has no department.


def hr_organisation_ids(user: AnyUser) -> list[int]:
    """Organisations where the person holds the HR role."""
    return [m.organisation_id for m in _memberships(user) if Role.HR in m.roles]


def is_hr(user: AnyUser, organisation: Organisation | int) -> bool:
    return Role.HR in roles_in(user, organisation)


def _looked_after(user: AnyUser) -> Q:
    """A condition on ``Membership``: the memberships the person looks after as HR or manager."""
    condition = Q(pk__in=[])
    for membership in _memberships(user):
        if Role.HR in membership.roles or (
            Role.MANAGER in membership.roles and membership.department_id is None
        ):
            condition |= Q(organisation_id=membership.organisation_id)
        elif Role.MANAGER in membership.roles:
            condition |= Q(
                organisation_id=membership.organisation_id,
                department_id=membership.department_id,
            )
    return condition


def looked_after_memberships(
    user: AnyUser, organisation: Organisation | int | None = None
) -> QuerySet[Membership]:
    """Active memberships the person looks after (in ``organisation``, when given)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    queryset = Membership.objects.active().filter(_looked_after(user))
    if organisation is not None:
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        queryset = queryset.filter(organisation_id=org_id)
    return queryset


def own_or_looked_after(
    user: AnyUser,
    queryset: QuerySet,
    *,
    person_field: str = "user",
    organisation_field: str = "organisation",
) -> QuerySet:
    """Rows about the person, or about people they look after in the row's organisation.

    Plans and evidence use it: HR sees its organisation's rows, a manager those of their
    department's people, everybody their own, and nobody another organisation's.
    """
    if not user.is_authenticated:
        return queryset.none()
    looked_after = Membership.objects.active().filter(_looked_after(user))
    condition = Q(**{person_field: user}) | Exists(
        looked_after.filter(
            user_id=OuterRef(person_field), organisation_id=OuterRef(organisation_field)
        )
    )
    return queryset.filter(condition)


def looks_after(user: AnyUser, person: User | int, organisation: Organisation | int) -> bool:
    """Whether the person is HR for, or the manager of, ``person`` in ``organisation``."""
    person_id = person if isinstance(person, int) else person.pk
    return looked_after_memberships(user, organisation).filter(user_id=person_id).exists()


def organisation_ids_with_any_role(user: AnyUser, roles: tuple[str, ...]) -> list[int]:
    """Organisations where the person holds at least one of ``roles``."""
    wanted = set(roles)
    return [m.organisation_id for m in _memberships(user) if m.roles & wanted]


def active_memberships(user: AnyUser) -> list[Membership]:
    """The person's active memberships with their organisations (loaded once per request)."""
    return list(_memberships(user))
