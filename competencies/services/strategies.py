"""Writes of Læringspilen strategies, organisations' role profiles and adviser listings.

HR of an organisation owns its strategy and its adjusted role profiles; managers read them.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competencies import access
from competencies.models import (
    AdviserListing,
    AdviserOptOut,
    Competence,
    LearningStrategy,
    RoleProfile,
    RoleProfileRequirement,
    StrategyGoal,
    StrategyPlanLine,
    TargetGroup,
)
from competencies.services import summaries
from core.db import save_or_existing, save_or_refuse
from organisations.models import JobFunction, Organisation, OrganisationKind, User

STRATEGY_FIELDS = ("title", "starts_year", "ends_year", "vision", "hourly_rate", "status")
GOAL_FIELDS = (
    "title",
    "description",
    "competence",
    "target_level",
    "target_coverage",
    "measure",
    "stage",
    "sort_order",
)
GROUP_FIELDS = ("name", "kind", "description")
LINE_FIELDS = (
    "target_group",
    "year",
    "title",
    "guide",
    "course",
    "people",
    "hours_per_person",
    "fee_per_person",
)


def require_hr(actor: User, organisation: Organisation | int) -> None:
    """Refuse unless the policy lets ``actor`` write the organisation's strategies."""
    if not access.can_manage_strategies(actor, organisation):
        raise ValidationError(_("Kun HR i organisationen kan ændre dette."))


def _require_profile_manager(actor: User, organisation: Organisation | int) -> None:
    """Refuse unless the policy lets ``actor`` change the organisation's role profiles."""
    if not access.can_manage_role_profiles(actor, organisation):
        raise ValidationError(_("Kun HR i organisationen kan ændre dette."))


def _assign(instance: models.Model, allowed: tuple[str, ...], values: dict[str, Any]) -> list[str]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(instance, name, value)
    return list(values)


def _save(
    instance: models.Model, *, actor: User, action: str, unique_field: str | None = None
) -> None:
    instance.full_clean()
    if unique_field is not None:
        # A simultaneous twin may pass the check too; the constraint decides, and the loser
        # gets the constraint's message beside the field.
        save_or_refuse(instance, field=unique_field)
    else:
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as exc:
            raise ValidationError(_("Der findes allerede en række med de samme værdier.")) from exc
    log(instance, action, user=actor)


# --- The strategy --------------------------------------------------------------------------


@transaction.atomic
def strategy_create(*, actor: User, organisation: Organisation, **values: Any) -> LearningStrategy:
    """A new strategy for ``organisation``, by its HR."""
    require_hr(actor, organisation)
    strategy = LearningStrategy(organisation=organisation, created_by=actor)
    _assign(strategy, STRATEGY_FIELDS, values)
    _save(strategy, actor=actor, action="wagtail.create")
    return strategy


@transaction.atomic
def strategy_update(*, actor: User, strategy: LearningStrategy, **values: Any) -> LearningStrategy:
    """Change the strategy; its plan lines must stay inside a shortened period."""
    require_hr(actor, strategy.organisation_id)
    strategy = LearningStrategy.objects.select_for_update().get(pk=strategy.pk)
    _assign(strategy, STRATEGY_FIELDS, values)
    # The period itself first: "ends before it starts" is the message that helps then.
    strategy.full_clean()
    _check_lines_inside(strategy)
    _save(strategy, actor=actor, action="wagtail.edit")
    return strategy


def _check_lines_inside(strategy: LearningStrategy) -> None:
    """A shortened period must still hold every line of the multi-year plan."""
    lines = strategy.plan_lines
    message = _("Flerårsplanen har linjer i %(years)s. Flyt eller slet dem først.")
    errors = {}
    before = sorted(set(lines.filter(year__lt=strategy.starts_year).values_list("year", flat=True)))
    after = sorted(set(lines.filter(year__gt=strategy.ends_year).values_list("year", flat=True)))
    if before:
        errors["starts_year"] = message % {"years": ", ".join(map(str, before))}
    if after:
        errors["ends_year"] = message % {"years": ", ".join(map(str, after))}
    if errors:
        raise ValidationError(errors)


