"""The access policy of the person's rights: exports, erasure requests and the access log.

In the shape of ``core.access``: what a person may see (``exports_for``,
``erasure_requests_for``, ``log_organisations_for``), one row of those or 404
(``get_export_for``, ``get_erasure_request_for`` …), and what they may do
(``actions_for`` → ``PrivacyActions`` for the Mine data page, ``ErasureActions`` for a request).
The roles behind it are ``organisations.access``'s: HR acts for the people of its organisation,
the network secretariat for everybody.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from organisations import access
from organisations.models import Membership, Organisation, User
from privacy.models import ErasureRequest, ExportRequest

if TYPE_CHECKING:
    from organisations.access import AnyUser


# --- Exports ---------------------------------------------------------------------------------


def exports_for(user: AnyUser) -> QuerySet[ExportRequest]:
    """Exports the person may see and download: their own (whoever produced them), and those
    HR of an organisation produced for its people, while the person is still an active member
    of that organisation (once they leave, its HR no longer acts for them)."""
    if not user.is_authenticated:
        return ExportRequest.objects.none()
    still_member = Membership.objects.active().filter(
        user=OuterRef("person"), organisation=OuterRef("organisation")
    )
    return ExportRequest.objects.filter(
        Q(person=user)
        | (Q(organisation_id__in=access.hr_organisation_ids(user)) & Q(Exists(still_member)))
    ).select_related("person")


def get_export_for(user: AnyUser, pk: int) -> ExportRequest:
    """One export the person may see; 404 for every other."""
    return get_object_or_404(exports_for(user), pk=pk)


def hr_organisation_of(actor: AnyUser, person: User) -> Organisation | None:
    """An organisation where ``actor`` is HR and ``person`` is a member; None otherwise."""
    membership = (
        Membership.objects.active()
        .filter(user=person, organisation_id__in=access.hr_organisation_ids(actor))
        .select_related("organisation")
        .order_by("organisation__name")
        .first()
    )
    return membership.organisation if membership else None


def get_person_for_hr(actor: AnyUser, user_id: int) -> tuple[User, Organisation]:
    """A person HR acts for, with the organisation it acts in; 404 for everyone else."""
    person = get_object_or_404(User.objects.filter(is_active=True), pk=user_id)
    organisation = hr_organisation_of(actor, person)
    if organisation is None:
        raise Http404
    return person, organisation


def may_export_for(actor: AnyUser, person: User, organisation: Organisation | None) -> bool:
    """Whether ``actor`` may ask for ``person``'s export: the person, or HR of ``organisation``
    where the person is an active member."""
    if actor.pk == person.pk:
        return True
    return (
        organisation is not None
        and access.is_hr(actor, organisation)
        and Membership.objects.active().filter(user=person, organisation=organisation).exists()
    )


# --- Erasure ---------------------------------------------------------------------------------


def decider_organisation_ids(actor: AnyUser) -> list[int]:
    """The organisations whose people's requests ``actor`` decides on as HR."""
    return access.hr_organisation_ids(actor)


def may_decide_any(actor: AnyUser) -> bool:
    """Whether the person decides erasure requests at all (HR, or the network secretariat)."""
    return access.is_network_editor(actor) or bool(decider_organisation_ids(actor))


def can_decide(actor: AnyUser, person: User | None) -> bool:
    """HR of one of the person's organisations, or a network editor; never the person."""
    if person is None or not actor.is_authenticated or actor.pk == person.pk:
        return False
    if access.is_network_editor(actor):
        return True
    hr_of = decider_organisation_ids(actor)
    return Membership.objects.filter(user=person, organisation_id__in=hr_of).exists()


def may_request_erasure_for(actor: AnyUser, person: User) -> bool:
    """The person asks for themselves; HR or the network may ask on their behalf."""
    return actor.pk == person.pk or can_decide(actor, person)


def may_cancel_erasure_request(actor: AnyUser, request: ErasureRequest) -> bool:
    """Only the person withdraws their own request."""
    return actor.pk == request.person_id


def erasure_requests_for(actor: AnyUser) -> QuerySet[ErasureRequest]:
    """The erasure requests ``actor`` may see and decide on."""
    rows = ErasureRequest.objects.select_related("person", "organisation", "requested_by")
    if access.is_network_editor(actor):
        return rows
    hr_of = decider_organisation_ids(actor)
    people = Membership.objects.filter(organisation_id__in=hr_of).values("user_id")
    return rows.filter(Q(organisation_id__in=hr_of) | Q(person_id__in=people)).exclude(
        person_id=actor.pk
    )


def get_erasure_request_for(actor: AnyUser, pk: int) -> ErasureRequest:
    """One request the person may decide on; 404 for every other."""
    return get_object_or_404(erasure_requests_for(actor), pk=pk)


def own_erasure_requests(person: AnyUser) -> QuerySet[ErasureRequest]:
    """The person's own erasure requests."""
    return ErasureRequest.objects.filter(person_id=person.pk)


def get_own_erasure_request(person: AnyUser, pk: int) -> ErasureRequest:
    """One of the person's own requests; 404 for anybody else's."""
    return get_object_or_404(own_erasure_requests(person), pk=pk)


# --- The access log --------------------------------------------------------------------------


def log_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations whose access log the person may read: where they are HR."""
    return Organisation.objects.filter(pk__in=access.hr_organisation_ids(user)).order_by("name")


def get_log_organisation_for(user: AnyUser, pk: int) -> Organisation:
    """An organisation whose log the person reads; 404 for every other."""
    return get_object_or_404(log_organisations_for(user), pk=pk)


# --- What the person may do ------------------------------------------------------------------


@dataclass(frozen=True)
class PrivacyActions:
    """The privacy duties the person has besides their own data (the Mine data page)."""

    can_read_access_log: bool
    can_decide_erasures: bool


@dataclass(frozen=True)
class ErasureActions:
    """What the person may do with an erasure request they can see (deciding it is checked by
    the services, with the row locked)."""

    is_own: bool


@overload
def actions_for(user: AnyUser, obj: ErasureRequest) -> ErasureActions: ...
@overload
def actions_for(user: AnyUser, obj: Any = None) -> PrivacyActions: ...


def actions_for(user: AnyUser, obj: Any = None) -> PrivacyActions | ErasureActions:
    """For an erasure request: is it the person's own. Otherwise (the Mine data page): which
    privacy duties the person has for others."""
    if isinstance(obj, ErasureRequest):
        return ErasureActions(is_own=obj.person_id is not None and obj.person_id == user.pk)
    hr = bool(access.hr_organisation_ids(user))
    return PrivacyActions(
        can_read_access_log=hr,
        can_decide_erasures=hr or access.is_network_editor(user),
    )
