"""Personal data of the competencies app: plans, evidence, strategies (core.privacy).

The framework (areas, competences, guides, role profiles, stages) describes the sector, not
people: all its fields are declared as holding no personal data.
"""

from django.utils.translation import gettext_lazy as _

from competencies.models import (
    AdviserListing,
    AdviserOptOut,
    Competence,
    CompetenceArea,
    CompetencePlan,
    CoverageSnapshot,
    Evidence,
    Guide,
    GuideCompetence,
    LearningStage,
    LearningStrategy,
    PersonRequirement,
    PlanActivity,
    PlanEvent,
    PlanGoal,
    RoleProfile,
    RoleProfileRequirement,
    StrategyGoal,
    StrategyPlanLine,
    TargetGroup,
)
from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register

EMPLOYED = _(
    "Så længe personen er ansat i organisationen; derefter med kontoen (som standard 36 "
    "måneder uden log ind)."
)
PLAN = Personal(
    Category.COMPETENCE,
    _("Personens kompetenceudvikling: mål, aktiviteter og HR's gennemgang af planen"),
    LegalBasis.CONTRACT,
    EMPLOYED,
    Erasure.DELETE,
)
EVIDENCE = Personal(
    Category.COMPETENCE,
    _(
        "Dokumentation af personens kompetencer (kursusbeviser, godkendt læringslog, "
        "tidligere læring)"
    ),
    LegalBasis.CONTRACT,
    EMPLOYED,
    Erasure.DELETE,
)
EVIDENCE_FILE = Personal(
    Category.FILE,
    _("Dokumenter, personen har lagt op som dokumentation"),
    LegalBasis.CONTRACT,
    EMPLOYED,
    Erasure.DELETE,
)
# Who approved, decided or recorded: the organisation's record of its own decisions.
ACTOR = Personal(
    Category.ACTIVITY,
    _("At kunne se, hvem der oprettede, godkendte eller afgjorde noget"),
    LegalBasis.LEGITIMATE_INTEREST,
    _(
        "Så længe det, handlingen gjaldt, findes; ved sletning erstattes personen af "
        '"Slettet bruger".'
    ),
    Erasure.ANONYMISE,
)

register(
    CompetencePlan,
    area="kompetenceplaner",
    organisation="organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={
        **alike(
            PLAN,
            "user",
            "organisation",
            "title",
            "starts_on",
            "ends_on",
            "summary",
            "status",
            "submitted_at",
            "approved_at",
            "completed_at",
            "created_at",
            "updated_at",
        ),
        **alike(ACTOR, "created_by", "approved_by"),
    },
    other=("id",),
    context=("organisation__name",),
)
register(
    PlanGoal,
    area="kompetenceplaner",
    organisation="plan__organisation",
    subject=("plan__user",),
    rows=Erasure.DELETE,
    personal=alike(PLAN, "competence", "target_level", "due_on", "note"),
    other=("id", "plan"),
    context=("plan__title", "competence__name"),
)
register(
    PlanActivity,
    area="kompetenceplaner",
    organisation="plan__organisation",
    subject=("plan__user",),
    rows=Erasure.DELETE,
    # ``cost`` is a planned budget figure, not a price paid: no bookkeeping duty applies.
    personal=alike(
        PLAN,
        "kind",
        "title",
        "guide",
        "course",
        "session_ref",
        "planned_on",
        "hours",
        "cost",
        "done",
    ),
    other=("id", "plan"),
    context=("plan__title", "guide__code", "course__title"),
)
register(
    PlanEvent,
    area="kompetenceplaner",
    organisation="plan__organisation",
    subject=("plan__user",),
    rows=Erasure.DELETE,
    personal={**alike(PLAN, "from_status", "to_status", "comment", "created_at"), "actor": ACTOR},
    other=("id", "plan"),
    context=("plan__title",),
)
register(
    Evidence,
    area="dokumentation",
    organisation="organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={
        **alike(
            EVIDENCE,
            "user",
            "competence",
            "level",
            "source",
            "status",
            "achieved_on",
            "expires_on",
            "title",
            "note",
            "guide",
            "organisation",
            "source_ref",
            "document_name",
            "document_type",
            "created_at",
            "decided_at",
            "decision_comment",
        ),
        "document": EVIDENCE_FILE,
        **alike(ACTOR, "recorded_by", "decided_by"),
    },
    other=("id",),
    context=("competence__name", "guide__code", "organisation__name"),
)

