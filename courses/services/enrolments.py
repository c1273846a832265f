"""The enrolment state machine, seats and waitlist, progress, completion and certificates.

    requested ─▶ awaiting_approval ─▶ booked | waitlisted ─▶ attended | no_show
                       │                  │                       │
                       ▼                  ▼                       ▼
                   rejected           cancelled            completed | not_passed

Every transition goes through ``_transition``, which writes an ``EnrolmentEvent`` (who, when,
why) and enqueues its notification when the transaction commits. Seats are counted under a row
lock on the session, so concurrent requests can never overbook it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies import services as competence_services
from competencies.models import EvidenceSource
from courses import access as course_access
from courses import selectors
from courses.models import (
    Certificate,
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    Evaluation,
    ModulePage,
    ModuleProgress,
    QuizAttempt,
    SessionStatus,
)
from courses.models.enrolments import SEAT_STATUSES
from organisations.models import Membership, Organisation, User

S = EnrolmentStatus
CANCELLABLE = (S.REQUESTED, S.AWAITING_APPROVAL, S.BOOKED, S.WAITLISTED)
# Fields whose change matters to the participants' calendars and deserves an e-mail.
CALENDAR_FIELDS = ("starts_at", "ends_at", "online", "online_url", "address", "postcode", "city")


def _notify(event: EnrolmentEvent) -> None:
    from core.tasks import enqueue_on_commit
    from courses.tasks import notify_enrolment_event

    enqueue_on_commit(notify_enrolment_event, event.pk)


def _transition(
    enrolment: Enrolment, to_status: str, *, actor: User | None, reason: str = ""
) -> EnrolmentEvent:
    event = EnrolmentEvent.objects.create(
        enrolment=enrolment,
        from_status=enrolment.status if enrolment.pk else "",
        to_status=to_status,
        actor=actor,
        reason=reason,
    )
    fields = ["status", "updated_at"]
    enrolment.status = to_status
    if to_status == S.WAITLISTED:
        enrolment.waitlisted_at = timezone.now()
        fields.append("waitlisted_at")
    if to_status == S.COMPLETED:
        enrolment.completed_at = timezone.now()
        fields.append("completed_at")
    enrolment.save(update_fields=fields)
    _notify(event)
    return event


def _lock_session(session_id: int) -> CourseSession:
    return CourseSession.objects.select_for_update().get(pk=session_id)


def _refresh_session_status(session: CourseSession) -> None:
    if session.status not in (SessionStatus.OPEN, SessionStatus.FULL):
        return
    booked = session.enrolments.holding_seats().count()
    status = SessionStatus.FULL if booked >= session.capacity else SessionStatus.OPEN
    if status != session.status:
        session.status = status
        session.save(update_fields=["status", "updated_at"])


def _place(enrolment: Enrolment, *, actor: User | None, reason: str = "") -> EnrolmentEvent:
    """Book a seat if one is free, otherwise put the person on the waitlist (session locked)."""
    if enrolment.session_id is None:
        return _transition(enrolment, S.BOOKED, actor=actor, reason=reason)
    session = _lock_session(enrolment.session_id)
    booked = session.enrolments.holding_seats().count()
    to_status = S.BOOKED if booked < session.capacity else S.WAITLISTED
    event = _transition(enrolment, to_status, actor=actor, reason=reason)
    _refresh_session_status(session)
    return event


def _home_organisation(user: User) -> Organisation | None:
    membership = (
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__kind", "pk")
        .first()
    )
    return membership.organisation if membership else None


def enrolment_needs_approval(
    *, user: User, requested_by: User, organisation: Organisation | None = None
) -> bool:
    """Whether an enrolment of ``user`` asked for by ``requested_by`` waits for an approver.

    A read, kept beside ``enrolment_create`` so the confirmation page and the booking apply one
    rule: the organisation requires approval and the requester is not the person's approver.
    """
    organisation = organisation or _home_organisation(user)
    return (
        organisation is not None
        and organisation.requires_enrolment_approval
        and not course_access.is_approver(requested_by, user, organisation)
    )


def _check_can_enrol(course: CoursePage, session: CourseSession | None) -> None:
    if session is None:
        if not course.is_self_paced:
            raise ValidationError({"session": _("Vælg et hold.")})
        return
    if session.course_id != course.pk:
        raise ValidationError({"session": _("Holdet hører ikke til kurset.")})
    if session.status not in (SessionStatus.OPEN, SessionStatus.FULL):
        raise ValidationError({"session": _("Holdet er ikke åbent for tilmelding.")})
    if timezone.now() > session.registration_deadline:
        raise ValidationError({"session": _("Tilmeldingsfristen for holdet er overskredet.")})


@transaction.atomic
def enrolment_create(
    *,
    user: User,
    course: CoursePage,
    requested_by: User,
    session: CourseSession | None = None,
    organisation: Organisation | None = None,
    reason: str = "",
) -> Enrolment:
    """Enrol ``user`` (by themselves, or by their HR or manager) in a session or self-paced course.

    Where the organisation requires approval and the requester is not an approver, the
    enrolment waits for approval; otherwise it is booked, or waitlisted when the session is full.
    """
    if session is not None:
        session = _lock_session(session.pk)  # serialises every enrolment in this session
    _check_can_enrol(course, session)
    organisation = organisation or _home_organisation(user)
    if requested_by != user and not course_access.is_approver(requested_by, user, organisation):
        raise ValidationError(_("Du kan kun tilmelde kolleger, du er leder eller HR for."))
    existing = Enrolment.objects.active().filter(user=user, course=course, session=session)
    if existing.exists():
        raise ValidationError(
            {
                "session": _("Du er allerede tilmeldt dette hold.")
                if session
                else _("Du er allerede tilmeldt dette kursus.")
            }
        )
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                user=user,
                course=course,
                session=session,
                organisation=organisation,
                requested_by=requested_by,
                status=S.REQUESTED,
            )
    except IntegrityError as exc:  # a concurrent duplicate slipped past the check above
        raise ValidationError({"session": _("Du er allerede tilmeldt dette hold.")}) from exc
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        from_status="",
        to_status=S.REQUESTED,
        actor=requested_by,
        reason=reason,
    )
    if enrolment_needs_approval(user=user, requested_by=requested_by, organisation=organisation):
        _transition(enrolment, S.AWAITING_APPROVAL, actor=requested_by, reason=reason)
    else:
        approved = (
            _("Tilmeldt af %(name)s") % {"name": requested_by.name}
            if requested_by != user
            else reason
        )
        _place(enrolment, actor=requested_by, reason=approved)
    return enrolment


def _lock_enrolment(enrolment: Enrolment) -> Enrolment:
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the session.
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("session", "course")
        .get(pk=enrolment.pk)
    )


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, actor: User, comment: str = "") -> Enrolment:
    """An approver (HR or manager of the enrolment's organisation) approves a request."""
    enrolment = _lock_enrolment(enrolment)
    if enrolment.status != S.AWAITING_APPROVAL:
        raise ValidationError(_("Tilmeldingen afventer ikke godkendelse."))
    if actor.pk == enrolment.user_id or not course_access.is_approver(
        actor, enrolment.user_id, enrolment.organisation
    ):
        raise ValidationError(_("Du kan ikke godkende denne tilmelding."))
    _place(enrolment, actor=actor, reason=comment or _("Godkendt"))
    return enrolment


@transaction.atomic
def enrolment_reject(*, enrolment: Enrolment, actor: User, comment: str) -> Enrolment:
    """An approver rejects a request; the comment tells the person why."""
    enrolment = _lock_enrolment(enrolment)
    if enrolment.status != S.AWAITING_APPROVAL:
        raise ValidationError(_("Tilmeldingen afventer ikke godkendelse."))
    if actor.pk == enrolment.user_id or not course_access.is_approver(
        actor, enrolment.user_id, enrolment.organisation
    ):
        raise ValidationError(_("Du kan ikke afvise denne tilmelding."))
    if not comment.strip():
        raise ValidationError({"comment": _("Skriv en begrundelse, så deltageren ved hvorfor.")})
    _transition(enrolment, S.REJECTED, actor=actor, reason=comment)
    return enrolment


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, actor: User, reason: str = "") -> Enrolment:
    """Cancel an enrolment. The learner (or their HR/manager) only before the cancellation
    deadline; the provider at any time. A freed seat goes to the first on the waitlist."""
    session = _lock_session(enrolment.session_id) if enrolment.session_id else None
    enrolment = _lock_enrolment(enrolment)
    if enrolment.status not in CANCELLABLE:
        raise ValidationError(_("Tilmeldingen kan ikke afmeldes i sin nuværende status."))
    by_provider = course_access.manages_session(actor, session)
    by_learner_side = actor.pk == enrolment.user_id or course_access.is_approver(
        actor, enrolment.user_id, enrolment.organisation
    )
    if not (by_provider or by_learner_side):
        raise ValidationError(_("Du kan ikke afmelde denne tilmelding."))
    if (
        session is not None
        and not by_provider
        and enrolment.status in (S.BOOKED, S.WAITLISTED)
        and timezone.now() > session.cancellation_deadline
    ):
        raise ValidationError(
            _(
                "Afmeldingsfristen er overskredet. "
                "Kontakt kursusudbyderen, hvis du ikke kan deltage."
            )
        )
    held_seat = enrolment.status in SEAT_STATUSES
    _transition(enrolment, S.CANCELLED, actor=actor, reason=reason)
    if session is not None and held_seat:
        waitlist_promote(session=session, actor=None)
    return enrolment