Part = TypeVar("Part", StrategyGoal, TargetGroup, StrategyPlanLine)


def _child(
    model: type[Part],
    allowed: tuple[str, ...],
    *,
    actor: User,
    strategy: LearningStrategy,
    values: dict[str, Any],
    instance: Part | None = None,
    unique_field: str | None = None,
) -> Part:
    require_hr(actor, strategy.organisation_id)
    row = instance or model(strategy=strategy)
    _assign(row, allowed, values)
    action = "wagtail.edit" if instance else "wagtail.create"
    _save(row, actor=actor, action=action, unique_field=unique_field)
    return row


@transaction.atomic
def strategy_goal_save(
    *, actor: User, strategy: LearningStrategy, goal: StrategyGoal | None = None, **values: Any
) -> StrategyGoal:
    """Add or change a goal, with its Læringspilen stage."""
    if goal is not None and goal.strategy_id != strategy.pk:
        raise ValidationError(_("Målet hører ikke til strategien."))
    competence = values.get("competence")
    if (
        competence is not None
        and not competence.is_active
        and (goal is None or goal.competence_id != competence.pk)
    ):
        raise ValidationError({"competence": _("Kompetencen er ikke længere i brug.")})
    return _child(
        StrategyGoal, GOAL_FIELDS, actor=actor, strategy=strategy, values=values, instance=goal
    )


def _group_name_taken(strategy: LearningStrategy, name: str, group: TargetGroup | None) -> bool:
    """Another group of the strategy has the name (in any case: "Hold A" and "hold a" are one)."""
    same_name = strategy.target_groups.filter(name__iexact=name)
    if group is not None:
        same_name = same_name.exclude(pk=group.pk)
    return same_name.exists()


@transaction.atomic
def target_group_save(
    *,
    actor: User,
    strategy: LearningStrategy,
    group: TargetGroup | None = None,
    job_functions: list[JobFunction] | None = None,
    departments: list[Any] | None = None,
    **values: Any,
) -> TargetGroup:
    """Add or change a target group (a or b) and the job functions and departments it covers."""
    require_hr(actor, strategy.organisation_id)
    if group is not None and group.strategy_id != strategy.pk:
        raise ValidationError(_("Målgruppen hører ikke til strategien."))
    if departments and any(d.organisation_id != strategy.organisation_id for d in departments):
        raise ValidationError({"departments": _("Afdelingen hører ikke til organisationen.")})
    name = values.get("name", group.name if group else "")
    if name and _group_name_taken(strategy, name, group):
        raise ValidationError({"name": _("Strategien har allerede en målgruppe med det navn.")})
    saved = _child(
        TargetGroup,
        GROUP_FIELDS,
        actor=actor,
        strategy=strategy,
        values=values,
        instance=group,
        unique_field="name",
    )
    if job_functions is not None:
        saved.job_functions.set(job_functions)
    if departments is not None:
        saved.departments.set(departments)
    return saved


@transaction.atomic
def plan_line_save(
    *,
    actor: User,
    strategy: LearningStrategy,
    line: StrategyPlanLine | None = None,
    **values: Any,
) -> StrategyPlanLine:
    """Add or change a line of the multi-year plan (year inside the strategy's period, target
    group of the same strategy)."""
    if line is not None and line.strategy_id != strategy.pk:
        raise ValidationError(_("Linjen hører ikke til strategien."))
    return _child(
        StrategyPlanLine, LINE_FIELDS, actor=actor, strategy=strategy, values=values, instance=line
    )


@transaction.atomic
def strategy_child_delete(
    *, actor: User, instance: StrategyGoal | TargetGroup | StrategyPlanLine
) -> None:
    """Remove a goal, target group (with its plan lines) or plan line."""
    require_hr(actor, instance.strategy.organisation_id)
    log(instance, "wagtail.delete", user=actor)
    instance.delete()


# --- Role profiles -------------------------------------------------------------------------


def _own_profile(organisation: Organisation, job_function: JobFunction) -> RoleProfile | None:
    return RoleProfile.objects.filter(organisation=organisation, job_function=job_function).first()


