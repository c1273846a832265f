"""The access policy: which rows a person may see and change.

Every view asks this module; no view filters by organisation on its own. Object getters raise
``Http404`` for rows outside the person's reach, so another organisation's object looks exactly
like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from organisations.models import (
    Department,
    Invitation,
    Membership,
    MembershipQuerySet,
    Organisation,
    PersonImport,
    PersonImportRow,
    Role,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from organisations.models import User

    AnyUser = User | AnonymousUser

_M = TypeVar("_M", bound=models.Model)

# Roles that may invite people into their organisation and see its invitations.
INVITER_ROLES = (Role.HR, Role.MANAGER)


def _memberships(user: AnyUser) -> list[Membership]:
    """The person's active memberships, loaded once per request object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_lms_memberships", None)
    if cached is None:
        totp = Authenticator.objects.filter(user=OuterRef("user_id"), type=Authenticator.Type.TOTP)
        # Whether the person has TOTP rides along, so that the two-factor gate costs no query
        # of its own on every request of a privileged person.
        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("organisation")
            .annotate(user_has_totp=Exists(totp))
        )
        cast(Any, user)._lms_memberships = cached
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
    memberships = _memberships(user)
    privileged = user.is_superuser or any(
        m.roles & set(settings.LMS_TWO_FACTOR_ROLES) for m in memberships
    )
    if not privileged:
        return False
    if memberships:
        return not cast(Any, memberships[0]).user_has_totp
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


# The member list ("Medlemmer") follows departments, as looking after people does: a person sees
# the colleagues of their own department and those who belong to no department (the office);
# HR, and anyone whose own membership has no department, see the whole organisation.


def _colleagues(user: AnyUser) -> Q:
    """A condition on ``Membership``: the colleagues the person sees in the member lists."""
    condition = Q(pk__in=[])
    for membership in _memberships(user):
        if Role.HR in membership.roles or membership.department_id is None:
            condition |= Q(organisation_id=membership.organisation_id)
        else:
            condition |= Q(organisation_id=membership.organisation_id) & (
                Q(department_id=membership.department_id) | Q(department__isnull=True)
            )
    return condition


def memberships_for(user: AnyUser) -> MembershipQuerySet:
    """Colleagues' memberships the person sees: their department's and the department-less;
    their whole organisation for HR and department-less members; all for the network."""
    if not user.is_authenticated:
        return Membership.objects.none()
    if is_network_editor(user):
        return Membership.objects.active()
    return Membership.objects.active().filter(_colleagues(user))


def sees_all_members(user: AnyUser, organisation: Organisation | int) -> bool:
    """Whether ``memberships_for`` holds the whole of ``organisation`` for the person."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    if is_network_editor(user):
        return True
    return any(
        membership.organisation_id == org_id
        and (Role.HR in membership.roles or membership.department_id is None)
        for membership in _memberships(user)
    )


def department_scope(user: AnyUser, organisation: Organisation | int) -> int | None:
    """The one department the person's reach is limited to in ``organisation``, or None.

    A manager with a department (and without the HR role) looks after that department only:
    they invite into it and see its invitations. HR and managers without a department reach the
    whole organisation.
    """
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    for membership in _memberships(user):
        if membership.organisation_id != org_id or Role.HR in membership.roles:
            continue
        if Role.MANAGER in membership.roles and membership.department_id is not None:
            return membership.department_id
    return None


def get_invitation_for(user: AnyUser, organisation: Organisation, pk: int) -> Invitation:
    """One of ``organisation``'s invitations the person may see and revoke; 404 for others."""
    return get_object_or_404(invitations_for(user), organisation=organisation, pk=pk)


def invitations_for(user: AnyUser) -> QuerySet[Invitation]:
    """Invitations the person may see and revoke: their organisations' as HR or a manager
    without a department, their own department's as a department manager."""
    condition = Q(pk__in=[])
    for membership in _memberships(user):
        if not membership.roles & set(INVITER_ROLES):
            continue
        scope = department_scope(user, membership.organisation_id)
        if scope is None:
            condition |= Q(organisation_id=membership.organisation_id)
        else:
            condition |= Q(organisation_id=membership.organisation_id, department_id=scope)
    return Invitation.objects.filter(condition)


@dataclass(frozen=True)
class OrganisationActions:
    """What the person may do on an organisation's pages (templates read ``actions.can_x``)."""

    can_invite: bool
    can_see_invitations: bool
    sees_all_members: bool
    # A department manager invites into their own department only (None: any department).
    invite_department_id: int | None = None
    can_import_people: bool = False
    # HR manages the organisation's API tokens (the api app's pages; its access.py decides the
    # same way: HR of the organisation, whose rights a token acts with).
    can_manage_api_tokens: bool = False

    @property
    def members_limited(self) -> bool:
        """The member lists show the person's own department (and the department-less) only."""
        return not self.sees_all_members


def actions_for(user: AnyUser, organisation: Organisation) -> OrganisationActions:
    """What the person may do with an organisation they can see."""
    inviter = can_invite(user, organisation)
    return OrganisationActions(
        can_invite=inviter,
        can_see_invitations=inviter,
        sees_all_members=sees_all_members(user, organisation),
        invite_department_id=department_scope(user, organisation) if inviter else None,
        can_import_people=may_import_people(user, organisation),
        can_manage_api_tokens=is_hr(user, organisation),
    )


def may_grant_hr(user: AnyUser, organisation: Organisation | int) -> bool:
    """Only HR gives the HR role (in an invitation, say)."""
    return is_hr(user, organisation)


