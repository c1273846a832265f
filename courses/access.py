"""Who may see and do what in the courses app, built on ``organisations.access``.

- **Sessions and courses** (the providers' back office): a provider editor manages the sessions
  and courses of the providers where they hold that role, a network editor all of them. Our
  roles decide, not Django's model permissions (``courses.permissions`` tells Wagtail so).
- **Enrolments**: a person sees their own, and HR and managers those of the people they look
  after (HR: the organisation; a manager: their department). Who decides on a request is the
  same rule (``is_approver``); nobody decides on their own.
- **Certificates**: the public page is open to whoever has the code; the PDF to its owner, the
  people who look after them, the provider's editors and the network; revocation to the
  provider's editors and the network; the Open Badge to its owner alone.
- **Calendar downloads**: a session's .ics for the people who hold a seat in it.

Getters raise ``Http404`` for rows outside the person's reach, so another organisation's (or
provider's) row looks exactly like one that does not exist. ``actions_for`` answers what the
person may do with a row they see; views refuse with ``core.access.require``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast, overload

from django.db.models import Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from courses.models import (
    BadgeSigningKey,
    Certificate,
    CourseAdjustment,
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    ModuleSheet,
    ProviderSectionPage,
    SessionStatus,
)
from courses.models.enrolments import SEAT_STATUSES, CourseSessionQuerySet, EnrolmentQuerySet
from courses.tree import section_of_course
from organisations import access
from organisations.models import Membership, Organisation, OrganisationKind, Role

if TYPE_CHECKING:
    from organisations.access import AnyUser
    from organisations.models import User


# --- The providers' back office: sessions, courses, evaluations ----------------------------


def _editor_provider_ids(user: AnyUser) -> QuerySet[Membership, Any]:
    """The providers where the person is an editor, as a subquery (no query of its own)."""
    # Callers have checked is_authenticated, which mypy cannot see through.
    return (
        Membership.objects.active()
        .with_role(Role.PROVIDER_EDITOR)
        .filter(user=cast("User", user))
        .values("organisation_id")
    )


def can_manage_sessions(user: AnyUser) -> bool:
    """Provider editors (of any provider) and network editors use the sessions admin."""
    return access.is_network_editor(user) or access.has_role(user, Role.PROVIDER_EDITOR)


def can_manage_provider(user: AnyUser, provider_id: int | None) -> bool:
    """Whether the person manages the sessions, participants and certificates of one provider
    (``None``: a row without a provider, which only the network manages)."""
    if access.is_network_editor(user):
        return True
    return provider_id is not None and access.has_role(user, Role.PROVIDER_EDITOR, provider_id)


def sees_all_providers(user: AnyUser) -> bool:
    """The network secretariat sees every provider's sessions and evaluations side by side."""
    return access.is_network_editor(user)


def edited_provider_ids(user: AnyUser) -> list[int]:
    """The providers where the person holds the provider editor role (their Min side panel)."""
    return access.organisation_ids_with_any_role(user, (Role.PROVIDER_EDITOR,))


def sessions_for(user: AnyUser) -> CourseSessionQuerySet:
    """Sessions the person manages: their providers'; all of them for network editors."""
    sessions = CourseSession.objects.select_related("course", "provider")
    if not user.is_authenticated:
        return sessions.none()
    if access.is_network_editor(user):
        return sessions
    return sessions.filter(provider_id__in=_editor_provider_ids(user))


def get_session_for(user: AnyUser, pk: int) -> CourseSession:
    """A session the person manages; 404 for every other."""
    return get_object_or_404(sessions_for(user), pk=pk)


def courses_for(user: AnyUser) -> QuerySet[CoursePage]:
    """Courses (live or draft) the person may plan sessions for, with their provider's name."""
    sections = section_of_course()
    courses: QuerySet[CoursePage] = CoursePage.objects.annotate(
        section_provider_id=Subquery(sections.values("provider_id")[:1]),
        provider_name=Subquery(sections.values("provider__name")[:1]),
    ).order_by("title")
    if not user.is_authenticated:
        return courses.none()
    if access.is_network_editor(user):
        return courses
    return courses.filter(section_provider_id__in=_editor_provider_ids(user))


def evaluations_for(user: AnyUser) -> QuerySet[Evaluation]:
    """Evaluations of the courses the person manages."""
    return Evaluation.objects.filter(enrolment__course__in=courses_for(user).values("pk"))


def can_onboard_providers(user: AnyUser) -> bool:
    """Only the network secretariat gives a course provider its own section."""
    return access.is_network_editor(user)