# The organisation's Læringspilen strategy is about groups, never named people; only its
# author is personal.
register(
    LearningStrategy,
    area="strategier",
    organisation="organisation",
    personal={"created_by": ACTOR},
    other=(
        "id",
        "organisation",
        "title",
        "starts_year",
        "ends_year",
        "vision",
        "hourly_rate",
        "status",
        "created_at",
        "updated_at",
    ),
)

# An adviser organisation chooses to be listed (and may withdraw): the contact address may
# be a named adviser's, so it rests on that choice.
register(
    AdviserListing,
    area="rådgiverliste",
    personal={
        "contact_email": Personal(
            Category.IDENTITY,
            _("At vise rådgiverens kontaktadresse på rådgiverlisten"),
            LegalBasis.CONSENT,
            _("Så længe organisationen har valgt at stå på rådgiverlisten."),
            Erasure.ANONYMISE,
        )
    },
    other=("id", "organisation", "is_listed", "description", "services", "updated_at"),
)

register(
    StrategyGoal,
    other=(
        "id",
        "strategy",
        "title",
        "description",
        "competence",
        "target_level",
        "target_coverage",
        "measure",
        "stage",
        "sort_order",
    ),
)
register(TargetGroup, other=("id", "strategy", "name", "kind", "description"))
register(
    StrategyPlanLine,
    other=(
        "id",
        "strategy",
        "target_group",
        "year",
        "title",
        "guide",
        "course",
        "people",
        "hours_per_person",
        "fee_per_person",
    ),
)
register(LearningStage, other=("id", "name", "description", "sort_order"))
register(CompetenceArea, other=("id", "code", "name", "description", "sort_order"))
register(
    Competence,
    other=(
        "id",
        "area",
        "code",
        "name",
        "description",
        "level_1",
        "level_2",
        "level_3",
        "level_4",
        "sort_order",
        "is_active",
    ),
)
register(GuideCompetence, other=("id", "guide", "competence", "level"))
register(RoleProfile, other=("id", "job_function", "organisation", "note", "updated_at"))
register(RoleProfileRequirement, other=("id", "profile", "competence", "required_level"))
register(Guide, other=("id", "code", "title", "series", "edition", "summary", "status"))


# A person's own "no" to the adviser register (core.consents): kept while it holds, deleted
# with the person (then there is nobody left to list).
register(
    AdviserOptOut,
    area="samtykker",
    subject=("user",),
    rows=Erasure.DELETE,
    personal=alike(
        Personal(
            Category.CONSENT,
            _("At huske, at personen ikke vil stå i rådgiverregistret"),
            LegalBasis.CONSENT,
            _("Så længe personen ikke vil stå i registret."),
            Erasure.DELETE,
        ),
        "user",
        "created_at",
    ),
    other=("id",),
)


# The gap analysis's stored rows (competencies.services.summaries): the person's current level
# against each requirement of their role profile, derived from their evidence and membership
# and rewritten whenever those change. Personal, deleted with the person (and with the
# membership, by cascade).
register(
    PersonRequirement,
    area="dokumentation",
    organisation="organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal=alike(
        Personal(
            Category.COMPETENCE,
            _(
                "Personens nuværende niveau over for hvert krav i funktionens kompetenceprofil "
                "(beregnet af dokumentationen, til HR's gabanalyse)"
            ),
            LegalBasis.CONTRACT,
            EMPLOYED,
            Erasure.DELETE,
        ),
        "user",
        "membership",
        "competence",
        "required",
        "current",
        "computed_on",
    ),
    other=("id", "organisation", "department", "job_function"),
    context=("competence__name", "organisation__name"),
)
# Coverage per department at a month end: counts over the department's people, about nobody.
register(
    CoverageSnapshot,
    other=("id", "organisation", "department", "month_end", "required", "met", "computed_at"),
)
