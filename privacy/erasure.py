"""Erasure: a person asks, HR of their organisation (or the network) confirms, and a Celery
task erases them (GDPR art. 17).

``person_erase`` is the one way a person leaves the platform; the Wagtail admin's user delete
goes through it too (``privacy.wagtail_hooks``). It works in areas, one transaction each, in
this order:

1. ``adgang`` — the person is locked out at once (inactive, no password, sessions, e-mail
   addresses and two-factor keys gone), so nothing that follows can e-mail them;
2. the domain steps through the apps' own services: future bookings are cancelled with
   ``courses`` services (the seat goes to the first on the waitlist), invitations to the
   person's address are withdrawn, stored e-mails to them are deleted;
3. the registry walk (``core.privacy.declarations()``): each declared model's rows about the
   person are deleted (their files removed once the transaction commits) or anonymised field
   by field;
4. ``referencer`` — what still points at the person on others' rows (approved by, decided by,
   author) points at the shared "Slettet bruger" placeholder instead; Wagtail's own keys
   (page owner, revision and log-entry user) are emptied; Wagtail's history of the user object
   is deleted;
5. ``fritekst`` — every text and JSON column of every table (revisions, log entries, the
   search index, the outbox included) that still holds the person's full name, e-mail or phone,
   written by others, gets it replaced with "[slettet]";
6. ``person`` — the user row is kept (the erasure request refers to it) but anonymised:
   "Slettet bruger", ``slettet-<id>@invalid``, inactive, unusable password, no groups.

Running it twice is harmless: the second run finds nothing left to do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.db import save_or_refuse
from organisations.models import Membership, Organisation, User
from privacy import access as policy
from privacy import erasure_walk as walk
from privacy.models import ErasureRequest, ErasureStatus

logger = logging.getLogger(__name__)

OPEN = (ErasureStatus.REQUESTED, ErasureStatus.CONFIRMED)


# --- Audit ---------------------------------------------------------------------------------


def _audit(**kwargs: Any) -> None:
    """Record in the access log (who asked for, decided and carried out an erasure)."""
    audit_record(**kwargs)


# --- Whose request it is (who may do what: privacy.access) ---------------------------------


def home_organisation(person: User) -> Organisation | None:
    membership = (
        Membership.objects.active()
        .filter(user=person)
        .select_related("organisation")
        .order_by("organisation__kind", "pk")
        .first()
    )
    return membership.organisation if membership else None


# --- Requests ------------------------------------------------------------------------------


def _has_open_request(person: User) -> bool:
    return ErasureRequest.objects.filter(person=person, status__in=OPEN).exists()


@transaction.atomic
def erasure_request_create(*, person: User, requested_by: User, reason: str = "") -> ErasureRequest:
    """The person asks to be erased (from Mine data), or HR asks on their behalf."""
    if not policy.may_request_erasure_for(requested_by, person):
        raise PermissionDenied
    already_open = _("Der er allerede en åben anmodning om sletning.")
    if _has_open_request(person):
        raise ValidationError(already_open)
    request = ErasureRequest(
        person=person,
        requested_by=requested_by,
        organisation=home_organisation(person),
        reason=reason.strip(),
    )
    request.full_clean()
    # The person and HR asking at once both pass the check above; the one-open-request
    # constraint decides, and the loser gets the same message, not a 500.
    save_or_refuse(request, field=None, message=already_open)
    _audit(
        actor=requested_by,
        action="erasure_requested",
        subject=person,
        organisation=request.organisation,
        obj=request,
    )
    return request


def _lock(request: ErasureRequest) -> ErasureRequest:
    return ErasureRequest.objects.select_for_update().get(pk=request.pk)


def _decide(
    request: ErasureRequest, *, decided_by: User, status: str, note: str, action: str
) -> ErasureRequest:
    """Lock, check that ``decided_by`` may decide and that the request still waits, then record
    the decision and log it. Called inside the confirming or rejecting service's transaction."""
    request = _lock(request)
    if not policy.can_decide(decided_by, request.person):
        raise PermissionDenied
    if request.status != ErasureStatus.REQUESTED:
        raise ValidationError(_("Anmodningen er allerede behandlet."))
    request.status = status
    request.decided_by = decided_by
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _audit(
        actor=decided_by,
        action=action,
        subject=request.person,
        organisation=request.organisation,
        obj=request,
    )
    return request


@transaction.atomic
def erasure_request_confirm(
    *, request: ErasureRequest, decided_by: User, note: str = ""
) -> ErasureRequest:
    """HR of the person's organisation (or a network editor) confirms; the erasure runs as a
    Celery task once this commits."""
    from core.tasks import enqueue_on_commit
    from privacy.tasks_erasure import erase_person

    request = _decide(
        request,
        decided_by=decided_by,
        status=ErasureStatus.CONFIRMED,
        note=note,
        action="erasure_confirmed",
    )
    enqueue_on_commit(erase_person, request.pk)
    return request


