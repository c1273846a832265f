"""Who may see and do what in the competencies app, built on ``organisations.access``.

The shape of every app's policy (``core/access.py``): ``<objects>_for(user)`` are the rows a
person may see, ``get_<object>_for(user, pk, ...)`` one of them or ``Http404`` (another
organisation's row looks exactly like one that does not exist), and ``actions_for(user, obj)``
what the person may do with a row they see, as a frozen dataclass of booleans that the views
hand to the templates as ``actions``. Services call the predicates below; no view, service or
selector decides access on its own.

- Plans and evidence are about a person: the person sees their own, HR sees its
  organisation's, a manager those of the people they look after (``own_or_looked_after``).
- Plans: the person and whoever looks after them draft, edit and submit; HR of the plan's
  organisation approves and returns (never their own plan).
- Evidence: HR of the organisation it was recorded in decides on prior learning (never their
  own) and withdraws approved evidence; a manager or HR assesses the people they look after.
- The adviser register is for members of any organisation; a consultant's HR and managers
  edit its listing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast, overload

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from competencies import adviser_register
from competencies.models import (
    AdviserListing,
    CompetencePlan,
    Evidence,
    EvidenceStatus,
    LearningStrategy,
    PlanActivity,
    PlanGoal,
    PlanStatus,
    StrategyGoal,
    StrategyPlanLine,
    TargetGroup,
)
from organisations import access
from organisations.models import Membership, Organisation, OrganisationKind, Role, User

if TYPE_CHECKING:
    from competencies.models.evidence import EvidenceQuerySet
    from competencies.models.plans import CompetencePlanQuerySet
    from organisations.access import AnyUser

S = PlanStatus


# --- People and their organisations ---------------------------------------------------------


def is_self(user: AnyUser, person: User | int) -> bool:
    """Whether ``person`` is the person themselves."""
    return user.pk == (person if isinstance(person, int) else person.pk)


def is_member(user: AnyUser, organisation: Organisation | int) -> bool:
    """Whether the person holds any role in ``organisation`` (is one of its people)."""
    return bool(access.roles_in(user, organisation))


def member_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations the person belongs to (any role), by name."""
    ids = access.organisation_ids_with_any_role(user, tuple(Role.values))
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def looks_after(user: AnyUser, person: User | int, organisation: Organisation | int) -> bool:
    """Whether the person is HR for, or the manager of, ``person`` in ``organisation``."""
    return access.looks_after(user, person, organisation)


def looks_after_anyone(user: AnyUser) -> bool:
    """Whether the person is HR or a manager anywhere (sees other people's plans)."""
    return bool(access.approver_organisation_ids(user))