@transaction.atomic
def role_profile_adopt(
    *, actor: User, organisation: Organisation, job_function: JobFunction
) -> RoleProfile:
    """The organisation's own copy of the network's profile for a job function (idempotent)."""
    _require_profile_manager(actor, organisation)
    own = _own_profile(organisation, job_function)
    if own is not None:
        return own
    own, created = save_or_existing(
        RoleProfile(
            organisation=organisation,
            job_function=job_function,
            note=_("Tilpasset fra netværkets standardprofil."),
        ),
        # Two HR tabs adopting at once: the loser gets the winner's copy, as if it came second.
        existing=lambda: _own_profile(organisation, job_function),
    )
    if not created:
        return own
    default = RoleProfile.objects.network_defaults().filter(job_function=job_function).first()
    if default is not None:
        RoleProfileRequirement.objects.bulk_create(
            RoleProfileRequirement(
                profile=own, competence_id=req.competence_id, required_level=req.required_level
            )
            for req in default.requirements.all()
        )
    # The copies were bulk-inserted (no model signals): the people's rows follow them here.
    summaries.profile_refresh(profile=own)
    log(own, "wagtail.create", user=actor)
    return own


@transaction.atomic
def role_requirement_set(
    *, actor: User, profile: RoleProfile, competence: Competence, required_level: int | None
) -> RoleProfileRequirement | None:
    """Set (1–4) or remove (None) one requirement of an organisation's own profile."""
    if profile.organisation_id is None:
        raise ValidationError(_("Netværkets standardprofiler ændres i administrationen."))
    _require_profile_manager(actor, profile.organisation_id)
    if required_level is None:
        profile.requirements.filter(competence=competence).delete()
        log(profile, "wagtail.edit", user=actor)
        return None
    requirement = profile.requirements.filter(competence=competence).first() or (
        RoleProfileRequirement(profile=profile, competence=competence)
    )
    requirement.required_level = required_level
    requirement.full_clean()
    if requirement.pk is None:
        # A twin tab may add the same competence at once: then set the level on its row, as
        # if this request came second.
        requirement, created = save_or_existing(
            requirement, existing=lambda: profile.requirements.filter(competence=competence).first()
        )
        if not created:
            requirement.required_level = required_level
            requirement.save(update_fields=["required_level"])
    else:
        requirement.save()
    log(profile, "wagtail.edit", user=actor)
    return requirement


@transaction.atomic
def role_profile_reset(*, actor: User, profile: RoleProfile) -> None:
    """Drop the organisation's adjustment: the network default applies again."""
    if profile.organisation_id is None:
        raise ValidationError(_("Netværkets standardprofil kan ikke nulstilles."))
    _require_profile_manager(actor, profile.organisation_id)
    log(profile, "wagtail.delete", user=actor)
    profile.delete()


# --- Adviser register ----------------------------------------------------------------------


@transaction.atomic
def adviser_listing_save(
    *, actor: User, organisation: Organisation, **values: Any
) -> AdviserListing:
    """A consultant organisation's HR or manager lists it in (or takes it out of) the register."""
    if organisation.kind != OrganisationKind.CONSULTANT:
        raise ValidationError(_("Kun rådgivervirksomheder kan stå i rådgiverregistret."))
    if not access.can_edit_adviser_listing(actor, organisation):
        raise ValidationError(_("Kun HR eller en leder i virksomheden kan ændre opslaget."))
    listing = AdviserListing.objects.filter(organisation=organisation).first() or AdviserListing(
        organisation=organisation
    )
    _assign(listing, ("is_listed", "description", "services", "contact_email"), values)
    _save(listing, actor=actor, action="wagtail.edit")
    return listing


@transaction.atomic
def adviser_opt_out_set(*, user: User, listed: bool) -> None:
    """The person takes themselves out of the adviser register (``listed=False``) or lets their
    organisation list them again. Idempotent."""
    if listed:
        AdviserOptOut.objects.filter(user=user).delete()
    else:
        AdviserOptOut.objects.get_or_create(user=user)
