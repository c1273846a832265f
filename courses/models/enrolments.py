"""Sessions (hold), enrolments with their state machine, progress, certificates, evaluations.

The state machine (``EnrolmentStatus``) is changed only by ``courses.services``; every change
writes an ``EnrolmentEvent`` recording who, when and why.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import long_date


class Region(models.TextChoices):
    HOVEDSTADEN = "hovedstaden", _("Hovedstaden")
    SJAELLAND = "sjaelland", _("Sjælland")
    SYDDANMARK = "syddanmark", _("Syddanmark")
    MIDTJYLLAND = "midtjylland", _("Midtjylland")
    NORDJYLLAND = "nordjylland", _("Nordjylland")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    OPEN = "open", _("Åben for tilmelding")
    FULL = "full", _("Fuldt booket")
    CANCELLED = "cancelled", _("Aflyst")
    HELD = "held", _("Afholdt")


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Anmodet")
    AWAITING_APPROVAL = "awaiting_approval", _("Afventer godkendelse")
    BOOKED = "booked", _("Booket")
    WAITLISTED = "waitlisted", _("På venteliste")
    ATTENDED = "attended", _("Mødt")
    NO_SHOW = "no_show", _("Udeblevet")
    COMPLETED = "completed", _("Gennemført")
    NOT_PASSED = "not_passed", _("Ikke bestået")
    CANCELLED = "cancelled", _("Afmeldt")
    REJECTED = "rejected", _("Afvist")


# An enrolment in one of these holds (or waits for) a place; at most one per person and session.
ACTIVE_STATUSES = (
    EnrolmentStatus.REQUESTED,
    EnrolmentStatus.AWAITING_APPROVAL,
    EnrolmentStatus.BOOKED,
    EnrolmentStatus.WAITLISTED,
    EnrolmentStatus.ATTENDED,
    EnrolmentStatus.NO_SHOW,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.NOT_PASSED,
)
SEAT_STATUSES = (
    EnrolmentStatus.BOOKED,
    EnrolmentStatus.ATTENDED,
    EnrolmentStatus.NO_SHOW,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.NOT_PASSED,
)


def seat_kind(status: str | None) -> str:
    """Which session counter an enrolment in ``status`` counts in: "seat", "waitlist" or ""."""
    if status in SEAT_STATUSES:
        return "seat"
    if status == EnrolmentStatus.WAITLISTED:
        return "waitlist"
    return ""


class CourseSessionQuerySet(models.QuerySet["CourseSession"]):
    def with_seats(self) -> CourseSessionQuerySet:
        """Annotate ``booked_count``, ``waitlist_count`` and ``seats_left``.

        Read from the session's own counters (``seats_taken``, ``waitlist_length``), kept equal
        to the enrolments by ``courses.figures``: a listing never counts enrolments.
        """
        return self.annotate(
            booked_count=F("seats_taken"),
            waitlist_count=F("waitlist_length"),
            seats_left=F("capacity") - F("seats_taken"),
        )

    def with_counted_seats(self) -> CourseSessionQuerySet:
        """Annotate ``counted_seats`` and ``counted_waitlist`` from the enrolments themselves
        (what the counters must equal; for checks and rebuilds, not for pages)."""
        return self.annotate(
            counted_seats=Count("enrolments", filter=Q(enrolments__status__in=SEAT_STATUSES)),
            counted_waitlist=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED)
            ),
        )

    def upcoming(self) -> CourseSessionQuerySet:
        """Sessions that have not started and are not cancelled."""
        return self.filter(starts_at__gt=timezone.now()).exclude(status=SessionStatus.CANCELLED)

    def for_provider(self, provider_id: int) -> CourseSessionQuerySet:
        return self.filter(provider_id=provider_id)


def _is_live_evaluation_tool(tool: object) -> bool:
    # The tool's kind by value: courses reads tools' models, never the other way round.
    return bool(getattr(tool, "live", False)) and getattr(tool, "kind", "") == "evaluation"


class CourseSession(models.Model):
    """A hold: one dated run of a course, at a place or online, with limited seats."""

    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("kursus"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    # The course's provider, kept on the row so that scoping and listings need no tree lookups.
    provider = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("kursusudbyder"),
        on_delete=models.PROTECT,
        related_name="course_sessions",
        editable=False,
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("slut"))
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("link til online-holdet"), blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    capacity = models.PositiveIntegerField(
        _("antal pladser"),
        validators=[MinValueValidator(1, _("Et hold skal have mindst én plads."))],
    )
    price = models.DecimalField(
        _("pris (kr. ekskl. moms)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), _("Prisen kan ikke være negativ."))],
    )
    registration_deadline = models.DateTimeField(_("tilmeldingsfrist"))
    cancellation_deadline = models.DateTimeField(_("afmeldingsfrist"))
    language = models.CharField(
        _("sprog"), max_length=2, default="da", choices=[("da", _("Dansk")), ("en", _("Engelsk"))]
    )
    teachers = models.CharField(_("undervisere"), max_length=300, blank=True)
    is_trial = models.BooleanField(
        _("prøvehold"),
        default=False,
        help_text=_(
            "Et prøvehold afprøver kurset: deltagerne udfylder en struktureret evaluering, og "
            "udbyderen skriver bagefter, hvad kurset er justeret med."
        ),
    )
    trial_evaluation_tool = models.ForeignKey(
        "tools.Tool",
        verbose_name=_("evalueringsskema for prøveholdet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    # Denormalised counts of the session's enrolments (seats held, waiting), so that the
    # catalogue never counts 500,000 enrolments; kept by courses.figures, rebuilt in bulk by
    # courses.services.course_figures_rebuild().
    seats_taken = models.PositiveIntegerField(_("optagne pladser"), default=0, editable=False)
    waitlist_length = models.PositiveIntegerField(_("på venteliste"), default=0, editable=False)
    # Raised on every change that matters to a calendar (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("hold")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["provider", "starts_at"], name="courses_session_provider"),
            # The next sessions of a page of courses (course cards, guide page).
            models.Index(fields=["course", "starts_at"], name="courses_session_course_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="courses_session_ends_after_start",
                violation_error_message=_("Slut skal ligge efter start."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="courses_session_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="courses_session_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=F("starts_at")),
                name="courses_session_registration_before_start",
                violation_error_message=_("Tilmeldingsfristen skal ligge før start."),
            ),
            models.CheckConstraint(
                condition=Q(cancellation_deadline__lte=F("starts_at")),
                name="courses_session_cancellation_before_start",
                violation_error_message=_("Afmeldingsfristen skal ligge før start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} – {long_date(self.starts_at)}"

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Slut skal ligge efter start.")
        if (
            self.starts_at
            and self.registration_deadline
            and self.registration_deadline > self.starts_at
        ):
            errors["registration_deadline"] = _("Tilmeldingsfristen skal ligge før start.")
        if (
            self.starts_at
            and self.cancellation_deadline
            and self.cancellation_deadline > self.starts_at
        ):
            errors["cancellation_deadline"] = _("Afmeldingsfristen skal ligge før start.")
        if self.online and not self.online_url:
            errors["online_url"] = _("Angiv linket til online-holdet.")
        if not self.online and not (self.address and self.region):
            errors["address"] = _("Angiv adresse og region for et hold med fremmøde.")
        if self.is_trial and self.trial_evaluation_tool_id is None:
            errors["trial_evaluation_tool"] = _(
                "Vælg det evalueringsskema, som deltagerne på prøveholdet skal udfylde."
            )
        elif self.is_trial and not _is_live_evaluation_tool(self.trial_evaluation_tool):
            errors["trial_evaluation_tool"] = _(
                "Vælg et offentliggjort værktøj af typen evalueringsværktøj."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def place(self) -> str:
        if self.online:
            return str(_("Online"))
        return ", ".join(
            part for part in (self.address, f"{self.postcode} {self.city}".strip()) if part
        )


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def active(self) -> EnrolmentQuerySet:
        """Enrolments that are not cancelled or rejected."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def holding_seats(self) -> EnrolmentQuerySet:
        return self.filter(status__in=SEAT_STATUSES)

    def waitlist(self) -> EnrolmentQuerySet:
        """The waiting list in first-come, first-served order."""
        return self.filter(status=EnrolmentStatus.WAITLISTED).order_by("waitlisted_at", "pk")

    def for_listing(self) -> EnrolmentQuerySet:
        return self.select_related(
            "user",
            "course",
            "session",
            "session__provider",
            "organisation",
            "certificate",
            "evaluation",
        )