@transaction.atomic
def waitlist_promote(*, session: CourseSession, actor: User | None = None) -> list[Enrolment]:
    """Book the first on the waitlist into every free seat, first come first served."""
    session = _lock_session(session.pk)
    if session.status in (SessionStatus.CANCELLED, SessionStatus.HELD):
        return []
    free = session.capacity - session.enrolments.holding_seats().count()
    promoted = list(session.enrolments.waitlist()[: max(free, 0)])
    for enrolment in promoted:
        _transition(enrolment, S.BOOKED, actor=actor, reason=_("Rykket op fra ventelisten"))
    _refresh_session_status(session)
    return promoted


# --- Sessions ----------------------------------------------------------------------------


def _provider_of(course: CoursePage) -> Organisation:
    provider: Organisation = course.get_parent().specific.provider
    return provider


@transaction.atomic
def session_create(
    *, course: CoursePage, actor: User | None = None, **fields: object
) -> CourseSession:
    """Create a session of ``course``; it belongs to the course's provider."""
    session = CourseSession(course=course, provider=_provider_of(course), **fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_update(
    *, session: CourseSession, actor: User | None = None, **fields: object
) -> CourseSession:
    """Change a session. Capacity below the booked count is refused; a larger capacity books
    from the waitlist; a change of time or place raises the calendar SEQUENCE and tells the
    participants."""
    locked = _lock_session(session.pk)
    booked = locked.enrolments.holding_seats().count()
    capacity = fields.get("capacity", locked.capacity)
    if isinstance(capacity, int) and capacity < booked:
        raise ValidationError(
            {
                "capacity": _(
                    "Der er allerede %(count)s bookede deltagere; "
                    "antallet af pladser kan ikke være lavere."
                )
                % {"count": booked}
            }
        )
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name, value in fields.items():
        setattr(locked, name, value)
    calendar_change = any(name in CALENDAR_FIELDS for name in changed)
    if calendar_change:
        locked.sequence += 1
    locked.full_clean()
    locked.save()
    if calendar_change:
        from core.tasks import enqueue_on_commit
        from courses.tasks import notify_session_changed

        enqueue_on_commit(notify_session_changed, locked.pk, locked.sequence)
    if "capacity" in changed:
        if locked.status == SessionStatus.FULL and booked < locked.capacity:
            locked.status = SessionStatus.OPEN
            locked.save(update_fields=["status"])
        waitlist_promote(session=locked, actor=actor)
    return locked


@transaction.atomic
def session_cancel(*, session: CourseSession, actor: User, reason: str) -> CourseSession:
    """The provider cancels a session: every active enrolment is cancelled and told."""
    session = _lock_session(session.pk)
    if session.status == SessionStatus.CANCELLED:
        return session
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence", "updated_at"])
    for enrolment in session.enrolments.filter(status__in=CANCELLABLE).select_for_update():
        _transition(enrolment, S.CANCELLED, actor=actor, reason=reason or _("Holdet er aflyst"))
    return session


# --- Attendance, progress and completion --------------------------------------------------


@transaction.atomic
def attendance_mark(*, enrolment: Enrolment, attended: bool, actor: User) -> Enrolment:
    """The provider marks a booked participant as present or absent."""
    enrolment = _lock_enrolment(enrolment)
    if not course_access.manages_session(actor, enrolment.session):
        raise ValidationError(_("Kun kursusudbyderen kan registrere fremmøde."))
    if enrolment.status not in (S.BOOKED, S.ATTENDED, S.NO_SHOW):
        raise ValidationError(_("Fremmøde kan kun registreres for bookede deltagere."))
    to_status = S.ATTENDED if attended else S.NO_SHOW
    if enrolment.status != to_status:
        _transition(enrolment, to_status, actor=actor)
    if attended:
        enrolment_complete_check(enrolment=enrolment, actor=actor)
    return enrolment


def attendance_mark_many(
    *, enrolments: Iterable[Enrolment], attended: bool, actor: User
) -> tuple[int, list[tuple[Enrolment, ValidationError]]]:
    """Mark attendance for several participants, each in its own transaction: one refusal
    (a waitlisted person, say) does not stop the others. Returns how many were marked and the
    refused enrolments with the reason."""
    marked, refused = 0, []
    for enrolment in enrolments:
        try:
            attendance_mark(enrolment=enrolment, attended=attended, actor=actor)
        except ValidationError as error:
            refused.append((enrolment, error))
        else:
            marked += 1
    return marked, refused


@transaction.atomic
def enrolment_mark_not_passed(*, enrolment: Enrolment, actor: User, reason: str) -> Enrolment:
    """The provider records that a participant who attended did not pass."""
    enrolment = _lock_enrolment(enrolment)
    if not course_access.manages_session(actor, enrolment.session):
        raise ValidationError(_("Kun kursusudbyderen kan registrere resultatet."))
    if enrolment.status != S.ATTENDED:
        raise ValidationError(_("Kun deltagere, der er mødt, kan få resultatet ikke bestået."))
    _transition(enrolment, S.NOT_PASSED, actor=actor, reason=reason)
    return enrolment


def _modules_done(user: User, course: CoursePage) -> bool:
    modules: QuerySet[ModulePage] = ModulePage.objects.live().child_of(course)
    done = ModuleProgress.objects.filter(user=user, module__in=modules).count()
    return done >= modules.count()


def _quizzes_passed(user: User, course: CoursePage) -> bool:
    for module in ModulePage.objects.live().child_of(course).specific():
        quiz_ids = {block.id for block in module.body if block.block_type == "quiz"}
        passed = set(
            QuizAttempt.objects.filter(user=user, module=module, passed=True).values_list(
                "quiz_id", flat=True
            )
        )
        if not quiz_ids <= passed:
            return False
    return True


def rule_met(enrolment: Enrolment) -> bool:
    """Whether the course's completion rule holds for this enrolment now."""
    course = enrolment.course
    if course.completion_requires_attendance and enrolment.session_id:
        if enrolment.status != S.ATTENDED:
            return False
    elif enrolment.status not in (S.BOOKED, S.ATTENDED):
        return False
    if course.completion_requires_modules and not _modules_done(enrolment.user, course):
        return False
    if course.completion_requires_quiz and not _quizzes_passed(enrolment.user, course):
        return False
    return True


@transaction.atomic
def enrolment_complete_check(*, enrolment: Enrolment, actor: User | None = None) -> bool:
    """Complete the enrolment (and issue its certificate) once the rule is met."""
    enrolment = _lock_enrolment(enrolment)
    if enrolment.status == S.COMPLETED or not rule_met(enrolment):
        return False
    _transition(enrolment, S.COMPLETED, actor=actor)
    certificate = certificate_issue(enrolment=enrolment)
    _record_evidence(enrolment, certificate)
    return True


def _evidence_ref(enrolment_id: int) -> str:
    return f"enrolment:{enrolment_id}"


def _record_evidence(enrolment: Enrolment, certificate: Certificate) -> None:
    """The seam to pillar 2: the course's guide documents its competences for the person."""
    competence_services.evidence_from_course(
        user=enrolment.user,
        guide=enrolment.course.guide,
        completed_on=certificate.completed_on,
        course_title=enrolment.course.title,
        source_ref=_evidence_ref(enrolment.pk),
        organisation=enrolment.organisation,
        expires_on=certificate.expires_on,
    )


def _check_user_enrolments(user: User, course: CoursePage) -> None:
    for enrolment in Enrolment.objects.filter(
        user=user, course=course, status__in=(S.BOOKED, S.ATTENDED)
    ):
        enrolment_complete_check(enrolment=enrolment, actor=user)


@transaction.atomic
def module_complete(*, user: User, module: ModulePage) -> ModuleProgress:
    """The learner marks a module done (idempotent); only someone with a place in the course."""
    course = module.get_parent().specific
    if not selectors.follows_course(user, course):
        raise ValidationError(
            _("Du skal være tilmeldt kurset for at markere moduler som gennemført.")
        )
    progress, _created = ModuleProgress.objects.get_or_create(user=user, module=module)
    _check_user_enrolments(user, course)
    return progress


@transaction.atomic
def quiz_attempt_record(
    *, user: User, module: ModulePage, quiz_id: str, score: int, passed: bool, answers: dict
) -> QuizAttempt:
    """Store a quiz attempt scored on the server."""
    attempt = QuizAttempt.objects.create(
        user=user, module=module, quiz_id=quiz_id, score=score, passed=passed, answers=answers
    )
    if passed:
        _check_user_enrolments(user, module.get_parent().specific)
    return attempt


# --- Certificates and evaluations ----------------------------------------------------------


def certificate_issue(*, enrolment: Enrolment) -> Certificate:
    """Issue the certificate of a completed enrolment (once)."""
    course = enrolment.course
    certificate, _created = Certificate.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "person_name": enrolment.user.name,
            "course_title": course.title,
            "guide_code": course.guide.code,
            "provider_name": _provider_of(course).name,
            "hours": course.duration_hours,
            "completed_on": timezone.localdate(enrolment.completed_at or timezone.now()),
        },
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    """A provider or network editor revokes a certificate; the public page then says so."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("enrolment__course")
        .get(pk=certificate.pk)
    )
    provider_id = _provider_of(certificate.enrolment.course).pk
    if not course_access.can_revoke_for_provider(actor, provider_id):
        raise ValidationError(_("Du kan ikke tilbagekalde dette kursusbevis."))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor beviset tilbagekaldes.")})
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = actor
        certificate.revoke_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        competence_services.evidence_withdraw_source(
            source=EvidenceSource.COURSE,
            source_ref=_evidence_ref(certificate.enrolment_id),
            reason=_("Kursusbeviset er tilbagekaldt: %(reason)s") % {"reason": reason},
            actor=actor,
        )
    return certificate


@transaction.atomic
def evaluation_submit(
    *, enrolment: Enrolment, user: User, rating: int, comment: str = ""
) -> Evaluation:
    """The learner rates a completed course, once."""
    if enrolment.user_id != user.pk:
        raise ValidationError(_("Du kan kun evaluere dine egne kurser."))
    if enrolment.status != S.COMPLETED:
        raise ValidationError(_("Du kan evaluere kurset, når du har gennemført det."))
    already = _("Du har allerede evalueret kurset.")
    if Evaluation.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(already)
    evaluation = Evaluation(enrolment=enrolment, rating=rating, comment=comment)
    evaluation.full_clean()
    try:
        # Two posts at once both pass the check above; the unique key lets only one through.
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:
        raise ValidationError(already) from None
    return evaluation


def enrolments_cancel_many(*, enrolments: Iterable[Enrolment], actor: User, reason: str) -> int:
    count = 0
    for enrolment in enrolments:
        enrolment_cancel(enrolment=enrolment, actor=actor, reason=reason)
        count += 1
    return count