# --- Who holds an approving role (organisation-level gates) ---------------------------------

APPROVER_ROLES = (Role.HR, Role.MANAGER)


def approver_organisation_ids(user: AnyUser) -> list[int]:
    """Organisations where the person is HR or a manager.

    A gate for organisation-level pages and decisions only: which people's rows the person
    sees is ``own_or_looked_after`` / ``looked_after_memberships`` (a manager: their department).
    """
    return [m.organisation_id for m in _memberships(user) if m.roles & set(APPROVER_ROLES)]


# --- People that HR and managers look after ------------------------------------------------
# HR looks after everyone in its organisation. A manager looks after the people of their own
# department, or of the whole organisation when the manager's membership has no department.
# Every row about a person that HR or a manager reaches (enrolments and approvals, certificates,
# plans, evidence, gaps, enrol-a-colleague, the approval e-mail) goes through this rule.


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
) -> MembershipQuerySet:
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
    queryset: QuerySet[_M],
    *,
    person_field: str = "user",
    organisation_field: str = "organisation",
) -> QuerySet[_M]:
    """Rows about the person, or about people they look after in the row's organisation.

    Enrolments, certificates, plans and evidence use it: HR sees its organisation's rows, a
    manager those of their department's people, everybody their own, and nobody another
    organisation's.
    """
    if not user.is_authenticated:
        return queryset.none()
    looked_after = Membership.objects.active().filter(_looked_after(user))
    # The row's organisation is one the person is HR or a manager in (the EXISTS below says as
    # much); naming those organisations lets PostgreSQL read the rows by an index that starts
    # with the organisation instead of testing every row of the sector (the approvals badge on
    # every HR page counted all 500 organisations' waiting requests).
    condition = Q(**{person_field: user}) | (
        Q(**{f"{organisation_field}__in": _organisations_looked_after(user)})
        & Exists(
            looked_after.filter(
                user_id=OuterRef(person_field), organisation_id=OuterRef(organisation_field)
            )
        )
    )
    return queryset.filter(condition)


def _organisations_looked_after(user: AnyUser) -> list[int]:
    """The organisations where the person is HR or a manager (from the memberships in hand)."""
    return sorted(
        {m.organisation_id for m in _memberships(user) if m.roles & {Role.HR, Role.MANAGER}}
    )


def looks_after(user: AnyUser, person: User | int, organisation: Organisation | int) -> bool:
    """Whether the person is HR for, or the manager of, ``person`` in ``organisation``."""
    person_id = person if isinstance(person, int) else person.pk
    return looked_after_memberships(user, organisation).filter(user_id=person_id).exists()


def approvers_of(person: User | int, organisation: Organisation | int) -> QuerySet[Membership]:
    """Active memberships of the HR people and managers who look after ``person`` in
    ``organisation`` (the inverse of ``looked_after_memberships``; the person may be among them).
    """
    person_id = person if isinstance(person, int) else person.pk
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    in_organisation = Membership.objects.active().filter(organisation_id=org_id)
    persons = in_organisation.filter(user_id=person_id)
    # One membership per person and organisation (a unique constraint), so one department.
    own_department = persons.filter(department__isnull=False).values("department_id")
    return in_organisation.filter(Exists(persons)).filter(
        Q(role_hr=True)
        | Q(role_manager=True, department__isnull=True)
        | Q(role_manager=True, department_id__in=own_department)
    )


def organisation_ids_with_any_role(user: AnyUser, roles: tuple[str, ...]) -> list[int]:
    """Organisations where the person holds at least one of ``roles``."""
    wanted = set(roles)
    return [m.organisation_id for m in _memberships(user) if m.roles & wanted]


def active_memberships(user: AnyUser) -> list[Membership]:
    """The person's active memberships with their organisations (loaded once per request)."""
    return list(_memberships(user))


# --- The HR import of people -----------------------------------------------------------------
# HR of the organisation imports its people (and a superuser, for support). Not the network
# secretariat: a file of another organisation's staff is that organisation's business.


def may_import_people(user: AnyUser, organisation: Organisation | int) -> bool:
    """Whether the person may import people into ``organisation`` and see its imports."""
    return user.is_authenticated and (user.is_superuser or is_hr(user, organisation))


def get_organisation_for_importer(user: AnyUser, pk: int) -> Organisation:
    """An organisation whose people the person may import; 404 for all others."""
    if user.is_authenticated and user.is_superuser:
        return get_object_or_404(Organisation, pk=pk)
    return get_object_or_404(Organisation.objects.filter(pk__in=hr_organisation_ids(user)), pk=pk)


def get_person_import_for(user: AnyUser, organisation: Organisation, pk: int) -> PersonImport:
    """One of ``organisation``'s imports, for its HR; 404 for others' (and for outsiders)."""
    if not may_import_people(user, organisation):
        raise Http404
    return get_object_or_404(
        PersonImport.objects.select_related("organisation", "uploaded_by"),
        organisation=organisation,
        pk=pk,
    )


def get_person_import_row_for(
    user: AnyUser, person_import: PersonImport, pk: int
) -> PersonImportRow:
    """One row of an import the person may see (``get_person_import_for`` first); 404 else."""
    if not may_import_people(user, person_import.organisation_id):
        raise Http404
    return get_object_or_404(PersonImportRow, person_import=person_import, pk=pk)


def me(request: HttpRequest) -> User:
    """The person behind a login-required view (never anonymous there)."""
    return cast("User", request.user)
