"""Personal data of the courses app: enrolments, progress, certificates (core.privacy).

Course pages and sessions describe the offer, not people; the one exception is a session's
free-text list of teachers.
"""

from django.utils.translation import gettext_lazy as _

from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register
from courses.models import (
    BadgeCredential,
    BadgeSigningKey,
    CalendarFeed,
    Certificate,
    CourseAdjustment,
    CourseDocument,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    CourseSummary,
    Enrolment,
    EnrolmentEvent,
    Evaluation,
    ModulePage,
    ModuleProgress,
    ModuleSheet,
    ProviderSectionPage,
    QuizAttempt,
    TrialEvaluation,
)

ACCOUNT = _(
    "Så længe personen har en konto (som standard slettes konti efter 36 måneder uden log ind). "
    "Afviste og annullerede tilmeldinger slettes efter 24 måneder."
)
ENROLMENT = Personal(
    Category.LEARNING,
    _("At tilmelde personen, holde styr på pladser, ventelister, fremmøde og gennemførelse"),
    LegalBasis.CONTRACT,
    ACCOUNT,
    Erasure.DELETE,
)
PROGRESS = Personal(
    Category.LEARNING,
    _("At vise personens fremskridt i moduler og quizzer og afgøre, om kurset er gennemført"),
    LegalBasis.CONTRACT,
    ACCOUNT,
    Erasure.DELETE,
)
# A certificate is deleted with the person: it exists to let others verify that the named
# person completed the course; with the name gone, the public page could confirm nothing, and
# the person has the PDF from their export. Completions stay countable only while the person
# exists, which is the price of erasure.
CERTIFICATE = Personal(
    Category.LEARNING,
    _("Kursusbeviset og den offentlige side, hvor andre kan se, at beviset er ægte"),
    LegalBasis.CONTRACT,
    _("Så længe personen har en konto, så beviset kan eftervises."),
    Erasure.DELETE,
)
EVALUATION = Personal(
    Category.CONTENT,
    _("Kursusudbyderens forbedring af kurset (evalueringen vises uden navn)"),
    LegalBasis.LEGITIMATE_INTEREST,
    ACCOUNT,
    Erasure.DELETE,
)
ACTOR = Personal(
    Category.ACTIVITY,
    _("At kunne se, hvem der tilmeldte, godkendte eller tilbagekaldte"),
    LegalBasis.LEGITIMATE_INTEREST,
    _(
        "Så længe tilmeldingen eller beviset findes; ved sletning erstattes personen af "
        '"Slettet bruger".'
    ),
    Erasure.ANONYMISE,
)

register(
    Enrolment,
    area="tilmeldinger",
    organisation="organisation",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={
        **alike(
            ENROLMENT,
            "user",
            "course",
            "session",
            "organisation",
            "status",
            "waitlisted_at",
            "completed_at",
            "created_at",
            "updated_at",
        ),
        "requested_by": ACTOR,
    },
    other=("id",),
    context=("course__title", "session__starts_at", "session__city", "organisation__name"),
)
register(
    EnrolmentEvent,
    area="tilmeldinger",
    organisation="enrolment__organisation",
    subject=("enrolment__user",),
    rows=Erasure.DELETE,
    personal={
        **alike(ENROLMENT, "from_status", "to_status", "reason", "created_at"),
        "actor": ACTOR,
    },
    other=("id", "enrolment"),
    context=("enrolment__course__title",),
)
register(
    ModuleProgress,
    area="tilmeldinger",
    subject=("user",),
    rows=Erasure.DELETE,
    personal=alike(PROGRESS, "user", "module", "completed_at"),
    other=("id",),
    context=("module__title",),
)
# A learner's answers to a module's checklist, reflection or tool: the link row here, the
# answers in the ``tools.Sheet`` it points to (owned by the learner: exported and erased with
# them by the tools app's declaration).
register(
    ModuleSheet,
    area="tilmeldinger",
    subject=("user",),
    rows=Erasure.DELETE,
    personal=alike(PROGRESS, "user", "module", "block_id", "sheet"),
    other=("id",),
    context=("module__title", "sheet__title"),
)
register(
    QuizAttempt,
    area="tilmeldinger",
    subject=("user",),
    rows=Erasure.DELETE,
    personal=alike(PROGRESS, "user", "module", "score", "passed", "answers", "created_at"),
    other=("id", "quiz_id"),
    context=("module__title",),
)
register(
    Evaluation,
    area="tilmeldinger",
    organisation="enrolment__organisation",
    subject=("enrolment__user",),
    rows=Erasure.DELETE,
    personal=alike(EVALUATION, "rating", "comment", "created_at"),
    other=("id", "enrolment"),
    context=("enrolment__course__title",),
)
register(
    Certificate,
    area="kursusbeviser",
    organisation="enrolment__organisation",
    subject=("enrolment__user",),
    rows=Erasure.DELETE,
    personal={
        **alike(
            CERTIFICATE,
            "enrolment",
            "code",
            "person_name",
            "completed_on",
            "issued_at",
            "expires_on",
            "revoked_at",
            "revoke_reason",
        ),
        "revoked_by": ACTOR,
    },
    other=("id", "course_title", "guide_code", "provider_name", "hours"),
)

