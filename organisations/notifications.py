"""E-mails about memberships. Rendered in Danish with a plain-text and an HTML part."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.site_url import absolute_url
from organisations.models import Invitation


def send_invitation(*, invitation_id: int) -> None:
    """E-mail the invitation link. Delivery itself happens in a Celery task (core.mail)."""
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    link = absolute_url(reverse("invitation_accept", kwargs={"token": invitation.token}))
    context = {"invitation": invitation, "link": link}
    with translation.override("da"):
        subject = render_to_string("organisations/email/invitation_subject.txt", context).strip()
        text = render_to_string("organisations/email/invitation.txt", context)
        html = render_to_string("organisations/email/invitation.html", context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email])
        message.attach_alternative(html, "text/html")
        # Inside the override: the outbox records the language the e-mail is written in.
        message.send()
