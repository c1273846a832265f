"""Pillar 3, "en skole på byggepladsen": building projects, their parties, learning logs,
effect indicators and the lessons shared with the sector."""

from onsite.models.effects import (
    FOLLOW_UP_MONTHS,
    Direction,
    EffectIndicator,
    FollowUpReminder,
    Measurement,
)
from onsite.models.lessons import Lesson, LessonSharing
from onsite.models.log import (
    AttachmentKind,
    EffectCategory,
    EntryCompetence,
    EntryEvent,
    EntryKind,
    EntryParticipant,
    EntryStatus,
    LogAttachment,
    LogEntry,
    LogEntryRevision,
)
from onsite.models.projects import (
    BuildingProject,
    PartyRole,
    ProjectInvitation,
    ProjectKind,
    ProjectMember,
    ProjectParty,
    ProjectPhase,
    ProjectStatus,
)

__all__ = [
    "FOLLOW_UP_MONTHS",
    "AttachmentKind",
    "BuildingProject",
    "Direction",
    "EffectCategory",
    "EffectIndicator",
    "EntryCompetence",
    "EntryEvent",
    "EntryKind",
    "EntryParticipant",
    "EntryStatus",
    "FollowUpReminder",
    "Lesson",
    "LessonSharing",
    "LogAttachment",
    "LogEntry",
    "LogEntryRevision",
    "Measurement",
    "PartyRole",
    "ProjectInvitation",
    "ProjectKind",
    "ProjectMember",
    "ProjectParty",
    "ProjectPhase",
    "ProjectStatus",
]
