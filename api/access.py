"""The API app's access policy: HR's token pages, and what a token may read.

Token pages: only HR of the organisation manages its tokens; for everyone else (another
organisation's HR included) the organisation and its tokens answer 404.

The API: a token reads its own organisation with the rights of HR there. The authentication
(api.authentication) has already checked that the token's creator is active HR of that
organisation, and HR sees all of the organisation's people (organisations.access:
``sees_all_members``), so the organisation's rows are exactly what the token may see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from api.models import ApiToken, ApiTokenQuerySet
from organisations import access as organisation_access
from organisations.models import Department, Membership, MembershipQuerySet, Organisation

if TYPE_CHECKING:
    from organisations.access import AnyUser


# --- HR's token pages -------------------------------------------------------------------------


def token_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations whose API tokens the person manages: those where they are HR."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=organisation_access.hr_organisation_ids(user))


def may_manage_tokens(user: AnyUser, organisation: Organisation | int) -> bool:
    return user.is_authenticated and organisation_access.is_hr(user, organisation)


def get_organisation_for_token_admin(user: AnyUser, pk: int) -> Organisation:
    """An organisation whose tokens the person manages; 404 for every other."""
    return get_object_or_404(token_organisations_for(user), pk=pk)


def tokens_for(user: AnyUser, organisation: Organisation) -> ApiTokenQuerySet:
    """The organisation's tokens, when the person manages them; none otherwise."""
    if not may_manage_tokens(user, organisation):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(organisation=organisation)


def get_token_for(user: AnyUser, organisation: Organisation, pk: int) -> ApiToken:
    """One of the organisation's tokens; 404 for another organisation's or when not HR."""
    return get_object_or_404(tokens_for(user, organisation), pk=pk)


# --- What a token reads -----------------------------------------------------------------------


def memberships_for_token(token: ApiToken) -> MembershipQuerySet:
    """The token organisation's memberships, active or not (a sync must see deactivations)."""
    return Membership.objects.filter(organisation_id=token.organisation_id)


def departments_for_token(token: ApiToken) -> QuerySet[Department]:
    """The token organisation's departments."""
    return Department.objects.filter(organisation_id=token.organisation_id)
