"""Personal data of the project web (core.privacy): who is a member of a room and what they
show in its register, who was invited, who uploaded, called a meeting, wrote, voted, read, was
told about a post or is responsible for an agreement.

A room is its members' shared record: the documents, minutes, threads, votes and agreements
stay when a person is erased. The decisions, field by field:

- **The person's own place** (memberships with what they chose to show, meeting replies,
  thread reads, post notices, vote participation) is about them alone: the rows are deleted.
- **Authorship** (created_by, uploaded_by, author, hidden_by, locked_by, responsible, actor) is
  emptied (``None``), never pointed at a placeholder: a post is part of the room's discussion,
  so its text stays, now without an author ("En tidligere deltager"), and the original file
  names of what the person uploaded (which often carry a name) are anonymised.
- **An open ballot** keeps its choice and loses its voter: the result of a vote the room has
  decided must not change after the fact because one member was erased, and without the voter
  nothing ties the choice to the person. A **secret ballot** has no person (``voter`` is
  empty): there is nothing to find and nothing to erase; only the participation row says that
  the person took part, and that row goes.
- The ballot's ``receipt`` is a keyed hash of vote and person: without the site's key it says
  nothing, and it is what keeps one ballot per person in the database, so it stays.

The export holds the person's memberships, invitations, what they uploaded and wrote, their
meeting replies, the open ballots they cast with the chosen options, and for secret votes only
that they took part — never the choice.
"""

from django.utils.translation import gettext_lazy as _

from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register
from rooms.models import (
    Agreement,
    Ballot,
    Document,
    DocumentVersion,
    Folder,
    Meeting,
    MeetingReply,
    Post,
    PostAttachment,
    PostNotice,
    Room,
    RoomActivity,
    RoomInvitation,
    RoomMember,
    Thread,
    ThreadRead,
    Vote,
    VoteOption,
    VoteParticipation,
)

AREA = "projektrum"
ORG = "room__organisation"

ROOM_LIFE = _(
    "Så længe projektrummet findes; ved sletning fjernes personen fra rummets indhold, mens "
    "indholdet bliver."
)
MEMBER_LIFE = _("Så længe personen er medlem af rummet; slettes, når personen forlader det.")

MEMBER = Personal(
    Category.PROJECT,
    _(
        "At give personen adgang til projektrummet og vise rolle, funktion og de "
        "kontaktoplysninger, personen selv har valgt at vise, i deltagerregistret"
    ),
    LegalBasis.LEGITIMATE_INTEREST,
    MEMBER_LIFE,
    Erasure.DELETE,
)
CHOICE = Personal(
    Category.CONSENT,
    _("At huske personens valg: hvad deltagerregistret viser, og hvor ofte der sendes besked"),
    LegalBasis.CONSENT,
    MEMBER_LIFE,
    Erasure.DELETE,
)
INVITE = Personal(
    Category.IDENTITY,
    _("At invitere personen ind i projektrummet"),
    LegalBasis.LEGITIMATE_INTEREST,
    _("Slettes 30 dage efter, at invitationen er udløbet eller trukket tilbage."),
    Erasure.DELETE,
)
ACTOR = Personal(
    Category.ACTIVITY,
    _(
        "At vise rummets deltagere, hvem der oprettede, lagde op, indkaldte, skjulte, låste "
        "eller noterede noget"
    ),
    LegalBasis.LEGITIMATE_INTEREST,
    ROOM_LIFE,
    Erasure.DELETE,
)
AUTHOR = Personal(
    Category.CONTENT,
    _("At vise, hvem der skrev et indlæg i rummets debat"),
    LegalBasis.LEGITIMATE_INTEREST,
    ROOM_LIFE,
    Erasure.DELETE,
)
FILE_NAME = Personal(
    Category.FILE,
    _("At vise filens oprindelige navn"),
    LegalBasis.LEGITIMATE_INTEREST,
    ROOM_LIFE,
    Erasure.ANONYMISE,
)
RESPONSIBLE = Personal(
    Category.PROJECT,
    _("At vise, hvem der har påtaget sig en aftale i erfaringsgruppen"),
    LegalBasis.LEGITIMATE_INTEREST,
    ROOM_LIFE,
    Erasure.DELETE,
)
OWN = Personal(
    Category.ACTIVITY,
    _(
        "At vise personens svar på en mødeindkaldelse, hvad personen har læst, og at sende "
        "højst én besked om hvert indlæg"
    ),
    LegalBasis.LEGITIMATE_INTEREST,
    MEMBER_LIFE,
    Erasure.DELETE,
)
VOTER = Personal(
    Category.CONTENT,
    _("At vise, hvem der stemte hvad i en åben afstemning (en hemmelig stemme har ingen person)"),
    LegalBasis.LEGITIMATE_INTEREST,
    _("Så længe afstemningen findes; ved sletning bliver stemmen, uden personen."),
    Erasure.DELETE,
)
TOOK_PART = Personal(
    Category.ACTIVITY,
    _("At tælle, hvem der har stemt, og vise personen, at stemmen er afgivet — aldrig hvad"),
    LegalBasis.LEGITIMATE_INTEREST,
    MEMBER_LIFE,
    Erasure.DELETE,
)