@dataclass(frozen=True)
class SessionActions:
    """What an editor may do with a session they manage."""

    can_edit: bool
    can_cancel: bool
    can_delete: bool


def session_actions_for(user: AnyUser, session: CourseSession) -> SessionActions:
    """Edit and cancel while it is not cancelled; delete only while nobody is enrolled (a
    session with enrolments is cancelled, never deleted)."""
    manages = can_manage_provider(user, session.provider_id)
    return SessionActions(
        can_edit=manages,
        can_cancel=manages and session.status != SessionStatus.CANCELLED,
        can_delete=manages and not session.enrolments.exists(),
    )


# --- Enrolments and approvals --------------------------------------------------------------


def enrolments_for(user: AnyUser) -> EnrolmentQuerySet:
    """Enrolments the person sees: their own and those of the people they look after."""
    return cast(EnrolmentQuerySet, access.own_or_looked_after(user, Enrolment.objects.all()))


def get_enrolment_for(user: AnyUser, pk: int) -> Enrolment:
    """An enrolment of the person or of someone they look after; 404 for every other."""
    return get_object_or_404(
        enrolments_for(user).select_related("session", "course", "user"), pk=pk
    )


def get_own_enrolment_for(user: AnyUser, pk: int) -> Enrolment:
    """One of the person's own enrolments (to evaluate it); 404 for everybody else's."""
    if not user.is_authenticated:
        return get_object_or_404(Enrolment.objects.none(), pk=pk)
    own = Enrolment.objects.filter(user=user).select_related("course")
    return get_object_or_404(own, pk=pk)


def is_approver(actor: AnyUser, person: User | int, organisation: Organisation | None) -> bool:
    """Whether ``actor`` decides on ``person``'s enrolments through ``organisation``: HR of the
    organisation, or a manager who looks after the person (``organisations.access.looks_after``).
    """
    if organisation is None:
        return False
    return access.looks_after(actor, person, organisation)


def approves_enrolments(user: AnyUser) -> bool:
    """Whether the person is HR or a manager anywhere: the approvals pages are theirs."""
    return bool(access.approver_organisation_ids(user))


def requests_to_decide_for(user: AnyUser) -> EnrolmentQuerySet:
    """Requests waiting for the person's decision: those of the people they look after (HR:
    the organisation; a manager: their department), never their own."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    waiting = Enrolment.objects.filter(status=EnrolmentStatus.AWAITING_APPROVAL)
    requests = access.own_or_looked_after(user, waiting).exclude(user=user)
    return cast(EnrolmentQuerySet, requests)


def approvers_of_enrolment(enrolment: Enrolment) -> QuerySet[Membership]:
    """The active memberships of the people who decide on ``enrolment``: HR of its organisation
    and the managers who look after the learner there, never the learner (the inverse of
    ``is_approver``); none without an organisation."""
    if enrolment.organisation_id is None:
        return Membership.objects.none()
    return (
        access.approvers_of(enrolment.user_id, enrolment.organisation_id)
        .filter(user__is_active=True)
        .exclude(user_id=enrolment.user_id)
    )


def colleagues_to_enrol(user: AnyUser) -> QuerySet[Membership]:
    """The memberships of the people the person may enrol on a course (those they look after)."""
    return access.looked_after_memberships(user)


def manages_session(actor: AnyUser, session: CourseSession | None) -> bool:
    """Whether the person acts for the session's provider (or the network): they cancel its
    enrolments at any time and mark attendance. A self-paced enrolment has no session, so only
    the network does."""
    return can_manage_provider(actor, session.provider_id if session is not None else None)


@dataclass(frozen=True)
class EnrolmentActions:
    """What the person may do with an enrolment they see."""

    can_cancel: bool
    can_decide: bool
    can_evaluate: bool


def enrolment_actions_for(user: AnyUser, enrolment: Enrolment) -> EnrolmentActions:
    """Cancel: the person, their approvers, the provider. Decide: an approver, never on their
    own request. Evaluate: the person themself. (The services check the state rules.)"""
    own = user.is_authenticated and enrolment.user_id == user.pk
    approver = not own and is_approver(user, enrolment.user_id, enrolment.organisation)
    return EnrolmentActions(
        can_cancel=own or approver or manages_session(user, enrolment.session),
        can_decide=approver,
        can_evaluate=own,
    )


# --- Certificates --------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """Codes are issued in upper case; accept what a person types or a scanner reads."""
    return code.strip().upper()


def get_public_certificate(code: str) -> Certificate:
    """The certificate behind a public /bevis/<code>/ link; 404 for an unknown code."""
    return get_object_or_404(Certificate.objects.all(), code=normalise_code(code))


def _of_providers(user: AnyUser) -> Q:
    """Certificates of courses run by a provider the person edits."""
    provider_ids = _editor_provider_ids(user)
    condition = Q(enrolment__session__provider_id__in=provider_ids)
    # Self-paced enrolments have no session: their provider is the course's section in the tree.
    for path in ProviderSectionPage.objects.filter(provider_id__in=provider_ids).values_list(
        "path", flat=True
    ):
        condition |= Q(enrolment__session__isnull=True, enrolment__course__path__startswith=path)
    return condition


def certificates_for_download(user: AnyUser) -> QuerySet[Certificate]:
    """Certificates whose PDF the person may download: their own, those of the people they look
    after (HR: the organisation; a manager: their department), their provider's (provider
    editors); all for network editors."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    if access.is_network_editor(user):
        return Certificate.objects.all()
    own_or_looked_after = access.own_or_looked_after(
        user,
        Certificate.objects.all(),
        person_field="enrolment__user",
        organisation_field="enrolment__organisation",
    )
    return (own_or_looked_after | Certificate.objects.filter(_of_providers(user))).distinct()