# The Open Badge of a certificate: the signed credential names the person only by a salted
# hash of their e-mail address. On erasure the row is kept without the certificate and the
# signed document, so its place in the status list stays taken and says "revoked": a copy the
# person handed out can no longer be confirmed, like the certificate's public page (which is
# deleted). The person's export holds the credential itself.
BADGE = Personal(
    Category.LEARNING,
    _("Kursusbeviset som Open Badge, som du selv har hentet og kan vise andre systemer"),
    LegalBasis.CONTRACT,
    _(
        "Så længe kursusbeviset findes. Ved sletning fjernes beviset, og det digitale bevis "
        "meldes tilbagekaldt."
    ),
    Erasure.ANONYMISE,
)
register(
    BadgeCredential,
    area="kursusbeviser",
    organisation="certificate__enrolment__organisation",
    subject=("certificate__enrolment__user",),
    rows=Erasure.ANONYMISE,
    personal=alike(BADGE, "certificate", "jws", "issued_at"),
    other=("id", "credential_id", "provider", "status_index", "signing_key"),
    context=("certificate__code", "certificate__course_title"),
)
# The platform's signing keys describe no one.
register(
    BadgeSigningKey, other=("id", "kid", "private_key", "public_jwk", "created_at", "retired_at")
)

# Teachers are named in free text on the session (they need not have an account).
register(
    CourseSession,
    area="undervisere",
    personal={
        "teachers": Personal(
            Category.IDENTITY,
            _("At vise deltagerne, hvem der underviser på holdet"),
            LegalBasis.LEGITIMATE_INTEREST,
            _("Så længe holdet findes."),
            Erasure.ANONYMISE,
        )
    },
    other=(
        "id",
        "course",
        "provider",
        "starts_at",
        "ends_at",
        "online",
        "online_url",
        "address",
        "postcode",
        "city",
        "region",
        "capacity",
        "price",
        "registration_deadline",
        "cancellation_deadline",
        "language",
        "status",
        "is_trial",
        "trial_evaluation_tool",
        "sequence",
        "reminder_sent_at",
        "seats_taken",
        "waitlist_length",
        "created_at",
        "updated_at",
    ),
)
# A course's figures are sums over everyone: they describe no one.
register(CourseSummary, other=("course", "rating_count", "rating_sum", "updated_at"))
register(CourseIndexPage, other=("intro",))
register(ProviderSectionPage, other=("provider", "intro"))
register(
    CoursePage,
    other=(
        "guide",
        "summary",
        "learning_outcomes",
        "format",
        "duration_hours",
        "language",
        "price",
        "prerequisites",
        "body",
        "image",
        "completion_requires_attendance",
        "completion_requires_modules",
        "completion_requires_quiz",
    ),
)
register(CourseDocument, other=("id", "sort_order", "page", "document", "title"))
register(ModulePage, other=("intro", "estimated_minutes", "body"))

# The secret link to the person's calendar of sessions: theirs alone, gone with them.
register(
    CalendarFeed,
    area="tilmeldinger",
    subject=("user",),
    rows=Erasure.DELETE,
    personal=alike(
        Personal(
            Category.LEARNING,
            _("Dit hemmelige kalenderlink til dine hold"),
            LegalBasis.CONTRACT,
            _("Til du slår linket fra, eller kontoen slettes."),
            Erasure.DELETE,
        ),
        "user",
        "version",
        "enabled",
        "changed_at",
    ),
    other=("id",),
)

# A participant's evaluation of a trial session (prøvehold): the provider sees it summed up and
# without names; the answers themselves are the ``tools.Sheet`` it points to, exported with it.
register(
    TrialEvaluation,
    area="tilmeldinger",
    organisation="enrolment__organisation",
    subject=("enrolment__user",),
    rows=Erasure.DELETE,
    personal=alike(EVALUATION, "enrolment", "sheet", "submitted_at"),
    other=("id",),
    context=("enrolment__course__title", "enrolment__session__starts_at", "sheet__data"),
)
# What a provider changed in a course after its trial: the course's record; the editor who
# wrote it is replaced by "Slettet bruger" when erased.
register(
    CourseAdjustment,
    area="redaktion",
    subject=("recorded_by",),
    rows=Erasure.ANONYMISE,
    personal={"recorded_by": ACTOR},
    other=("id", "course", "session", "adjusted_on", "finding", "change", "created_at"),
    context=("course__title",),
)