class Enrolment(models.Model):
    """A person's tilmelding to a session (or to a self-paced course, with no session)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltager"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("kursus"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    session = models.ForeignKey(
        CourseSession,
        verbose_name=_("hold"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    # The organisation the person enrols through; its approval rule and approvers apply.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tilmeldt af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("gennemført"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnrolmentQuerySet.as_manager()
    # (session id, seat kind) as read from the database; a new row has held no place.
    loaded_place: tuple[int | None, str] = (None, "")

    class Meta:
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["session", "status"], name="courses_enrol_session_status"),
            models.Index(fields=["user", "status"], name="courses_enrol_user_status"),
            models.Index(fields=["organisation", "status"], name="courses_enrol_org_status"),
            # The API's updated_since list of an organisation's enrolments.
            models.Index(fields=["organisation", "updated_at"], name="courses_enrol_org_updated"),
            # The HR dashboard's learning spent this year: an organisation's completions by date.
            models.Index(
                fields=["organisation", "status", "completed_at"], name="courses_enrol_org_done"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "session"],
                condition=Q(status__in=ACTIVE_STATUSES) & Q(session__isnull=False),
                name="courses_one_active_enrolment_per_session",
                violation_error_message=_("Du er allerede tilmeldt dette hold."),
            ),
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status__in=ACTIVE_STATUSES) & Q(session__isnull=True),
                name="courses_one_active_self_paced_enrolment",
                violation_error_message=_("Du er allerede tilmeldt dette kursus."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values),
                name="courses_enrolment_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.course}"

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any]
    ) -> Enrolment:
        instance = super().from_db(db, field_names, values)
        # What the row said when it was read: the session counters (courses.figures) recount
        # only when an enrolment moves between a seat, the waitlist and neither.
        instance.loaded_place = (
            instance.__dict__.get("session_id"),
            seat_kind(instance.__dict__.get("status")),
        )
        return instance

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class CourseSummary(models.Model):
    """Figures of one course that would otherwise be counted from its enrolments on every
    listing: its evaluations' count and sum (the average is their quotient). A row of its own,
    not fields on the page: publishing a page revision would write back stale figures."""

    course = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="figures",
    )
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kursusnøgletal")
        verbose_name_plural = _("kursusnøgletal")

    def __str__(self) -> str:
        return f"{self.course_id}: {self.rating_count}"

    @property
    def rating_avg(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None


class EnrolmentEvent(models.Model):
    """One transition of an enrolment: who did it, when and why."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=EnrolmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=EnrolmentStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("begrundelse"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hændelse")
        verbose_name_plural = _("hændelser")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ModuleProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="progress"
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("modul gennemført")
        verbose_name_plural = _("moduler gennemført")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"], name="courses_progress_once_per_module"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.module}"


class QuizAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz_id = models.CharField(max_length=64)
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    passed = models.BooleanField()
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quizforsøg")
        verbose_name_plural = _("quizforsøg")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "module", "quiz_id"], name="courses_quiz_user_module")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="courses_quiz_score_percent")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.module}: {self.score} %"


def _certificate_code() -> str:
    # 12 characters from an alphabet without look-alikes: easy to read aloud, hard to guess.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Certificate(models.Model):
    """Proof of completion. The public page /bevis/<code>/ shows only name, course and date."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(
        _("kode"), max_length=16, unique=True, default=_certificate_code, editable=False
    )
    # What the certificate says, frozen when issued.
    person_name = models.CharField(_("navn"), max_length=300)
    course_title = models.CharField(_("kursus"), max_length=300)
    guide_code = models.CharField(_("AlmenVejledning"), max_length=4)
    provider_name = models.CharField(_("kursusudbyder"), max_length=200)
    hours = models.DecimalField(_("timer"), max_digits=5, decimal_places=1)
    completed_on = models.DateField(_("gennemført den"))
    issued_at = models.DateTimeField(_("udstedt"), auto_now_add=True)
    expires_on = models.DateField(_("udløber"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(_("begrundelse for tilbagekaldelse"), blank=True)

    class Meta:
        verbose_name = _("kursusbevis")
        verbose_name_plural = _("kursusbeviser")
        ordering = ["-issued_at"]
        indexes = [
            # The Open Badges status lists ask on every request whether anything was revoked
            # (courses.badges.status): a small index of the few revoked certificates answers.
            models.Index(
                fields=["revoked_at"],
                condition=Q(revoked_at__isnull=False),
                name="courses_certificate_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.person_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def is_valid(self) -> bool:
        return not self.is_revoked and not self.is_expired


class Evaluation(models.Model):
    """The learner's rating of a completed course."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="evaluation")
    rating = models.PositiveSmallIntegerField(
        _("vurdering (1–5)"),
        validators=[MinValueValidator(1, _("Vælg 1–5.")), MaxValueValidator(5, _("Vælg 1–5."))],
    )
    comment = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="courses_evaluation_rating_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.rating}/5"
