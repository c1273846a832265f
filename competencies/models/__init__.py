"""The curriculum spine and pillar 2: guides, the competence framework, role profiles,
evidence, competence plans, Læringspilen strategies and the adviser register."""

from competencies.models.advisers import AdviserListing, AdviserOptOut
from competencies.models.evidence import (
    Evidence,
    EvidenceSource,
    EvidenceStatus,
)
from competencies.models.framework import (
    MAX_LEVEL,
    MIN_LEVEL,
    POSITIVE_LEVEL_CHOICES,
    Competence,
    CompetenceArea,
    GuideCompetence,
    Level,
    RoleProfile,
    RoleProfileRequirement,
)
from competencies.models.guides import Guide, GuideSeries, GuideStatus
from competencies.models.plans import (
    EDITABLE_STATUSES,
    ActivityKind,
    CompetencePlan,
    PlanActivity,
    PlanEvent,
    PlanGoal,
    PlanStatus,
)
from competencies.models.strategies import (
    DEFAULT_HOURLY_RATE,
    LearningStage,
    LearningStrategy,
    StrategyGoal,
    StrategyPlanLine,
    StrategyStatus,
    TargetGroup,
    TargetGroupKind,
)
from competencies.models.summaries import CoverageSnapshot, PersonRequirement

__all__ = [
    "DEFAULT_HOURLY_RATE",
    "EDITABLE_STATUSES",
    "MAX_LEVEL",
    "MIN_LEVEL",
    "POSITIVE_LEVEL_CHOICES",
    "ActivityKind",
    "AdviserListing",
    "AdviserOptOut",
    "Competence",
    "CompetenceArea",
    "CompetencePlan",
    "CoverageSnapshot",
    "Evidence",
    "EvidenceSource",
    "EvidenceStatus",
    "Guide",
    "GuideCompetence",
    "GuideSeries",
    "GuideStatus",
    "LearningStage",
    "LearningStrategy",
    "Level",
    "PlanActivity",
    "PlanEvent",
    "PlanGoal",
    "PersonRequirement",
    "PlanStatus",
    "RoleProfile",
    "RoleProfileRequirement",
    "StrategyGoal",
    "StrategyPlanLine",
    "StrategyStatus",
    "TargetGroup",
    "TargetGroupKind",
]
