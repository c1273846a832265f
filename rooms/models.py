"""The project web (projektweb): rooms where a development project, a network or an
erfaringsgruppe works between courses — members and their register, documents in folders with
versions, a meeting calendar, a discussion forum, a voting room, and an ERFA group's agreements.

A room belongs to an organisation or, without one, to the network. Only its members see it.
Every rule the database can hold is a constraint here: one membership per person and room, one
reply per person and meeting, one ballot per person and vote, a meeting that ends after it
starts, a vote with a deadline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import invitations
from core.storage import private_storage


class RoomKind(models.TextChoices):
    DEVELOPMENT = "udvikling", _("Udviklingsprojekt")
    NETWORK = "netvaerk", _("Netværk")
    ERFA = "erfa", _("Erfaringsgruppe")
    BUILDING = "byggesag", _("Byggesag")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Ejer")
    MEMBER = "member", _("Medlem")
    GUEST = "guest", _("Gæst")


class ForumNotify(models.TextChoices):
    """How a member hears about new posts in the room's forum."""

    IMMEDIATELY = "straks", _("Straks")
    DAILY = "dagligt", _("Dagligt sammendrag")
    NEVER = "aldrig", _("Aldrig")


# --- Rooms and members -----------------------------------------------------------------------


class RoomQuerySet(models.QuerySet["Room"]):
    def active(self) -> RoomQuerySet:
        return self.filter(archived_at__isnull=True)


