"""E-mails of rooms and members: the invitation into a room, in Danish, sent once.

The invitation service calls ``room_invitation_notify`` inside its own transaction: the stored
e-mail commits (or rolls back) with the invitation, and ``core.mail`` delivers it through Celery
once committed. Dedupe key ``rooms-invitation:<invitation>``: a retry sends nothing new.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.formats import long_date
from core.mail.compose import absolute_url, email_simple
from rooms.models import RoomInvitation


def room_invitation_notify(*, invitation_id: int) -> int:
    """E-mail the invitation link to the invited address (once); 0 when no longer open."""
    invitation = RoomInvitation.objects.select_related("room__organisation", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_open:
        return 0
    link = absolute_url(reverse("rooms:invitation_accept", kwargs={"token": invitation.token}))
    room = invitation.room
    with translation.override("da"):
        values = {
            "inviter": invitation.invited_by.name if invitation.invited_by else _("Rummets ejer"),
            "room": room.title,
            "owner": room.organisation.name if room.organisation else _("netværket"),
            "role": invitation.get_role_display().lower(),
            "expires": long_date(invitation.expires_at),
        }
        email_simple(
            to=invitation.email,
            greeting_name=invitation.first_name or invitation.email,
            subject=_("Invitation til projektrummet %(room)s") % values,
            paragraphs=[
                _(
                    "%(inviter)s inviterer dig som %(role)s i projektrummet %(room)s "
                    "(%(owner)s) på AlmenLæring – et lukket rum, hvor kun medlemmerne ser "
                    "rummets dokumenter, møder, debat og afstemninger."
                )
                % values,
                _("Linket virker én gang og udløber den %(expires)s.") % values,
            ],
            link=link,
            link_label=_("Acceptér invitationen"),
            dedupe_key=f"rooms-invitation:{invitation.pk}",
        )
    return 1
