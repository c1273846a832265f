"""E-mails of the learning log and of project invitations, in Danish, each sent once.

* an entry is submitted: to the project's leaders except the author, and an invitation to
  co-sign to each participant except the author;
* an entry is approved or returned (with the leader's comment): to the author;
* a person is invited to a project: to the invited address, with the link.

Dedupe keys: ``onsite-entry-event:<event>:<user>``, ``onsite-cosign:<entry>:r<revision>:<user>``
(a participant is asked once per revision, however often the entry is returned and resubmitted)
and ``onsite-invitation:<invitation>``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.formats import long_date
from core.mail.compose import absolute_url, email_simple
from onsite import access
from onsite.models import EntryEvent, EntryStatus, LogEntry, ProjectInvitation
from onsite.selectors import approval_outcome
from organisations.models import User


def _send(recipient: User, *, key: str, **message: object) -> None:
    email_simple(
        to=recipient.email,
        greeting_name=recipient.first_name or recipient.name,
        dedupe_key=f"{key}:{recipient.pk}",
        **message,  # type: ignore[arg-type]
    )


def project_leaders(entry: LogEntry, *, except_user_id: int) -> list[User]:
    """The project's leader members; the owner's project leaders if it has none besides."""
    return access.project_leaders_of(entry.project, except_user_id=except_user_id)


def entry_event_notify(*, event_id: int) -> int:
    """The e-mails one step of an entry calls for; returns how many were enqueued."""
    event = EntryEvent.objects.select_related(
        "entry__project__organisation", "entry__author", "actor"
    ).get(pk=event_id)
    entry = event.entry
    with translation.override("da"):
        if event.from_status == event.to_status:
            return 0  # a co-signature: nobody needs an e-mail
        if event.to_status == EntryStatus.SUBMITTED:
            return _submitted(event, entry) + _cosign_invitations(entry)
        if event.to_status in (EntryStatus.APPROVED, EntryStatus.RETURNED):
            return _decided(event, entry)
    return 0


def _entry_link(entry: LogEntry) -> str:
    return absolute_url(reverse("onsite:entry_detail", kwargs={"pk": entry.pk}))


def _context(event: EntryEvent, entry: LogEntry) -> dict[str, str]:
    return {
        "actor": event.actor.name if event.actor else _("AlmenLæring"),
        "title": entry.title,
        "project": entry.project.name,
        "date": long_date(entry.occurred_on),
    }


def _submitted(event: EntryEvent, entry: LogEntry) -> int:
    recipients = project_leaders(entry, except_user_id=entry.author_id)
    values = _context(event, entry)
    for recipient in recipients:
        _send(
            recipient,
            key=f"onsite-entry-event:{event.pk}",
            subject=_("Logindlæg til godkendelse: %(title)s") % values,
            paragraphs=[
                _(
                    "%(actor)s har indsendt logindlægget »%(title)s« (%(date)s) på byggesagen "
                    "%(project)s til godkendelse."
                )
                % values
            ],
            link=_entry_link(entry),
            link_label=_("Se og godkend indlægget"),
        )
    return len(recipients)


def _cosign_invitations(entry: LogEntry) -> int:
    participants = entry.participants.exclude(user_id=entry.author_id).select_related("user")
    values = {
        "author": entry.author.name,
        "title": entry.title,
        "project": entry.project.name,
    }
    count = 0
    for participant in participants:
        if participant.co_signed_at is not None:
            continue
        _send(
            participant.user,
            key=f"onsite-cosign:{entry.pk}:r{entry.revision}",
            subject=_("Du er deltager i logindlægget »%(title)s«") % values,
            paragraphs=[
                _(
                    "%(author)s har skrevet dig på som deltager i logindlægget »%(title)s« på "
                    "byggesagen %(project)s."
                )
                % values,
                _("Læs indlægget, og medunderskriv det, hvis det passer med din oplevelse."),
            ],
            link=_entry_link(entry),
            link_label=_("Læs og medunderskriv"),
        )
        count += 1
    return count


def _decided(event: EntryEvent, entry: LogEntry) -> int:
    values = _context(event, entry)
    if event.to_status == EntryStatus.APPROVED:
        subject = _("Dit logindlæg er godkendt: %(title)s") % values
        text = _("%(actor)s har godkendt dit logindlæg »%(title)s« på byggesagen %(project)s.")
        # What was documented, said as it is: an entry without participants documents nothing.
        outcome = approval_outcome(entry)
    else:
        subject = _("Dit logindlæg er sendt retur: %(title)s") % values
        outcome = ""
        text = _(
            "%(actor)s har sendt dit logindlæg »%(title)s« på byggesagen %(project)s retur "
            "med en kommentar. Ret indlægget, og indsend det igen."
        )
    _send(
        entry.author,
        key=f"onsite-entry-event:{event.pk}",
        subject=subject,
        paragraphs=[f"{text % values} {outcome}".strip()],
        quote=event.comment,
        link=_entry_link(entry),
        link_label=_("Se indlægget"),
    )
    return 1


def project_invitation_notify(*, invitation_id: int) -> int:
    """E-mail the invitation link to the invited address (once)."""
    invitation = ProjectInvitation.objects.select_related(
        "project__organisation", "invited_by"
    ).get(pk=invitation_id)
    if not invitation.is_open:
        return 0
    link = absolute_url(reverse("onsite:invitation_accept", kwargs={"token": invitation.token}))
    with translation.override("da"):
        values = {
            "inviter": invitation.invited_by.name if invitation.invited_by else _("Projektlederen"),
            "project": invitation.project.name,
            "organisation": invitation.project.organisation.name,
            "expires": long_date(invitation.expires_at),
        }
        email_simple(
            to=invitation.email,
            greeting_name=invitation.first_name or invitation.email,
            subject=_("Invitation til byggesagen %(project)s") % values,
            paragraphs=[
                _(
                    "%(inviter)s inviterer dig til byggesagen %(project)s hos %(organisation)s "
                    "på AlmenLæring – byggesagens læringslog, hvor parterne skriver, hvad de "
                    "lærer, og hvilken effekt det har."
                )
                % values,
                _("Linket virker én gang og udløber den %(expires)s.") % values,
            ],
            link=link,
            link_label=_("Acceptér invitationen"),
            dedupe_key=f"onsite-invitation:{invitation.pk}",
        )
    return 1