def hr_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations where the person is HR, by name."""
    return Organisation.objects.filter(pk__in=access.hr_organisation_ids(user)).order_by("name")


def get_hr_organisation_for(user: AnyUser, pk: int) -> Organisation:
    """An organisation where the person is HR; 404 for every other."""
    return get_object_or_404(
        Organisation.objects.filter(pk__in=access.hr_organisation_ids(user)), pk=pk
    )


# --- Plans ---------------------------------------------------------------------------------


def plans_for(user: AnyUser) -> CompetencePlanQuerySet:
    """Plans of the person, and of the people they look after (HR: its organisation)."""
    return cast(
        "CompetencePlanQuerySet", access.own_or_looked_after(user, CompetencePlan.objects.all())
    )


def get_plan_for(user: AnyUser, pk: int) -> CompetencePlan:
    """A plan the person sees, with person, organisation and approver; 404 for every other."""
    plans = plans_for(user).select_related("user", "organisation", "approved_by")
    return get_object_or_404(plans, pk=pk)


def get_goal_for(user: AnyUser, plan: CompetencePlan, pk: int) -> PlanGoal:
    """A goal of ``plan`` (which comes from ``get_plan_for``); 404 for any other goal."""
    return get_object_or_404(PlanGoal.objects.filter(plan=plan), pk=pk)


def get_activity_for(user: AnyUser, plan: CompetencePlan, pk: int) -> PlanActivity:
    """An activity of ``plan`` (which comes from ``get_plan_for``); 404 for any other."""
    return get_object_or_404(PlanActivity.objects.filter(plan=plan), pk=pk)


def plannable_memberships_for(user: AnyUser) -> QuerySet[Membership]:
    """The memberships a person may make a plan for: their own first, then those of the people
    they look after, by organisation and name."""
    if not user.is_authenticated:
        return Membership.objects.none()
    own = Membership.objects.active().filter(user=user)
    mine_first = Case(When(user=user, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        (own | access.looked_after_memberships(user))
        .select_related("user", "organisation", "department")
        .order_by(mine_first, "organisation__name", "user__first_name", "user__last_name")
    )


def plan_review_organisation_ids(user: AnyUser) -> list[int]:
    """Organisations whose plans the person reviews (approves, returns): where they are HR."""
    return access.hr_organisation_ids(user)


def can_make_plans(user: AnyUser) -> bool:
    """Whether the person may make any plan (for themselves or someone they look after)."""
    return plannable_memberships_for(user).exists()


def cares_for_plan(user: AnyUser, plan: CompetencePlan) -> bool:
    """The plan's person, or whoever looks after them in the plan's organisation."""
    return plan.user_id == user.pk or access.looks_after(user, plan.user_id, plan.organisation_id)


def can_plan_for(user: AnyUser, person: User, organisation: Organisation) -> bool:
    """Whether the person may make a plan for ``person`` in ``organisation``: for themselves,
    or for someone they look after there."""
    return is_self(user, person) or access.looks_after(user, person, organisation)


def can_edit_plan(user: AnyUser, plan: CompetencePlan) -> bool:
    """The person or whoever looks after them, while the plan is a draft or returned."""
    return plan.is_editable and cares_for_plan(user, plan)


def can_review_plan(user: AnyUser, plan: CompetencePlan) -> bool:
    """HR of the plan's organisation, for someone else's plan."""
    return plan.user_id != user.pk and access.is_hr(user, plan.organisation_id)


def awaits_review_by(user: AnyUser, plan: CompetencePlan) -> bool:
    """A submitted plan the person reviews (HR of its organisation, not their own plan)."""
    return plan.status == S.SUBMITTED and can_review_plan(user, plan)


def is_own(user: AnyUser, row: CompetencePlan | Evidence) -> bool:
    """Whether the plan or evidence is about the person themselves."""
    return row.user_id == user.pk


@dataclass(frozen=True)
class PlanActions:
    """What the viewer may do with a plan they see (the buttons on its page)."""

    can_edit: bool = False
    can_submit: bool = False
    can_approve: bool = False
    can_return: bool = False
    can_comment: bool = False
    can_complete: bool = False
    can_tick: bool = False
    can_assess: bool = False


def plan_actions_for(user: AnyUser, plan: CompetencePlan) -> PlanActions:
    """Whoever sees a plan is its person or looks after them; HR also reviews it."""
    can_edit = can_edit_plan(user, plan)
    can_review = can_review_plan(user, plan)
    return PlanActions(
        can_edit=can_edit,
        can_submit=can_edit,
        can_approve=can_review and plan.status == S.SUBMITTED,
        can_return=can_review and plan.status in (S.SUBMITTED, S.APPROVED),
        can_comment=True,  # whoever sees a plan is its person, looks after them or is HR
        can_complete=plan.status == S.APPROVED,
        can_tick=can_edit or plan.status == S.APPROVED,
        can_assess=plan.user_id != user.pk
        and access.looks_after(user, plan.user_id, plan.organisation_id),
    )


# --- Evidence ------------------------------------------------------------------------------


def evidence_for(user: AnyUser) -> EvidenceQuerySet:
    """Evidence of the person, and of the people they look after in the organisation it was
    recorded in (HR: its organisation's)."""
    return cast("EvidenceQuerySet", access.own_or_looked_after(user, Evidence.objects.all()))


def get_evidence_for(user: AnyUser, pk: int) -> Evidence:
    """Evidence the person sees, with what its page shows; 404 for every other."""
    evidence = evidence_for(user).select_related(
        "user", "competence__area", "guide", "organisation", "recorded_by", "decided_by"
    )
    return get_object_or_404(evidence, pk=pk)


def evidence_to_decide_for(user: AnyUser) -> EvidenceQuerySet:
    """Evidence the person sees and may decide on: nobody decides on their own documentation."""
    if not user.is_authenticated:
        return Evidence.objects.none()
    return evidence_for(user).exclude(user_id=user.pk)


def is_evidence_hr(user: AnyUser, evidence: Evidence) -> bool:
    """HR of the organisation the evidence was recorded in."""
    return evidence.organisation_id is not None and access.is_hr(user, evidence.organisation_id)


def can_decide_evidence(user: AnyUser, evidence: Evidence) -> bool:
    """HR of the evidence's organisation, for someone else's prior learning."""
    return not is_own(user, evidence) and is_evidence_hr(user, evidence)


def can_assess(user: AnyUser, person: User, organisation: Organisation) -> bool:
    """A manager or HR who looks after ``person`` (never themselves) records an assessment."""
    return not is_self(user, person) and access.looks_after(user, person, organisation)


def get_assessment_membership_for(user: AnyUser, organisation_pk: int, user_pk: int) -> Membership:
    """The membership of a person the viewer assesses: in an organisation where the viewer is
    HR or a manager, of someone they look after there; 404 for everyone else."""
    organisation = get_object_or_404(
        Organisation.objects.filter(pk__in=access.approver_organisation_ids(user)),
        pk=organisation_pk,
    )
    return get_object_or_404(
        access.looked_after_memberships(user, organisation).select_related(
            "user", "organisation", "department", "job_function"
        ),
        user_id=user_pk,
    )


@dataclass(frozen=True)
class EvidenceActions:
    """What the viewer may do with evidence they see."""

    can_decide: bool = False
    can_withdraw: bool = False


def evidence_actions_for(user: AnyUser, evidence: Evidence) -> EvidenceActions:
    """HR decides on pending prior learning (not its own) and withdraws approved evidence."""
    is_hr = is_evidence_hr(user, evidence)
    return EvidenceActions(
        can_decide=is_hr
        and not is_own(user, evidence)
        and evidence.status == EvidenceStatus.PENDING,
        can_withdraw=is_hr and evidence.status == EvidenceStatus.APPROVED,
    )


# --- Advisers ------------------------------------------------------------------------------

LISTING_EDITOR_ROLES = (Role.HR, Role.MANAGER)


def may_use_adviser_register(user: AnyUser) -> bool:
    """The register is for the people of an organisation (any role)."""
    return bool(access.organisation_ids_with_any_role(user, tuple(Role.values)))


def adviser_listings_for(user: AnyUser) -> QuerySet[AdviserListing]:
    """The listed consultant organisations, for a member of any organisation; none otherwise."""
    if not may_use_adviser_register(user):
        return AdviserListing.objects.none()
    return adviser_register.listed_advisers()


def require_adviser_register(user: AnyUser) -> None:
    """Anyone who is not one of an organisation's people finds nothing here (404)."""
    if not may_use_adviser_register(user):
        raise Http404


def get_adviser_listing_for(user: AnyUser, organisation_pk: int) -> AdviserListing:
    """A listed consultant (by organisation id), with its organisation; 404 when it is not
    listed or the person is no organisation's member."""
    return get_object_or_404(adviser_listings_for(user), organisation_id=organisation_pk)


def can_edit_adviser_listing(user: AnyUser, organisation: Organisation | int) -> bool:
    """A consultant organisation's HR and managers edit its listing."""
    return bool(access.roles_in(user, organisation) & set(LISTING_EDITOR_ROLES))


def listing_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """Consultant organisations whose listing the person may edit, by name."""
    ids = access.organisation_ids_with_any_role(user, LISTING_EDITOR_ROLES)
    return Organisation.objects.filter(kind=OrganisationKind.CONSULTANT, pk__in=ids).order_by(
        "name"
    )


def get_listing_organisation_for(user: AnyUser, pk: int) -> Organisation:
    """A consultant organisation whose listing the person edits; 404 otherwise."""
    return get_object_or_404(listing_organisations_for(user), pk=pk)


@dataclass(frozen=True)
class AdviserActions:
    """What the viewer may do with a listing they see."""

    can_edit: bool = False


def adviser_actions_for(user: AnyUser, listing: AdviserListing) -> AdviserActions:
    return AdviserActions(can_edit=can_edit_adviser_listing(user, listing.organisation_id))


# --- HR: the competence pages of an organisation ----------------------------------------------
# HR and managers of an organisation see its dashboard, gap analysis, people and role profiles
# (everybody else: 404). The people they see are the ones they look after: HR the whole
# organisation, a manager their department. Only HR changes the organisation's role profiles.

HR_PAGE_ROLES = frozenset({Role.HR, Role.MANAGER})


def dashboard_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations whose competence pages the person sees: HR or a manager there."""
    ids = access.organisation_ids_with_any_role(user, tuple(HR_PAGE_ROLES))
    return Organisation.objects.filter(pk__in=ids)


def get_dashboard_organisation_for(user: AnyUser, pk: int) -> Organisation:
    """An organisation whose competence pages the person sees (HR or a manager there); 404
    for every other."""
    if not access.roles_in(user, pk) & HR_PAGE_ROLES:
        raise Http404
    return access.get_organisation_for_user(user, pk)


def people_for(user: AnyUser, organisation: Organisation | int) -> QuerySet[Membership]:
    """The active memberships in ``organisation`` the person looks after (HR: everybody)."""
    return access.looked_after_memberships(user, organisation)


def get_person_for(user: AnyUser, organisation: Organisation, user_pk: int) -> Membership:
    """The membership of a person the viewer looks after in ``organisation``, with person,
    department and job function; 404 for everyone else."""
    people = people_for(user, organisation).select_related("user", "department", "job_function")
    return get_object_or_404(people, user_id=user_pk)


def hr_organisation_list(user: AnyUser) -> list[Organisation]:
    """The organisations where the person is HR, from the memberships the request already
    loaded (no query): the start page's HR panels."""
    return [m.organisation for m in access.active_memberships(user) if Role.HR in m.roles]


def reviewers_of(organisation: Organisation | int) -> QuerySet[Membership]:
    """Who reviews the organisation's plans and decides on its prior learning: its HR (the
    e-mails about a submitted plan or prior learning go to them)."""
    return Membership.objects.active().with_role(Role.HR).filter(organisation=organisation)


def can_manage_role_profiles(user: AnyUser, organisation: Organisation | int) -> bool:
    """HR adopts, changes and resets the organisation's own role profiles."""
    return access.is_hr(user, organisation)


@dataclass(frozen=True)
class HrActions:
    """What the viewer may do on an organisation's competence pages."""

    # HR sees the whole organisation; a manager the people of their department.
    sees_whole_organisation: bool = False
    can_decide_prior_learning: bool = False
    can_manage_role_profiles: bool = False


def hr_actions_for(user: AnyUser, organisation: Organisation) -> HrActions:
    is_hr = access.is_hr(user, organisation)
    return HrActions(
        sees_whole_organisation=is_hr,
        can_decide_prior_learning=is_hr,
        can_manage_role_profiles=is_hr,
    )


# --- Strategies (Læringspilen) ---------------------------------------------------------------
# HR and managers of the owning organisation read its strategies; only HR writes them. The
# pages that change a strategy are 404 for a manager, as for an outsider.

STRATEGY_READER_ROLES = (Role.HR, Role.MANAGER)


def strategy_organisation_ids(user: AnyUser, *, editing: bool = False) -> list[int]:
    """Organisations whose strategies the person reads (HR or manager), or edits (HR)."""
    if editing:
        return access.hr_organisation_ids(user)
    return access.organisation_ids_with_any_role(user, STRATEGY_READER_ROLES)


def strategies_for(user: AnyUser, *, editing: bool = False) -> QuerySet[LearningStrategy]:
    """Strategies the person reads (or, ``editing``, changes), with their organisation."""
    if not user.is_authenticated:
        return LearningStrategy.objects.none()
    strategies = LearningStrategy.objects.filter(
        organisation_id__in=strategy_organisation_ids(user)
    ).select_related("organisation")
    if editing:
        strategies = strategies.filter(organisation_id__in=access.hr_organisation_ids(user))
    return strategies


def get_strategy_for(user: AnyUser, pk: int, *, editing: bool = False) -> LearningStrategy:
    """A strategy the person reads (or, ``editing``, changes); 404 for every other."""
    return get_object_or_404(strategies_for(user, editing=editing), pk=pk)


def get_strategy_organisation_for(user: AnyUser, pk: int, *, editing: bool = False) -> Organisation:
    """An organisation whose strategies the person reads (or, ``editing``, creates); 404
    otherwise."""
    ids = strategy_organisation_ids(user, editing=editing)
    return get_object_or_404(Organisation.objects.filter(pk__in=ids), pk=pk)


StrategyPart = TypeVar("StrategyPart", StrategyGoal, TargetGroup, StrategyPlanLine)


def get_strategy_part_for(
    strategy: LearningStrategy, model: type[StrategyPart], pk: int
) -> StrategyPart:
    """A goal, target group or plan line of ``strategy`` (which comes from
    ``get_strategy_for``); 404 for one of another strategy."""
    return get_object_or_404(model.objects.filter(strategy=strategy), pk=pk)


def can_manage_strategies(user: AnyUser, organisation: Organisation | int) -> bool:
    """HR writes the organisation's strategies (the services' check)."""
    return access.is_hr(user, organisation)


@dataclass(frozen=True)
class StrategyActions:
    """What the viewer may do with a strategy (or an organisation's strategies) they see."""

    can_edit: bool = False
    can_export: bool = False


def strategy_actions_for(user: AnyUser, obj: LearningStrategy | Organisation) -> StrategyActions:
    """Whoever reads a strategy exports it; HR of its organisation edits it."""
    organisation_id = obj.organisation_id if isinstance(obj, LearningStrategy) else obj.pk
    return StrategyActions(can_edit=can_manage_strategies(user, organisation_id), can_export=True)


# --- What a person may do with an object (every kind of object) -----------------------------
# One ``actions_for``: each section adds its overload and its branch here.


@overload
def actions_for(user: AnyUser, obj: CompetencePlan) -> PlanActions: ...
@overload
def actions_for(user: AnyUser, obj: Evidence) -> EvidenceActions: ...
@overload
def actions_for(user: AnyUser, obj: AdviserListing) -> AdviserActions: ...
@overload
def actions_for(user: AnyUser, obj: LearningStrategy) -> StrategyActions: ...
@overload
def actions_for(user: AnyUser, obj: Organisation) -> HrActions: ...
def actions_for(
    user: AnyUser,
    obj: CompetencePlan | Evidence | AdviserListing | LearningStrategy | Organisation,
) -> PlanActions | EvidenceActions | AdviserActions | StrategyActions | HrActions:
    """What the person may do with ``obj`` (a row they see): the flags templates read."""
    if isinstance(obj, CompetencePlan):
        return plan_actions_for(user, obj)
    if isinstance(obj, Evidence):
        return evidence_actions_for(user, obj)
    if isinstance(obj, AdviserListing):
        return adviser_actions_for(user, obj)
    if isinstance(obj, LearningStrategy):
        return strategy_actions_for(user, obj)
    if isinstance(obj, Organisation):
        return hr_actions_for(user, obj)
    raise TypeError(f"No actions for {type(obj).__name__}")