@transaction.atomic
def erasure_request_reject(
    *, request: ErasureRequest, decided_by: User, note: str
) -> ErasureRequest:
    """Refuse a request (e.g. data another law requires kept); the reason is required."""
    if not note.strip():
        # Asked before the lock and the permission check: a form error, not a decision.
        if not policy.can_decide(decided_by, _lock(request).person):
            raise PermissionDenied
        raise ValidationError({"note": _("Skriv en begrundelse for afvisningen.")})
    return _decide(
        request,
        decided_by=decided_by,
        status=ErasureStatus.REJECTED,
        note=note,
        action="erasure_rejected",
    )


@transaction.atomic
def erasure_request_cancel(*, request: ErasureRequest, actor: User) -> ErasureRequest:
    """The person withdraws their own request while it is still waiting."""
    request = _lock(request)
    if not policy.may_cancel_erasure_request(actor, request):
        raise PermissionDenied
    if request.status != ErasureStatus.REQUESTED:
        raise ValidationError(_("Anmodningen kan ikke længere trækkes tilbage."))
    request.status = ErasureStatus.CANCELLED
    request.save(update_fields=["status"])
    return request


def erasure_request_execute(*, request_id: int) -> ErasureRequest | None:
    """Erase the person of a confirmed request and mark it done (the Celery task's body).

    Safe to run twice: a request already done is left alone.
    """
    request = ErasureRequest.objects.filter(pk=request_id).select_related("person").first()
    if request is None or request.status != ErasureStatus.CONFIRMED:
        return request
    report: dict[str, int] = {}
    if request.person is not None:
        report = person_erase(person=request.person, erased_by=request.decided_by)
    request.status = ErasureStatus.DONE
    request.report = report
    request.completed_at = timezone.now()
    # The reason may name the person; it has done its job.
    request.reason = ""
    request.save(update_fields=["status", "report", "completed_at", "reason"])
    return request


# --- The placeholder -----------------------------------------------------------------------


