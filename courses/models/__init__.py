"""Course models: the catalogue pages, and the sessions, enrolments and results around them."""

from courses.models.badges import BadgeCredential, BadgeSigningKey
from courses.models.calendar import CalendarFeed
from courses.models.enrolments import (
    ACTIVE_STATUSES,
    Certificate,
    CourseSession,
    CourseSummary,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    Evaluation,
    ModuleProgress,
    QuizAttempt,
    Region,
    SessionStatus,
)
from courses.models.pages import (
    VAT_RATE,
    CourseDocument,
    CourseFormat,
    CourseIndexPage,
    CourseLanguage,
    CoursePage,
    ModulePage,
    ProviderSectionPage,
)
from courses.models.trials import CourseAdjustment, ModuleSheet, TrialEvaluation

__all__ = [
    "CourseAdjustment",
    "ModuleSheet",
    "TrialEvaluation",
    "ACTIVE_STATUSES",
    "VAT_RATE",
    "BadgeCredential",
    "BadgeSigningKey",
    "CalendarFeed",
    "Certificate",
    "CourseDocument",
    "CourseFormat",
    "CourseIndexPage",
    "CourseLanguage",
    "CoursePage",
    "CourseSession",
    "CourseSummary",
    "Enrolment",
    "EnrolmentEvent",
    "EnrolmentStatus",
    "Evaluation",
    "ModuleProgress",
    "ModulePage",
    "ProviderSectionPage",
    "QuizAttempt",
    "Region",
    "SessionStatus",
]
