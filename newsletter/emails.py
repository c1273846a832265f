"""E-mails of the newsletter, in Danish, on the site's one e-mail layout (``core.mail``).

* the confirmation of a sign-up (double opt-in), and "du er allerede tilmeldt" to an address
  that is already on the list: at most one of each per address and hour (the dedupe key), which
  is also what keeps the public form from being used to flood somebody's inbox;
* an issue: rendered once per batch with placeholders, then personalised per recipient with
  the name and the signed unsubscribe link, and stored with the ``List-Unsubscribe`` and
  ``List-Unsubscribe-Post`` headers of RFC 8058 (one click in the mail client).

Dedupe keys: ``newsletter-confirm:<subscriber>:<hour>``, ``newsletter-known:<subscriber>:<hour>``,
``newsletter-<issue>-<subscriber>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from core.mail.compose import absolute_url, email_simple
from core.mail.services import email_enqueue
from newsletter import tokens
from newsletter.content import issue_items
from newsletter.models import Issue, Subscriber

NAME = "%%NEWSLETTER_NAME%%"
UNSUBSCRIBE = "%%NEWSLETTER_UNSUBSCRIBE%%"
TOPICS = "%%NEWSLETTER_TOPICS%%"


def confirm_url(subscriber_id: int) -> str:
    return absolute_url(
        reverse("newsletter:confirm", kwargs={"token": tokens.confirm_token(subscriber_id)})
    )


def unsubscribe_url(subscriber_id: int) -> str:
    return absolute_url(
        reverse("newsletter:unsubscribe", kwargs={"token": tokens.unsubscribe_token(subscriber_id)})
    )


def topics_url(subscriber_id: int) -> str:
    return absolute_url(
        reverse("newsletter:topics", kwargs={"token": tokens.unsubscribe_token(subscriber_id)})
    )


def _hour() -> str:
    return timezone.now().strftime("%Y%m%d%H")


def confirmation_email(*, subscriber: Subscriber) -> None:
    with translation.override("da"):
        email_simple(
            to=subscriber.email,
            greeting_name=subscriber.name,
            subject=_("Bekræft din tilmelding til AlmenLærings nyhedsbrev"),
            paragraphs=[
                _(
                    "Tak for din tilmelding til AlmenLærings nyhedsbrev. Klik på knappen for at "
                    "bekræfte, at det er din e-mailadresse. Linket virker i 7 dage."
                ),
                _("Har du ikke tilmeldt dig, kan du se bort fra denne e-mail."),
            ],
            link=confirm_url(subscriber.pk),
            link_label=_("Bekræft tilmeldingen"),
            dedupe_key=f"newsletter-confirm:{subscriber.pk}:{_hour()}",
        )


def already_subscribed_email(*, subscriber: Subscriber) -> None:
    with translation.override("da"):
        email_simple(
            to=subscriber.email,
            greeting_name=subscriber.name,
            subject=_("Du er allerede tilmeldt AlmenLærings nyhedsbrev"),
            paragraphs=[
                _(
                    "Nogen, sandsynligvis dig, har tilmeldt denne e-mailadresse til "
                    "AlmenLærings nyhedsbrev. Du er allerede tilmeldt, så intet er ændret."
                ),
                _("Vil du have nyhedsbrevet om andre emner, kan du ændre dem her."),
            ],
            link=topics_url(subscriber.pk),
            link_label=_("Ændr emner"),
            dedupe_key=f"newsletter-known:{subscriber.pk}:{_hour()}",
        )


@dataclass(frozen=True)
class Rendered:
    """An issue rendered once, with placeholders for the recipient's own parts."""

    subject: str
    text: str
    html: str


def issue_render(issue: Issue, *, personal: bool = True) -> Rendered:
    """The issue's e-mail; with ``personal`` the name and links are placeholders to fill."""
    with translation.override("da"):
        context = {
            "subject": issue.subject,
            "greeting_name": NAME if personal else "",
            "intro_html": expand_db_html(issue.intro),
            "items": issue_items(issue),
            "unsubscribe_url": UNSUBSCRIBE if personal else "",
            "topics_url": TOPICS if personal else "",
            "archive_url": absolute_url(
                reverse("newsletter:archive_issue", kwargs={"pk": issue.pk})
            ),
        }
        html = render_to_string("newsletter/email/issue.html", context)
        text = render_to_string("newsletter/email/issue.txt", context)
    return Rendered(
        subject=issue.subject, text=re.sub(r"\n{3,}", "\n\n", text.strip()) + "\n", html=html
    )


def _fill(template: str, *, name: str, subscriber_id: int | None, html: bool) -> str:
    value = escape(name) if html else name
    filled = template.replace(NAME, str(value))
    if subscriber_id is None:
        return filled.replace(UNSUBSCRIBE, "").replace(TOPICS, "")
    return filled.replace(UNSUBSCRIBE, unsubscribe_url(subscriber_id)).replace(
        TOPICS, topics_url(subscriber_id)
    )


def issue_message(
    rendered: Rendered, *, to: str, name: str, subscriber_id: int | None, subject_prefix: str = ""
) -> EmailMultiAlternatives:
    """The issue to one recipient; with a subscriber, the RFC 8058 one-click headers.

    Only the https link is offered (no mailto:): nobody reads the sender's mailbox, and RFC 8058
    needs the https one only.
    """
    headers = {}
    if subscriber_id is not None:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url(subscriber_id)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        subject=subject_prefix + rendered.subject,
        body=_fill(rendered.text, name=name, subscriber_id=subscriber_id, html=False),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(
        _fill(rendered.html, name=name, subscriber_id=subscriber_id, html=True), "text/html"
    )
    return message


def issue_enqueue(
    rendered: Rendered, *, issue_id: int, subscriber_id: int, to: str, name: str
) -> None:
    """Store the issue for one subscriber, once: a second call with the same pair is a no-op."""
    with translation.override("da"):
        email_enqueue(
            message=issue_message(rendered, to=to, name=name, subscriber_id=subscriber_id),
            dedupe_key=f"newsletter-{issue_id}-{subscriber_id}",
        )
