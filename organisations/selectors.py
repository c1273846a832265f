"""Reads for the organisation pages: lists that already carry their joins and counts.

Which rows a person may see is the access policy's (``organisations.access``); these functions
start from its answers and add what the page shows, in a fixed number of queries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from organisations import access
from organisations.models import (
    Department,
    Invitation,
    Membership,
    MembershipQuerySet,
    Organisation,
)

if TYPE_CHECKING:
    from organisations.access import AnyUser


def organisation_list(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations the person sees, by name, each with its number of members."""
    return (
        access.organisations_for(user)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def organisation_members(user: AnyUser, organisation: Organisation) -> MembershipQuerySet:
    """The members of ``organisation`` the person sees (their department's, unless HR)."""
    return access.memberships_for(user).filter(organisation=organisation).for_listing()


def department_members(user: AnyUser, department: Department) -> MembershipQuerySet:
    """The members of ``department`` the person sees."""
    return access.memberships_for(user).filter(department=department).for_listing()


def departments_with_counts(organisation: Organisation) -> QuerySet[Department]:
    """The organisation's departments (its structure, open to every member) with head counts."""
    return organisation.departments.annotate(member_count=Count("memberships", distinct=True))


def organisation_invitations(user: AnyUser, organisation: Organisation) -> QuerySet[Invitation]:
    """The invitations into ``organisation`` the person may see, newest first."""
    return (
        access.invitations_for(user)
        .filter(organisation=organisation)
        .select_related("invited_by", "job_function", "department")
    )


# --- The back office (the network secretariat sees every row; Wagtail's permissions gate it) --


def departments_for_admin() -> QuerySet[Department]:
    """Every department with its organisation, for the admin listing."""
    return Department.objects.select_related("organisation")


def memberships_for_admin() -> MembershipQuerySet:
    """Every membership with what the admin listing shows."""
    return Membership.objects.for_listing()


def invitations_for_admin() -> QuerySet[Invitation]:
    """Every invitation with its organisation, for the admin listing."""
    return Invitation.objects.select_related("organisation")
