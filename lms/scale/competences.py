"""Role profiles, Læringspilen strategies and competence plans of the scale data set.

The network's default role profiles come from the migrations; the largest organisations have
adjusted their own (one level higher in a few competences). Organisations of some size have a
current strategy with goals. Every fifth person in housing has a competence plan in some state
of its life (draft, submitted, returned, approved, completed) with goals from the profile of
their job function and planned activities in the catalogue.
"""

from __future__ import annotations

from datetime import timedelta

from competencies.models import (
    CompetencePlan,
    LearningStage,
    LearningStrategy,
    PlanActivity,
    PlanEvent,
    PlanGoal,
    RoleProfile,
    RoleProfileRequirement,
    StrategyGoal,
)
from lms.scale.state import Build

PLAN_STATUSES = (
    ("draft", 0.2),
    ("submitted", 0.15),
    ("returned", 0.05),
    ("approved", 0.5),
    ("completed", 0.1),
)
# Organisations from this size have a strategy (the tail of small ones has none).
STRATEGY_FROM = 50


def build(b: Build) -> None:
    with b.progress.step("kompetenceprofiler") as counts:
        profiles, requirements = _profiles(b)
        b.count(counts, "profiler", profiles)
        b.count(counts, "krav", requirements)
    with b.progress.step("læringsstrategier") as counts:
        strategies, goals = _strategies(b)
        b.count(counts, "strategier", strategies)
        b.count(counts, "strategimål", goals)
    with b.progress.step("kompetenceplaner") as counts:
        for label, value in _plans(b).items():
            b.count(counts, label, value)


def _defaults() -> dict[int, list[tuple[int, int]]]:
    """Job function → [(competence, required level)] of the network's default profiles."""
    out: dict[int, list[tuple[int, int]]] = {}
    for req in RoleProfileRequirement.objects.filter(profile__organisation__isnull=True).values(
        "profile__job_function_id", "competence_id", "required_level"
    ):
        out.setdefault(req["profile__job_function_id"], []).append(
            (req["competence_id"], req["required_level"])
        )
    return out


def _profiles(b: Build) -> tuple[int, int]:
    defaults = _defaults()
    profiles, requirements = [], []
    for org in b.housing[: b.size.largest_count]:
        for function, lines in defaults.items():
            profile = b.writer.next_id(RoleProfile)
            profiles.append(
                {
                    "id": profile,
                    "job_function_id": function,
                    "organisation_id": org.id,
                    "note": "Tilpasset organisationens egne krav.",
                }
            )
            for i, (competence, level) in enumerate(lines):
                raised = min(4, level + 1) if i % 3 == 0 else level
                requirements.append(
                    {"profile_id": profile, "competence_id": competence, "required_level": raised}
                )
    return (
        b.writer.write(RoleProfile, profiles),
        b.writer.write(RoleProfileRequirement, requirements),
    )


def _strategies(b: Build) -> tuple[int, int]:
    competences = sorted({c for lines in b.guide_competences.values() for c, _level in lines})
    stages = list(LearningStage.objects.values_list("pk", flat=True))
    year = b.today.year
    strategies, goals = [], []
    for org in b.housing:
        if len(org.people) < STRATEGY_FROM and org is not b.housing[-1]:
            continue
        strategy = b.writer.next_id(LearningStrategy)
        strategies.append(
            {
                "id": strategy,
                "organisation_id": org.id,
                "title": f"Læringspilen {year - 1}–{year + 1}",
                "starts_year": year - 1,
                "ends_year": year + 1,
                "vision": "Alle medarbejdere kender de AlmenVejledninger, deres arbejde bygger på.",
                "status": "active",
                "created_by_id": org.hr[0] if org.hr else None,
            }
        )
        for i, competence in enumerate(b.rng.sample(competences, min(3, len(competences)))):
            goals.append(
                {
                    "strategy_id": strategy,
                    "title": f"Mål {i + 1}: flere på niveau 3",
                    "competence_id": competence,
                    "target_level": 3,
                    "target_coverage": b.rng.choice((50, 60, 75, 80)),
                    "stage_id": stages[i % len(stages)] if stages else None,
                    "sort_order": i,
                }
            )
    return (
        b.writer.write(LearningStrategy, strategies),
        b.writer.write(StrategyGoal, goals),
    )


def _plans(b: Build) -> dict[str, int]:
    defaults = _defaults()
    plans, goals, activities, events = [], [], [], []
    learners = set(b.logins.get("learner", []))
    for org in b.housing:
        reviewers = org.hr or org.managers
        for i, person in enumerate(org.people):
            if i % b.size.people_per_plan and person not in learners:
                continue
            status = _status(b)
            reviewer = next((r for r in reviewers if r != person), None)
            if reviewer is None and status in ("approved", "completed"):
                status = "submitted"
            plan = b.writer.next_id(CompetencePlan)
            starts = b.today.replace(month=1, day=1)
            plans.append(
                {
                    "id": plan,
                    "user_id": person,
                    "organisation_id": org.id,
                    "title": f"Kompetenceplan {starts.year}",
                    "starts_on": starts,
                    "ends_on": starts.replace(year=starts.year + 1) - timedelta(days=1),
                    "summary": "Aftalt ved medarbejderudviklingssamtalen.",
                    "status": status,
                    "created_by_id": person,
                    "approved_by_id": reviewer if status in ("approved", "completed") else None,
                    "submitted_at": b.now - timedelta(days=40) if status != "draft" else None,
                    "approved_at": b.now - timedelta(days=30)
                    if status in ("approved", "completed")
                    else None,
                    "completed_at": b.now if status == "completed" else None,
                }
            )
            lines = defaults.get(b.person_function.get(person) or 0, [])
            for competence, level in lines[:3]:
                goals.append(
                    {
                        "plan_id": plan,
                        "competence_id": competence,
                        "target_level": level,
                        "due_on": starts.replace(month=12, day=1),
                    }
                )
            course = b.courses[(person + i) % len(b.courses)]
            activities.append(
                {
                    "plan_id": plan,
                    "kind": "course",
                    "title": course.title,
                    "guide_id": b.guide_ids[course.guide_code],
                    "course_id": course.id,
                    "planned_on": starts.replace(month=b.rng.randint(2, 11)),
                    "hours": course.hours,
                    "cost": course.price,
                    "done": status == "completed",
                }
            )
            if status != "draft":
                events.append(_event(b, plan, "draft", "submitted", person))
    return {
        "planer": b.writer.write(CompetencePlan, plans),
        "planmål": b.writer.write(PlanGoal, goals),
        "aktiviteter": b.writer.write(PlanActivity, activities),
        "planhændelser": b.writer.write(PlanEvent, events),
    }


def _status(b: Build) -> str:
    draw = b.rng.random()
    for status, share in PLAN_STATUSES:
        if draw < share:
            return status
        draw -= share
    return "approved"


def _event(b: Build, plan: int, from_status: str, to_status: str, actor: int) -> dict[str, object]:
    return {
        "plan_id": plan,
        "from_status": from_status,
        "to_status": to_status,
        "actor_id": actor,
        "created_at": b.now - timedelta(days=40),
    }
