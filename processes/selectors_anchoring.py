"""Reads of the anchoring plan (forankringsplan) of a forankring process, in four queries.

``anchoring_plan(process)`` is what the plan's page, its PDF and the process status PDF (the
partial ``processes/pdf/_anchoring_plan.html``, context variable ``anchoring_plan``) show.
The explanations are the Forankringsguide's own words (seed 004).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from competencies.models import Competence
from processes.models import (
    AnchoringActivity,
    AnchoringModel,
    AnchoringPlan,
    LearningItem,
    LearningItemKind,
    Process,
    RoleShift,
    RoleShiftKind,
)

MODEL_EXPLANATIONS: dict[str, Promise] = {
    AnchoringModel.CIVIL_SOCIETY: _(
        "Borgerorganiseringer, boligorganisationer og lokale foreninger – "
        "netværksorganisering eller foreningsdannelse."
    ),
    AnchoringModel.MUNICIPALITY: _(
        "Kommunale forvaltninger, velfærdsinstitutioner eller kulturinstitutioner."
    ),
    AnchoringModel.MARKET: _(
        "Virksomheder og sponsorer, erhvervsforeninger, offentlige og private fonde."
    ),
    AnchoringModel.PARTNERSHIP: _(
        "Et partnerskab mellem flere af parterne – civilsamfund, kommune og marked – der "
        "sammen fører projektet videre."
    ),
}

ROLE_SHIFT_EXPLANATIONS: dict[str, Promise] = {
    RoleShiftKind.VOLUNTEER_COORDINATOR: _(
        "Fra ildsjæl til tovholder: frivillige påtager sig lederrollen som tovholdere og "
        "projektledere. Det kræver viden om ledelse, inddragelsesmetoder og anerkendende "
        "frivilligmiljøer."
    ),
    RoleShiftKind.DEMOCRAT_LEADER: _(
        "Fra beboerdemokrat til frivilligleder: beboerdemokraterne udvikler nye "
        "inddragelsesformer og nye arbejds- og mødeformer."
    ),
    RoleShiftKind.EMPLOYEE_FACILITATOR: _(
        "Fra projektleder til facilitator: de projektansatte faciliterer en lokal "
        "udviklingsproces og giver plads til de frivillige og til uddannelse."
    ),
    RoleShiftKind.CARETAKER_PREVENTER: _(
        "Fra brandslukker til forebygger: ejendomsfunktionærerne påtager sig et boligsocialt "
        "ansvar og bruger flere ressourcer på forebyggelse end på brandslukning."
    ),
}


@dataclass(frozen=True)
class ModelChoice:
    """One of the four anchoring models, with the guide's explanation and whether it is chosen."""

    key: str
    label: str
    explanation: str
    chosen: bool


@dataclass
class AnchoringPlanView:
    """Everything the anchoring plan's page and PDFs show."""

    process: Process
    plan: AnchoringPlan | None
    models: list[ModelChoice]
    activities: list[AnchoringActivity] = field(default_factory=list)
    role_shifts: list[RoleShift] = field(default_factory=list)
    learning_items: list[LearningItem] = field(default_factory=list)

    @property
    def chosen_models(self) -> list[ModelChoice]:
        return [model for model in self.models if model.chosen]

    @property
    def strategy(self) -> str:
        return self.plan.strategy if self.plan else ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.chosen_models
            or self.strategy
            or self.activities
            or self.role_shifts
            or self.learning_items
        )

    def learning_by_kind(self) -> list[tuple[str, list[LearningItem]]]:
        """The programme grouped as the guide names it: temadage, dialogmøder, kurser."""
        return [
            (str(label), [item for item in self.learning_items if item.kind == value])
            for value, label in LearningItemKind.choices
        ]


def model_choices(chosen: list[str]) -> list[ModelChoice]:
    """The four models in the guide's order, each with its explanation."""
    return [
        ModelChoice(
            key=value,
            label=str(label),
            explanation=str(MODEL_EXPLANATIONS.get(value, "")),
            chosen=value in chosen,
        )
        for value, label in AnchoringModel.choices
    ]


def role_shift_explanations() -> list[tuple[str, str]]:
    """(label, explanation) of the four role shifts the guide names."""
    return [
        (str(label), str(ROLE_SHIFT_EXPLANATIONS[value]))
        for value, label in RoleShiftKind.choices
        if value in ROLE_SHIFT_EXPLANATIONS
    ]


def anchoring_plan(process: Process) -> AnchoringPlanView:
    """The process's anchoring plan with its rows: four queries (one when there is none)."""
    plan = AnchoringPlan.objects.filter(process=process).first()
    if plan is None:
        return AnchoringPlanView(process=process, plan=None, models=model_choices([]))
    shifts = list(
        plan.role_shifts.select_related("person", "competence", "plan_goal").order_by("pk")
    )
    for shift in shifts:
        explained: Any = shift
        explained.explanation = str(ROLE_SHIFT_EXPLANATIONS.get(shift.kind, ""))
    return AnchoringPlanView(
        process=process,
        plan=plan,
        models=model_choices(list(plan.models_chosen or [])),
        activities=list(plan.activities.select_related("owner")),
        role_shifts=shifts,
        learning_items=list(plan.learning_items.all()),
    )


def competence_choices() -> QuerySet[Competence]:
    """The competences a role shift or a team need may name (in use, framework order)."""
    return Competence.objects.active().for_listing()