def get_certificate_for_download(user: AnyUser, code: str) -> Certificate:
    return get_object_or_404(certificates_for_download(user), code=normalise_code(code))


def certificates_for_revoke(user: AnyUser) -> QuerySet[Certificate]:
    """Certificates the person may revoke: those of their provider's sessions; all for network
    editors. Mirrors ``can_revoke_for_provider``, which the revoking service asks in the end."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    if access.is_network_editor(user):
        return Certificate.objects.all()
    return Certificate.objects.filter(
        enrolment__session__provider_id__in=_editor_provider_ids(user)
    )


def get_certificate_for_revoke(user: AnyUser, code: str) -> Certificate:
    return get_object_or_404(certificates_for_revoke(user), code=normalise_code(code))


def can_revoke_for_provider(user: AnyUser, provider_id: int) -> bool:
    """A provider's editors (and the network) revoke the certificates of its courses."""
    return can_manage_provider(user, provider_id)


@dataclass(frozen=True)
class CertificateActions:
    """What the person may do with a certificate whose public page they see."""

    can_download: bool
    can_revoke: bool
    can_take_badge: bool = False


def certificate_actions_for(user: AnyUser, certificate: Certificate) -> CertificateActions:
    """Download and revoke, as the two querysets above decide; a revoked one stays revoked.
    The Open Badge is its owner's alone, and only while the certificate is valid."""
    if not user.is_authenticated:
        return CertificateActions(can_download=False, can_revoke=False)
    downloadable = certificates_for_download(user).filter(pk=certificate.pk).exists()
    revocable = not certificate.is_revoked and (
        certificates_for_revoke(user).filter(pk=certificate.pk).exists()
    )
    own = certificate.is_valid and own_certificates(user).filter(pk=certificate.pk).exists()
    return CertificateActions(can_download=downloadable, can_revoke=revocable, can_take_badge=own)


# --- Open Badges: the owner's credential and the public documents ----------------------------


def own_certificates(user: AnyUser) -> QuerySet[Certificate]:
    """The person's own certificates: only they take one as an Open Badge (it names them by
    a hash of their e-mail address, which no one else should hand out)."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(enrolment__user=user)


def get_own_certificate(user: AnyUser, code: str) -> Certificate:
    return get_object_or_404(own_certificates(user), code=normalise_code(code))


def get_badge_issuer(pk: int) -> Organisation:
    """Public: a course provider, as the issuer of its Open Badges; 404 for any other
    organisation (housing organisations issue nothing)."""
    return get_object_or_404(Organisation.objects.filter(kind=OrganisationKind.PROVIDER), pk=pk)


def get_badge_key(kid: str) -> BadgeSigningKey:
    """Public: a signing key, current or retired (its public half only is ever shown)."""
    return get_object_or_404(BadgeSigningKey.objects.all(), kid=kid)


def get_badge_course(pk: int) -> CoursePage:
    """Public: a course as an Open Badges achievement. A live course, or one whose credentials
    are out there (an unpublished course must still resolve for them); drafts stay hidden."""
    courses = CoursePage.objects.filter(
        Q(live=True) | Q(enrolments__certificate__badge__isnull=False)
    ).distinct()
    course: CoursePage = get_object_or_404(courses.select_related("guide"), pk=pk)
    return course


# --- Calendar downloads --------------------------------------------------------------------


def booked_sessions_for(user: AnyUser) -> CourseSessionQuerySet:
    """Sessions where the person holds a seat (booked, attended, completed …)."""
    if not user.is_authenticated:
        return CourseSession.objects.none()
    # At most one active enrolment per person and session (a constraint): no duplicates.
    return CourseSession.objects.filter(
        enrolments__user=user, enrolments__status__in=SEAT_STATUSES
    ).select_related("course", "provider")


# --- Trial sessions (prøvehold): evaluations and adjustments -------------------------------

# Who took part in a trial session and evaluates it: attended, completed, or attended without
# passing (their view of the course counts as much as the others').
TRIAL_PARTICIPANT_STATUSES = (
    EnrolmentStatus.ATTENDED,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.NOT_PASSED,
)


def trial_enrolments_for(user: AnyUser) -> EnrolmentQuerySet:
    """The person's own enrolments on trial sessions with an evaluation tool that they took
    part in: the evaluations they may fill in (nobody else's, not even HR's)."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        user=user,
        status__in=TRIAL_PARTICIPANT_STATUSES,
        session__is_trial=True,
        session__trial_evaluation_tool__isnull=False,
    ).select_related("course", "session", "session__trial_evaluation_tool", "session__provider")


