"""E-mails about memberships, on the site's one e-mail layout (core.mail.compose)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.formats import long_date
from core.mail.compose import absolute_url, email_simple
from organisations.models import Invitation


def send_invitation(*, invitation_id: int) -> None:
    """E-mail the invitation link once. Delivery itself happens in a Celery task (core.mail)."""
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    link = absolute_url(reverse("invitation_accept", kwargs={"token": invitation.token}))
    with translation.override("da"):
        values = {
            "org": invitation.organisation.name,
            "inviter": invitation.invited_by.name if invitation.invited_by else "AlmenLæring",
            "date": long_date(invitation.expires_at),
        }
        email_simple(
            to=invitation.email,
            greeting_name=invitation.first_name or invitation.email,
            subject=_("Invitation til %(org)s på AlmenLæring") % values,
            paragraphs=[
                _(
                    "%(inviter)s har inviteret dig til at blive medlem af %(org)s på "
                    "AlmenLæring, hvor den almene sektor lærer af AlmenVejledningerne og af "
                    "hinanden."
                )
                % values,
                _("Linket kan bruges én gang og gælder til %(date)s.") % values,
            ],
            link=link,
            link_label=_("Opret din konto"),
            dedupe_key=f"invitation:{invitation.pk}",
        )
