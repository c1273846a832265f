"""Personal data of the processes app (core.privacy): who holds a role, who is responsible for a
milestone, who wrote a decision, uploaded a document, changed something or was reminded.

A process (forløb) is the organisation's record of how it ran a drejebog, so it stays when a
person named in it is erased. Every link to the person is emptied (``None``: the role, the
milestone and the decision stay, now without a person), never pointed at a placeholder, since
"Slettet bruger" would look like somebody still holds the role.

Documents a person uploaded are the organisation's (the signed aftale om samdrift belongs to the
process, not to the uploader): the file stays, the uploader and the original file name (which
may carry a name) go. Reminders sent to the person are about them alone and are deleted.
"""

from django.utils.translation import gettext_lazy as _

from core.privacy import Category, Erasure, LegalBasis, Personal, register
from processes.models import (
    AnchoringActivity,
    AnchoringPlan,
    LearningItem,
    Milestone,
    MilestoneDecision,
    MilestoneDocument,
    MilestoneReminder,
    Process,
    ProcessEvent,
    ProcessPhase,
    ProcessRole,
    ProcessSheet,
    ProcessTemplate,
    RoleShift,
    TeamNeed,
)

PROCESS_LIFE = _(
    "Så længe forløbet findes i organisationen; ved sletning fjernes personen fra forløbet, "
    "mens forløbet bliver."
)
NAMED = Personal(
    Category.PROJECT,
    _("At vise, hvem der har en rolle eller er ansvarlig for en milepæl i et forløb"),
    LegalBasis.CONTRACT,
    PROCESS_LIFE,
    Erasure.DELETE,
)
ACTOR = Personal(
    Category.ACTIVITY,
    _("At kunne se, hvem der startede, ændrede, besluttede eller uploadede noget i et forløb"),
    LegalBasis.LEGITIMATE_INTEREST,
    PROCESS_LIFE,
    Erasure.DELETE,
)
FILE_NAME = Personal(
    Category.FILE,
    _("At vise dokumentets oprindelige filnavn"),
    LegalBasis.LEGITIMATE_INTEREST,
    PROCESS_LIFE,
    Erasure.ANONYMISE,
)
REMINDED = Personal(
    Category.COMMUNICATION,
    _("At sende højst én påmindelse om en milepæls frist"),
    LegalBasis.CONTRACT,
    _("Så længe milepælen findes; slettes med personen."),
    Erasure.DELETE,
)
ROLE_SHIFT = Personal(
    Category.COMPETENCE,
    _("At planlægge et rolleskift og den oplæring, det kræver, i forankringsplanen"),
    LegalBasis.CONTRACT,
    PROCESS_LIFE,
    Erasure.DELETE,
)
EDITOR = Personal(
    Category.ACTIVITY,
    _("At vise, hvem der har låst en drejebog i redaktionen"),
    LegalBasis.LEGITIMATE_INTEREST,
    _("Så længe låsen gælder."),
    Erasure.DELETE,
)

ORG = "process__organisation"

register(
    Process,
    area="forløb",
    organisation="organisation",
    subject=("created_by",),
    rows=Erasure.ANONYMISE,
    personal={"created_by": ACTOR},
    other=(
        "id",
        "organisation",
        "template",
        "template_version",
        "kind",
        "title",
        "description",
        "project",
        "starts_on",
        "status",
        "milestones_in_order",
        "advice",
        "created_at",
        "updated_at",
    ),
    context=("organisation__name",),
)
register(
    ProcessRole,
    area="forløb",
    organisation=ORG,
    subject=("person",),
    rows=Erasure.ANONYMISE,
    personal={"person": NAMED},
    other=("id", "process", "key", "name", "description", "party", "position"),
    context=("process__title",),
)
register(
    Milestone,
    area="forløb",
    organisation=ORG,
    subject=("responsible",),
    rows=Erasure.ANONYMISE,
    personal={"responsible": NAMED},
    other=(
        "id",
        "process",
        "phase",
        "position",
        "title",
        "purpose",
        "done_when",
        "tasks",
        "advice",
        "due_on",
        "status",
        "skip_reason",
        "reached_on",
        "notes",
        "updated_at",
    ),
    context=("process__title",),
)
register(
    MilestoneDecision,
    area="forløb",
    organisation="milestone__process__organisation",
    subject=("recorded_by",),
    rows=Erasure.ANONYMISE,
    personal={"recorded_by": ACTOR},
    other=("id", "milestone", "decided_on", "text", "created_at"),
    context=("milestone__title", "milestone__process__title"),
)
# The file is the organisation's record (fx the signed aftale): it stays on erasure; only who
# uploaded it, and a file name that may carry a name, are the person's.
register(
    MilestoneDocument,
    area="forløb",
    organisation="milestone__process__organisation",
    subject=("uploaded_by",),
    rows=Erasure.ANONYMISE,
    personal={"uploaded_by": ACTOR, "original_name": FILE_NAME},
    other=("id", "milestone", "title", "file", "content_type", "size", "created_at"),
    context=("milestone__title", "milestone__process__title"),
)
register(
    ProcessEvent,
    area="forløb",
    organisation=ORG,
    subject=("actor",),
    rows=Erasure.ANONYMISE,
    personal={"actor": ACTOR},
    other=(
        "id",
        "process",
        "milestone",
        "action",
        "from_status",
        "to_status",
        "comment",
        "created_at",
    ),
    context=("process__title",),
)
register(
    MilestoneReminder,
    area="forløb",
    organisation="milestone__process__organisation",
    subject=("recipient",),
    rows=Erasure.DELETE,
    personal={"recipient": REMINDED},
    other=("id", "milestone", "kind", "due_on", "sent_at"),
    context=("milestone__title", "milestone__process__title"),
)
register(
    AnchoringActivity,
    area="forløb",
    organisation="plan__process__organisation",
    subject=("owner",),
    rows=Erasure.ANONYMISE,
    personal={"owner": NAMED},
    other=("id", "plan", "title", "model", "owner_name", "anchored_on", "note"),
    context=("plan__process__title",),
)
register(
    RoleShift,
    area="forløb",
    organisation="plan__process__organisation",
    subject=("person",),
    rows=Erasure.ANONYMISE,
    personal={"person": ROLE_SHIFT},
    other=(
        "id",
        "plan",
        "kind",
        "person_name",
        "training_need",
        "competence",
        "target_level",
        "due_on",
        "plan_goal",
    ),
    context=("plan__process__title",),
)
register(
    ProcessTemplate,
    area="forløb",
    personal={"locked_by": EDITOR},
    other=(
        "id",
        "title",
        "slug",
        "kind",
        "summary",
        "source",
        "needs_project",
        "milestones_in_order",
        "roles",
        "phases",
        "advice",
        "version",
        "updated_at",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "go_live_at",
        "expire_at",
        "expired",
        "locked",
        "locked_at",
        "latest_revision",
    ),
)
# About the process, not about anybody.
register(ProcessPhase, other=("id", "process", "position", "title", "description"))
register(ProcessSheet, other=("id", "process", "tool", "milestone", "sheet"))
register(AnchoringPlan, other=("id", "process", "models_chosen", "strategy", "updated_at"))
register(LearningItem, other=("id", "plan", "kind", "title", "held_on", "audience", "note"))
register(TeamNeed, other=("id", "process", "competence", "scope", "level", "note"))