register(
    Room,
    area=AREA,
    organisation="organisation",
    subject=("created_by",),
    rows=Erasure.ANONYMISE,
    personal={"created_by": ACTOR},
    other=(
        "id",
        "organisation",
        "kind",
        "title",
        "description",
        "project",
        "created_at",
        "archived_at",
    ),
)
register(
    RoomMember,
    area=AREA,
    organisation=ORG,
    subject=("user",),
    rows=Erasure.DELETE,
    personal={
        "user": MEMBER,
        "role": MEMBER,
        "function": MEMBER,
        "phone": MEMBER,
        "joined_at": MEMBER,
        **alike(CHOICE, "show_email", "show_phone", "forum_notify", "digest_sent_until"),
    },
    other=("id", "room"),
    context=("room__title",),
)
register(
    RoomInvitation,
    area=AREA,
    organisation=ORG,
    subject=("accepted_by",),
    rows=Erasure.DELETE,
    personal={
        **alike(INVITE, "email", "first_name", "last_name", "accepted_by"),
        "invited_by": ACTOR,
    },
    other=("id", "room", "role", "token", "created_at", "expires_at", "accepted_at", "revoked_at"),
    context=("room__title",),
)
register(
    RoomActivity,
    area=AREA,
    organisation=ORG,
    subject=("actor",),
    rows=Erasure.ANONYMISE,
    personal={"actor": ACTOR},
    other=("id", "room", "verb", "subject", "path", "created_at"),
    context=("room__title",),
)
register(Folder, other=("id", "room", "name", "created_at"))
register(
    Document,
    area=AREA,
    organisation=ORG,
    subject=("created_by",),
    rows=Erasure.ANONYMISE,
    personal={"created_by": ACTOR},
    other=(
        "id",
        "room",
        "folder",
        "title",
        "description",
        "created_at",
        "updated_at",
        "version_count",
    ),
    context=("room__title",),
)
# The file is the room's (the minutes, the project description): it stays on erasure; who
# uploaded it, and a file name that may carry a name, are the person's.
register(
    DocumentVersion,
    area=AREA,
    organisation="document__room__organisation",
    subject=("uploaded_by",),
    rows=Erasure.ANONYMISE,
    personal={"uploaded_by": ACTOR, "original_name": FILE_NAME},
    other=("id", "document", "number", "file", "size", "content_type", "comment", "uploaded_at"),
    context=("document__title", "document__room__title"),
)
register(
    Meeting,
    area=AREA,
    organisation=ORG,
    subject=("created_by",),
    rows=Erasure.ANONYMISE,
    personal={"created_by": ACTOR, "minutes_file_name": FILE_NAME},
    other=(
        "id",
        "room",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "agenda",
        "minutes",
        "minutes_file",
        "minutes_at",
        "sequence",
        "cancelled_at",
        "created_at",
    ),
    context=("room__title",),
)
register(
    MeetingReply,
    area=AREA,
    organisation="meeting__room__organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={"user": OWN, "answer": OWN, "answered_at": OWN},
    other=("id", "meeting"),
    context=("meeting__title", "meeting__starts_at", "meeting__room__title"),
)
register(
    Thread,
    area=AREA,
    organisation=ORG,
    subject=("created_by", "locked_by"),
    rows=Erasure.ANONYMISE,
    personal={"created_by": ACTOR, "locked_by": ACTOR},
    other=("id", "room", "title", "created_at", "last_post_at", "post_count", "locked_at"),
    context=("room__title",),
)
# The post's text is part of the room's discussion (others answered it): it stays, without
# its author. The person's own export holds every post they wrote.
register(
    Post,
    area=AREA,
    organisation="thread__room__organisation",
    subject=("author", "hidden_by"),
    rows=Erasure.ANONYMISE,
    personal={"author": AUTHOR, "hidden_by": ACTOR},
    other=("id", "thread", "body", "created_at", "edited_at", "deleted_at", "hidden_at"),
    context=("thread__title", "thread__room__title"),
)
register(
    PostAttachment,
    area=AREA,
    organisation="post__thread__room__organisation",
    subject=("post__author",),
    rows=Erasure.ANONYMISE,
    personal={"original_name": FILE_NAME},
    other=("id", "post", "file", "size", "content_type"),
    context=("post__thread__title",),
)
register(
    ThreadRead,
    area=AREA,
    organisation="thread__room__organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={"user": OWN, "read_until": OWN},
    other=("id", "thread"),
    context=("thread__title",),
)
register(
    PostNotice,
    area=AREA,
    organisation="post__thread__room__organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={"user": OWN, "sent_at": OWN},
    other=("id", "post"),
    context=("post__thread__title",),
)
register(
    Vote,
    area=AREA,
    organisation=ORG,
    subject=("created_by",),
    rows=Erasure.ANONYMISE,
    personal={"created_by": ACTOR},
    other=(
        "id",
        "room",
        "question",
        "description",
        "multiple",
        "secret",
        "live_results",
        "deadline",
        "created_at",
        "closed_at",
    ),
    context=("room__title",),
)
register(VoteOption, other=("id", "vote", "label", "position"))
# Only open ballots name a voter, so only they are found: the export shows the options chosen
# (one line per option); a secret ballot is never the person's row.
register(
    Ballot,
    area=AREA,
    organisation="vote__room__organisation",
    subject=("voter",),
    rows=Erasure.ANONYMISE,
    personal={"voter": VOTER},
    other=("id", "vote", "receipt", "cast_at", "options"),
    context=("vote__question", "options__label"),
)
register(
    VoteParticipation,
    area=AREA,
    organisation="vote__room__organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={"user": TOOK_PART},
    other=("id", "vote"),
    context=("vote__question", "vote__secret"),
)
register(
    Agreement,
    area=AREA,
    organisation=ORG,
    subject=("responsible", "created_by"),
    rows=Erasure.ANONYMISE,
    personal={"responsible": RESPONSIBLE, "created_by": ACTOR},
    other=(
        "id",
        "room",
        "meeting",
        "what",
        "due_on",
        "status",
        "follow_up",
        "created_at",
        "updated_at",
    ),
    context=("room__title",),
)
