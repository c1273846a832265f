"""Personal data of the onsite app: project members, learning log, measurements (core.privacy).

A building project's learning log is the project's record and stays when a person who wrote
in it is erased: the rows are anonymised (the author becomes "Slettet bruger"), and the
erasure's free-text pass removes the person's name from the text. The text itself is about
the project, so it is declared as ``other``; the export still carries every field of the
person's own rows.
"""

from django.utils.translation import gettext_lazy as _

from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register
from onsite.models import (
    BuildingProject,
    EffectIndicator,
    EntryCompetence,
    EntryEvent,
    EntryParticipant,
    FollowUpReminder,
    Lesson,
    LessonSharing,
    LogAttachment,
    LogEntry,
    LogEntryRevision,
    Measurement,
    ProjectInvitation,
    ProjectMember,
    ProjectParty,
)

PROJECT_LIFE = _(
    "Så længe byggesagen og dens læringslog findes; ved sletning erstattes personen af "
    '"Slettet bruger".'
)
MEMBER_LIFE = _("Så længe personen er med i byggesagen; derefter med kontoen.")
AUTHOR = Personal(
    Category.PROJECT,
    _(
        "At vise, hvem der skrev i byggesagens læringslog, og at gøre godkendte indlæg til "
        "kompetencedokumentation"
    ),
    LegalBasis.CONTRACT,
    PROJECT_LIFE,
    Erasure.ANONYMISE,
)
ACTOR = Personal(
    Category.ACTIVITY,
    _("At kunne se, hvem der oprettede, godkendte, målte eller udgav noget i byggesagen"),
    LegalBasis.LEGITIMATE_INTEREST,
    PROJECT_LIFE,
    Erasure.ANONYMISE,
)
MEMBER = Personal(
    Category.PROJECT,
    _("At give personen adgang til byggesagen og vise, hvem der deltager"),
    LegalBasis.CONTRACT,
    MEMBER_LIFE,
    Erasure.DELETE,
)
INVITE = Personal(
    Category.IDENTITY,
    _("At invitere personen ind i byggesagen"),
    LegalBasis.CONTRACT,
    _("Slettes 30 dage efter, at invitationen er udløbet eller trukket tilbage."),
    Erasure.DELETE,
)

register(
    LogEntry,
    area="læringslog",
    organisation="project__organisation",
    subject=("author",),
    rows=Erasure.ANONYMISE,
    personal={"author": AUTHOR, "approved_by": ACTOR},
    other=(
        "id",
        "project",
        "occurred_on",
        "kind",
        "title",
        "what_happened",
        "what_we_learned",
        "do_differently",
        "guide",
        "tool",
        "effect_category",
        "status",
        "revision",
        "submitted_at",
        "approved_at",
        "created_at",
        "updated_at",
    ),
    context=("project__name", "guide__code"),
)
# Being named as a participant is the person's own link to the entry: it goes, the entry stays.
register(
    EntryParticipant,
    area="læringslog",
    organisation="entry__project__organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal=alike(MEMBER, "user", "co_signed_at"),
    other=("id", "entry"),
    context=("entry__title", "entry__project__name"),
)
register(
    EntryCompetence,
    area="læringslog",
    organisation="entry__project__organisation",
    subject=("entry__author",),
    rows=Erasure.ANONYMISE,
    other=("id", "entry", "competence", "level"),
    context=("entry__title", "competence__name"),
)
register(
    LogEntryRevision,
    area="læringslog",
    organisation="entry__project__organisation",
    subject=("entry__author",),
    rows=Erasure.ANONYMISE,
    personal={"approved_by": ACTOR},
    other=("id", "entry", "number", "snapshot", "approved_at"),
    context=("entry__title",),
)
register(
    EntryEvent,
    area="læringslog",
    organisation="entry__project__organisation",
    subject=("entry__author",),
    rows=Erasure.ANONYMISE,
    personal={"actor": ACTOR},
    other=("id", "entry", "from_status", "to_status", "comment", "created_at"),
    context=("entry__title",),
)
# Photos and documents show the building site: the project's record, kept like the entry. Only
# who uploaded it, and a file name that may carry a name, are the person's.
register(
    LogAttachment,
    area="læringslog",
    organisation="entry__project__organisation",
    subject=("entry__author", "uploaded_by"),
    rows=Erasure.ANONYMISE,
    personal={"uploaded_by": ACTOR, "original_name": AUTHOR},
    other=(
        "id",
        "entry",
        "kind",
        "file",
        "content_type",
        "size",
        "caption",
        "width",
        "height",
        "created_at",
    ),
    context=("entry__title", "entry__project__name"),
)
register(
    Measurement,
    area="effektmålinger",
    organisation="indicator__project__organisation",
    subject=("recorded_by",),
    rows=Erasure.ANONYMISE,
    personal={"recorded_by": ACTOR},
    other=("id", "indicator", "measured_on", "value", "note", "created_at"),
    context=("indicator__name", "indicator__unit", "indicator__project__name"),
)
# A published lesson never names its author; the author still gets it in their export.
register(
    Lesson,
    area="erfaringer",
    organisation="organisation",
    subject=("entry__author",),
    rows=Erasure.ANONYMISE,
    personal={"published_by": ACTOR},
    other=(
        "id",
        "entry",
        "revision",
        "source",
        "source_title",
        "title",
        "summary",
        "what_we_learned",
        "do_differently",
        "guide",
        "effect_category",
        "project_kind",
        "project_phase",
        "organisation",
        "show_organisation",
        "published_at",
        "is_featured",
        "withdrawn_at",
        # Derived by the database from the texts above (no names: they are scrubbed).
        "search_vector",
    ),
    context=("entry__project__name",),
)
# Whether lessons name the organisation is the organisation's choice (not a person's consent);
# who made it is personal.
register(
    LessonSharing,
    area="erfaringer",
    personal={"decided_by": ACTOR},
    other=("id", "organisation", "name_in_lessons", "decided_at"),
)
register(
    ProjectMember,
    area="byggesager",
    organisation="project__organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={**alike(MEMBER, "user", "party", "is_leader", "added_at"), "added_by": ACTOR},
    other=("id", "project"),
    context=("project__name", "party__name"),
)
register(
    ProjectInvitation,
    area="byggesager",
    organisation="project__organisation",
    subject=("accepted_by",),
    rows=Erasure.DELETE,
    personal={
        **alike(INVITE, "email", "first_name", "last_name", "accepted_by"),
        "invited_by": ACTOR,
    },
    other=(
        "id",
        "project",
        "party",
        "token",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ),
    context=("project__name",),
)
register(
    BuildingProject,
    area="byggesager",
    personal={"created_by": ACTOR},
    other=(
        "id",
        "organisation",
        "name",
        "description",
        "address",
        "postcode",
        "city",
        "kind",
        "phase",
        "status",
        "starts_on",
        "handover_on",
        "ends_on",
        "strategy",
        "created_at",
        "updated_at",
    ),
)
# A party is a company or authority on the project (bygherre, rådgiver, entreprenør).
register(ProjectParty, other=("id", "project", "role", "organisation", "name", "note"))
register(
    EffectIndicator,
    other=(
        "id",
        "project",
        "name",
        "category",
        "unit",
        "baseline",
        "target",
        "direction",
        "note",
        "sort_order",
        "created_at",
    ),
)
register(FollowUpReminder, other=("id", "project", "months", "sent_at"))