class Room(models.Model):
    """A projektrum: a place to work together, visible only to its members."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rooms",
        help_text=_("Tom: rummet hører til netværket."),
    )
    kind = models.CharField(_("type"), max_length=12, choices=RoomKind.choices)
    title = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    # An erfaringsgruppe meets about one or more departments (seed 003); other rooms may name
    # the departments they concern.
    departments = models.ManyToManyField(
        "organisations.Department",
        verbose_name=_("afdelinger"),
        blank=True,
        related_name="rooms",
    )
    project = models.ForeignKey(
        "onsite.BuildingProject",
        verbose_name=_("byggesag"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rooms",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    archived_at = models.DateTimeField(_("arkiveret"), null=True, blank=True)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("projektrum")
        verbose_name_plural = _("projektrum")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class RoomMember(models.Model):
    """A person's place in a room, with what they chose to show in the participant register."""

    room = models.ForeignKey(
        Room, verbose_name=_("rum"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="room_memberships",
    )
    role = models.CharField(
        _("rolle"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    function = models.CharField(
        _("funktion i rummet"),
        max_length=120,
        blank=True,
        help_text=_("Fx »projektleder«, »beboerrepræsentant« eller »driftschef«."),
    )
    # The participant register shows only what the person chose to show here.
    show_email = models.BooleanField(_("vis min e-mailadresse"), default=False)
    show_phone = models.BooleanField(_("vis mit telefonnummer"), default=False)
    # The account holds no telephone number: the member gives the one to show in this room.
    phone = models.CharField(_("telefonnummer"), max_length=30, blank=True)
    forum_notify = models.CharField(
        _("besked om nye indlæg"),
        max_length=8,
        choices=ForumNotify.choices,
        default=ForumNotify.DAILY,
    )
    joined_at = models.DateTimeField(_("medlem siden"), auto_now_add=True)
    # Where the person's daily forum digest got to (the posts after it are in the next one).
    digest_sent_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("medlem af projektrum")
        verbose_name_plural = _("medlemmer af projektrum")
        ordering = ["room", "user__first_name", "user__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="rooms_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} i {self.room}"

    @property
    def is_owner(self) -> bool:
        return self.role == MemberRole.OWNER


class RoomInvitationQuerySet(invitations.InvitationQuerySet["RoomInvitation"]):
    """The kernel's invitation QuerySet (``open``, ``expired``, ``to_address`` …)."""


class RoomInvitation(invitations.Invitation):
    """An invitation into one room (single use, 14 days), to anybody's e-mail address."""

    room = models.ForeignKey(
        Room, verbose_name=_("rum"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(
        _("rolle"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    objects = RoomInvitationQuerySet.as_manager()

    class Meta(invitations.Invitation.Meta):
        verbose_name = _("invitation til projektrum")
        verbose_name_plural = _("invitationer til projektrum")
        indexes = [models.Index(fields=["room", "email"], name="rooms_invitation_email")]

    def __str__(self) -> str:
        return f"{self.email} → {self.room}"


class ActivityVerb(models.TextChoices):
    JOINED = "joined", _("kom med i rummet")
    LEFT = "left", _("forlod rummet")
    DOCUMENT = "document", _("lagde et dokument op")
    DOCUMENT_VERSION = "version", _("lagde en ny version op")
    MEETING = "meeting", _("indkaldte til møde")
    MEETING_CHANGED = "meeting_changed", _("ændrede et møde")
    MEETING_CANCELLED = "meeting_cancelled", _("aflyste et møde")
    MINUTES = "minutes", _("lagde referat op")
    THREAD = "thread", _("startede en tråd")
    POST = "post", _("svarede i en tråd")
    VOTE = "vote", _("åbnede en afstemning")
    VOTE_CLOSED = "vote_closed", _("afsluttede en afstemning")
    AGREEMENT = "agreement", _("noterede en aftale")
    LESSON = "lesson", _("delte en erfaring")


class RoomActivity(models.Model):
    """One line of "what happened lately" on the room page."""

    room = models.ForeignKey(
        Room, verbose_name=_("rum"), on_delete=models.CASCADE, related_name="activities"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hvem"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    verb = models.CharField(_("hvad"), max_length=20, choices=ActivityVerb.choices)
    # What it was about, as it was called then ("Referat 3. marts"), and where it is.
    subject = models.CharField(_("emne"), max_length=250, blank=True)
    path = models.CharField(_("adresse"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("aktivitet i projektrum")
        verbose_name_plural = _("aktivitet i projektrum")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["room", "-created_at"], name="rooms_activity_recent")]

    def __str__(self) -> str:
        return f"{self.room}: {self.get_verb_display()}"


# --- Documents --------------------------------------------------------------------------------


class Folder(models.Model):
    """A folder of documents in a room (one level deep is enough for a project web)."""

    room = models.ForeignKey(
        Room, verbose_name=_("rum"), on_delete=models.CASCADE, related_name="folders"
    )
    name = models.CharField(_("navn"), max_length=120)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("mappe")
        verbose_name_plural = _("mapper")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["room", "name"], name="rooms_folder_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """A document in a room; its file is its latest version, the old ones are kept."""

    room = models.ForeignKey(
        Room, verbose_name=_("rum"), on_delete=models.CASCADE, related_name="documents"
    )
    folder = models.ForeignKey(
        Folder,
        verbose_name=_("mappe"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    # Kept by the service with each new version, so a list shows it without a query per row.
    version_count = models.PositiveIntegerField(_("versioner"), default=0)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


def document_upload_to(instance: DocumentVersion, filename: str) -> str:
    # The stored name is ours (a random one is added by the storage on clashes); the person's
    # file name is kept in ``original_name``.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    document = instance.document
    return f"rooms/{document.room_id}/{document.pk}/v{instance.number}.{extension}"


class DocumentVersion(models.Model):
    """One uploaded file of a document: who uploaded it, when, and what it was called."""

    document = models.ForeignKey(
        Document, verbose_name=_("dokument"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fil"), storage=private_storage, upload_to=document_upload_to)
    original_name = models.CharField(_("filnavn"), max_length=255)
    size = models.PositiveBigIntegerField(_("størrelse"))
    content_type = models.CharField(_("filtype"), max_length=100)
    comment = models.CharField(_("hvad er ændret"), max_length=250, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lagt op af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("lagt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("dokumentversion")
        verbose_name_plural = _("dokumentversioner")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="rooms_document_version_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


# --- Meetings ---------------------------------------------------------------------------------


class Meeting(models.Model):
    """A meeting in the room's calendar: time, place or link, agenda, and the minutes after."""

    room = models.ForeignKey(
        Room, verbose_name=_("rum"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=250, blank=True)
    online_url = models.URLField(_("link til onlinemøde"), blank=True)
    agenda = models.TextField(_("dagsorden"), blank=True)
    minutes = models.TextField(_("referat"), blank=True)
    minutes_file = models.FileField(
        _("referat som fil"),
        storage=private_storage,
        upload_to="rooms/minutes/",
        blank=True,
    )
    minutes_file_name = models.CharField(_("filnavn"), max_length=255, blank=True)
    minutes_at = models.DateTimeField(_("referat lagt op"), null=True, blank=True)
    # Raised by every change an invited calendar must see (RFC 5546 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(_("aflyst"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("indkaldt af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="rooms_meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["room", "starts_at"], name="rooms_meeting_time")]

    def __str__(self) -> str:
        return self.title


class Attendance(models.TextChoices):
    YES = "yes", _("Deltager")
    NO = "no", _("Deltager ikke")


class MeetingReply(models.Model):
    """A member's answer to a meeting invitation."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="replies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="meeting_replies",
    )
    answer = models.CharField(_("svar"), max_length=3, choices=Attendance.choices)
    answered_at = models.DateTimeField(_("svaret"), auto_now=True)

    class Meta:
        verbose_name = _("svar på mødeindkaldelse")
        verbose_name_plural = _("svar på mødeindkaldelser")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="rooms_reply_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_answer_display()}"


# --- Forum ------------------------------------------------------------------------------------


class Thread(models.Model):
    """A discussion in the room's forum (debatforum)."""

    room = models.ForeignKey(
        Room, verbose_name=_("rum"), on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField(_("overskrift"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("startet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("startet"), auto_now_add=True)
    # Kept by the services, so a list of threads needs no count or max per row.
    last_post_at = models.DateTimeField(_("seneste indlæg"), null=True, blank=True)
    post_count = models.PositiveIntegerField(_("indlæg"), default=0)
    locked_at = models.DateTimeField(_("låst"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("låst af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tråd")
        verbose_name_plural = _("tråde")
        ordering = ["-last_post_at", "-pk"]
        indexes = [models.Index(fields=["room", "-last_post_at"], name="rooms_thread_recent")]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """A post in a thread: sanitised HTML; edited, deleted by its author, hidden by an owner."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("tråd"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("indlæg"))
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("redigeret"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("slettet"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("skjult"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skjult af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("indlæg")
        verbose_name_plural = _("indlæg")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.thread}: {self.pk}"


def attachment_upload_to(instance: PostAttachment, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"rooms/posts/{instance.post_id}/{instance.post_id}.{extension}"


class PostAttachment(models.Model):
    """A file attached to a post (private, downloaded through the room's policy)."""

    post = models.ForeignKey(
        Post, verbose_name=_("indlæg"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("fil"), storage=private_storage, upload_to=attachment_upload_to)
    original_name = models.CharField(_("filnavn"), max_length=255)
    size = models.PositiveBigIntegerField(_("størrelse"))
    content_type = models.CharField(_("filtype"), max_length=100)

    class Meta:
        verbose_name = _("vedhæftet fil")
        verbose_name_plural = _("vedhæftede filer")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ThreadRead(models.Model):
    """How far a person has read a thread (the unread markers)."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("tråd"), on_delete=models.CASCADE, related_name="reads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    read_until = models.DateTimeField(_("læst til"))

    class Meta:
        verbose_name = _("læst tråd")
        verbose_name_plural = _("læste tråde")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="rooms_thread_read_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.thread}"


class PostNotice(models.Model):
    """That a person was told about a post by e-mail (straks or in a digest): never twice."""

    post = models.ForeignKey(
        Post, verbose_name=_("indlæg"), on_delete=models.CASCADE, related_name="notices"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        verbose_name = _("besked om indlæg")
        verbose_name_plural = _("beskeder om indlæg")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="rooms_post_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.post_id}"


# --- Votes ------------------------------------------------------------------------------------


class Vote(models.Model):
    """A question put to the room's members (afstemningsrum)."""

    room = models.ForeignKey(
        Room, verbose_name=_("rum"), on_delete=models.CASCADE, related_name="votes"
    )
    question = models.CharField(_("spørgsmål"), max_length=300)
    description = models.TextField(_("baggrund"), blank=True)
    multiple = models.BooleanField(
        _("flere svar"), default=False, help_text=_("Man må vælge mere end én mulighed.")
    )
    secret = models.BooleanField(
        _("hemmelig afstemning"),
        default=False,
        help_text=_("Ingen — heller ikke ejerne — kan se, hvem der stemte hvad."),
    )
    live_results = models.BooleanField(
        _("vis resultatet undervejs"),
        default=False,
        help_text=_("Ellers vises resultatet først, når afstemningen er slut."),
    )
    deadline = models.DateTimeField(_("frist"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    # An owner may close a vote before its deadline.
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)

    class Meta:
        verbose_name = _("afstemning")
        verbose_name_plural = _("afstemninger")
        ordering = ["-deadline", "-pk"]

    def __str__(self) -> str:
        return self.question


class VoteOption(models.Model):
    vote = models.ForeignKey(
        Vote, verbose_name=_("afstemning"), on_delete=models.CASCADE, related_name="options"
    )
    label = models.CharField(_("svarmulighed"), max_length=200)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("svarmulighed")
        verbose_name_plural = _("svarmuligheder")
        ordering = ["vote", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class Ballot(models.Model):
    """One member's vote: once per person and vote, held by the database.

    ``receipt`` is a keyed hash of the vote and the person (``rooms.votes.receipt``), unique per
    vote: it is what stops a second ballot, open or secret, also when two submissions arrive at
    once. An open ballot names its ``voter``; a secret one does not, and has no time of its own
    that could be matched against the log: only the person, who can compute the receipt again,
    finds it — to change it before the deadline.
    """

    vote = models.ForeignKey(
        Vote, verbose_name=_("afstemning"), on_delete=models.CASCADE, related_name="ballots"
    )
    receipt = models.CharField(max_length=64, editable=False)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stemt af"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    cast_at = models.DateTimeField(_("afgivet"), null=True, blank=True)
    options = models.ManyToManyField(VoteOption, verbose_name=_("valgt"), related_name="ballots")

    class Meta:
        verbose_name = _("stemme")
        verbose_name_plural = _("stemmer")
        constraints = [
            models.UniqueConstraint(fields=["vote", "receipt"], name="rooms_ballot_once"),
            models.UniqueConstraint(
                fields=["vote", "voter"],
                condition=Q(voter__isnull=False),
                name="rooms_ballot_voter_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vote}: {self.pk}"


class VoteParticipation(models.Model):
    """That a member took part in a vote (turnout, and "du har stemt"), without the choice.

    For a secret vote this row is the only link to the person; it says nothing of the ballot.
    """

    vote = models.ForeignKey(
        Vote, verbose_name=_("afstemning"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deltagelse i afstemning")
        verbose_name_plural = _("deltagelse i afstemninger")
        constraints = [
            models.UniqueConstraint(fields=["vote", "user"], name="rooms_participation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.vote}"


# --- ERFA groups ------------------------------------------------------------------------------


class AgreementStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    DONE = "done", _("Udført")
    DROPPED = "dropped", _("Opgivet")


class Agreement(models.Model):
    """An erfaringsgruppe's aftale: what, who, by when — kept from meeting to meeting."""

    room = models.ForeignKey(
        Room, verbose_name=_("rum"), on_delete=models.CASCADE, related_name="agreements"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("aftalt på mødet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    what = models.TextField(_("hvad"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hvem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("senest"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=AgreementStatus.choices, default=AgreementStatus.OPEN
    )
    follow_up = models.TextField(_("opfølgning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noteret af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("noteret"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("aftale")
        verbose_name_plural = _("aftaler")
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return self.what[:60]