def get_trial_enrolment_for(user: AnyUser, pk: int) -> Enrolment:
    """One of the person's trial enrolments (to evaluate it); 404 for every other."""
    return get_object_or_404(trial_enrolments_for(user), pk=pk)


def is_trial_participant(user: AnyUser, enrolment: Enrolment) -> bool:
    """Whether ``enrolment`` is the person's own, on a trial session they took part in (the
    services ask this before they save an evaluation)."""
    return trial_enrolments_for(user).filter(pk=enrolment.pk).exists()


@dataclass(frozen=True)
class TrialEvaluationActions:
    """What the participant may do with their evaluation of a trial session."""

    can_save: bool
    can_submit: bool


def trial_evaluation_actions_for(user: AnyUser, submitted: bool) -> TrialEvaluationActions:
    """Save a draft and submit once; after submitting the evaluation is read-only. (Only the
    participant reaches it: ``get_trial_enrolment_for``.)"""
    open_ = user.is_authenticated and not submitted
    return TrialEvaluationActions(can_save=open_, can_submit=open_)


def trial_sessions_for(user: AnyUser) -> CourseSessionQuerySet:
    """Trial sessions the person manages (their providers'; all for network editors)."""
    return sessions_for(user).filter(is_trial=True)


def get_trial_session_for(user: AnyUser, pk: int) -> CourseSession:
    """A trial session the person manages; 404 for another provider's and for a session that
    is not a trial."""
    return get_object_or_404(trial_sessions_for(user), pk=pk)


def get_adjustment_for(user: AnyUser, session: CourseSession, pk: int) -> CourseAdjustment:
    """An adjustment recorded on a trial session the person manages; 404 for every other."""
    adjustments = CourseAdjustment.objects.filter(session__in=trial_sessions_for(user).values("pk"))
    return get_object_or_404(
        adjustments.select_related("session", "course"), pk=pk, session=session
    )


# --- A learner's own answers in a module (checklist, reflection, tool) ----------------------


def module_sheets_for(user: AnyUser) -> QuerySet[ModuleSheet]:
    """The person's own answers in modules: personal, so nobody else's (not even HR's)."""
    if not user.is_authenticated:
        return ModuleSheet.objects.none()
    return ModuleSheet.objects.filter(user=user)


def get_module_sheet_for(user: AnyUser, pk: int) -> ModuleSheet:
    """One of the person's own module answers, with its sheet; another learner's is a 404."""
    return get_object_or_404(module_sheets_for(user).select_related("sheet", "module"), pk=pk)


# --- One entry point for the flags templates read ------------------------------------------


@overload
def actions_for(user: AnyUser, obj: CourseSession) -> SessionActions: ...
@overload
def actions_for(user: AnyUser, obj: Enrolment) -> EnrolmentActions: ...
@overload
def actions_for(user: AnyUser, obj: Certificate) -> CertificateActions: ...
def actions_for(
    user: AnyUser, obj: CourseSession | Enrolment | Certificate
) -> SessionActions | EnrolmentActions | CertificateActions:
    """What the person may do with a session, an enrolment or a certificate they see."""
    if isinstance(obj, CourseSession):
        return session_actions_for(user, obj)
    if isinstance(obj, Enrolment):
        return enrolment_actions_for(user, obj)
    return certificate_actions_for(user, obj)