def placeholder_user() -> User:
    """The one "Slettet bruger" that erased people's authorship points to.

    Inactive, no usable password, no memberships: it can never log in and no member list
    shows it (member lists are memberships).
    """
    user, created = User.objects.get_or_create(
        email=walk.PLACEHOLDER_EMAIL,
        defaults={"first_name": "Slettet", "last_name": "bruger", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def is_erased(person: User) -> bool:
    return person.email == f"slettet-{person.pk}@invalid" or person.email == walk.PLACEHOLDER_EMAIL


# --- The erasure ---------------------------------------------------------------------------


def _sessions_of(person: AbstractBaseUser) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            keys.append(session.session_key)
    return keys


def _step_access(ctx: walk.Context) -> int:
    person = ctx.person
    person.is_active = False
    person.set_unusable_password()
    person.save(update_fields=["is_active", "password"])
    deleted, _detail = Session.objects.filter(session_key__in=_sessions_of(person)).delete()
    return 1 + deleted


def _step_bookings(ctx: walk.Context) -> int:
    """Cancel the person's coming bookings through the courses service: the seat is freed and
    the first on the waitlist moves up (and is told so)."""
    from courses.models import Enrolment
    from courses.services import enrolment_cancel

    coming = Enrolment.objects.filter(
        user=ctx.person, session__starts_at__gt=timezone.now()
    ).active()
    count = 0
    for enrolment in coming:
        try:
            enrolment_cancel(enrolment=enrolment, actor=ctx.person, reason=_("Personen er slettet"))
        except ValidationError:
            # Past the cancellation deadline (or already attended): the seat stays paid for,
            # and the row is handled by the registry walk like any other enrolment.
            continue
        count += 1
    return count


def _step_invitations(ctx: walk.Context) -> int:
    """Invitations to the person's address are theirs: withdrawn and deleted."""
    from onsite.models import ProjectInvitation
    from organisations.models import Invitation
    from rooms.models import RoomInvitation

    email = ctx.person.email
    count = 0
    for model in (Invitation, ProjectInvitation, RoomInvitation):
        deleted, _detail = model.objects.to_address(email).delete()
        count += deleted
    return count


def _step_mail(ctx: walk.Context) -> int:
    """Stored e-mails to or about the person are deleted (the outbox is no archive)."""
    from core.mail.models import OutboundEmail

    terms = ctx.identity.variants()
    if not terms:
        return 0
    rows = OutboundEmail.objects.annotate(
        _to=Cast("to", TextField()), _cc=Cast("cc", TextField()), _bcc=Cast("bcc", TextField())
    )
    condition = Q()
    for term in terms:
        for column in ("_to", "_cc", "_bcc", "subject", "body"):
            condition |= Q(**{f"{column}__icontains": term})
    deleted, _detail = rows.filter(condition).delete()
    return deleted


def _step_newsletter(ctx: walk.Context) -> int:
    """A newsletter subscription has no account behind it: it is found by the person's
    addresses (the login address and any other confirmed one) and deleted with its deliveries."""
    from allauth.account.models import EmailAddress

    from newsletter.services.subscriptions import subscriber_erase

    emails = {
        ctx.person.email,
        *EmailAddress.objects.filter(user=ctx.person).values_list("email", flat=True),
    }
    return subscriber_erase(emails=sorted(e for e in emails if e))


def _step_wagtail(ctx: walk.Context) -> int:
    """Wagtail's own history of the user object (its log entries and revisions) goes."""
    from wagtail.models import ModelLogEntry, Revision

    user_type = ContentType.objects.get_for_model(User)
    object_id = str(ctx.person.pk)
    deleted_logs, _detail = ModelLogEntry.objects.filter(
        content_type=user_type, object_id=object_id
    ).delete()
    deleted_revisions, _detail = Revision.objects.filter(
        base_content_type=user_type, object_id=object_id
    ).delete()
    return int(deleted_logs + deleted_revisions)


def _step_person(ctx: walk.Context) -> int:
    person = ctx.person
    person.first_name = "Slettet"
    person.last_name = "bruger"
    person.email = f"slettet-{person.pk}@invalid"
    if hasattr(person, "phone"):
        person.phone = ""
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.last_login = None
    person.set_unusable_password()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
    return 1


def _step_promote(ctx: walk.Context, sessions: list[int]) -> int:
    from courses.models import CourseSession
    from courses.services import waitlist_promote

    count = 0
    for session in CourseSession.objects.filter(pk__in=sessions).upcoming():
        count += len(waitlist_promote(session=session))
    return count


def _in_area(ctx: walk.Context, step: Callable[[walk.Context], int]) -> int:
    """One transaction per area; files are deleted only once it has committed."""
    with transaction.atomic():
        ctx.files = []
        result = step(ctx)
        files = list(ctx.files)
        transaction.on_commit(lambda: _delete_files(files))
    return result


def _delete_files(files: list[tuple[Any, str]]) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:  # already gone, or a storage hiccup: the row no longer names it
            logger.warning("Could not delete an erased person's file")


def _future_seat_sessions(person: User) -> list[int]:
    from courses.models import Enrolment

    return list(
        Enrolment.objects.filter(user=person, session__starts_at__gt=timezone.now())
        .active()
        .values_list("session_id", flat=True)
    )


def _declared_step(items: list[Any]) -> Callable[[walk.Context], int]:
    def step(ctx: walk.Context) -> int:
        return sum(walk.erase_declared(declaration, ctx) for declaration in items)

    return step


def _run(person: User, erased_by: User | None) -> dict[str, int]:
    ctx = walk.Context(
        person=person, placeholder=placeholder_user(), identity=walk.Identity.of(person)
    )
    if is_erased(person):
        # Already erased: its name and e-mail are the placeholder's now; nothing to find.
        ctx.identity = walk.Identity()
    report: dict[str, int] = {}
    report["adgang"] = _in_area(ctx, _step_access)
    sessions = _future_seat_sessions(person)
    report["afmeldte tilmeldinger"] = _in_area(ctx, _step_bookings)
    report["invitationer"] = _in_area(ctx, _step_invitations)
    report["e-mails"] = _in_area(ctx, _step_mail)
    report["nyhedsbrev"] = _in_area(ctx, _step_newsletter)
    for area, items in walk.areas_in_order():
        report[area] = report.get(area, 0) + _in_area(ctx, _declared_step(items))
    report["referencer"] = _in_area(ctx, walk.references_release)
    report["wagtail"] = _in_area(ctx, _step_wagtail)
    report["ventelister"] = _in_area(ctx, lambda c: _step_promote(c, sessions))
    report["person"] = _in_area(ctx, _step_person)
    report["fritekst"] = _in_area(
        ctx, lambda c: sum(walk.scrub_model(m, c.identity) for m in walk.scrubbable_models())
    )
    return report


def person_erase(*, person: User, erased_by: User | None, dry_run: bool = False) -> dict[str, int]:
    """Erase ``person`` (see the module docstring); return rows touched per area, no names.

    ``dry_run`` does all of it inside one transaction that is then rolled back, so the counts
    are exact and nothing changes (no file is deleted, no e-mail sent: both wait for a commit).
    """
    if person.email == walk.PLACEHOLDER_EMAIL:
        raise ValidationError(_("Pladsholderen for slettede brugere kan ikke slettes."))
    if not dry_run:
        report = _run(person, erased_by)
        _audit(actor=erased_by, action="erasure_done", subject=person, detail=report)
        return report
    with transaction.atomic():
        report = _run(person, erased_by)
        transaction.set_rollback(True)
    person.refresh_from_db()
    return report
