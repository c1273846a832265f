"""One plain e-mail message (greeting, paragraphs, an optional quote and button) on the site's
e-mail layout, for the apps whose messages need nothing more; rendered in Danish, enqueued once
per dedupe key."""

from __future__ import annotations

import re

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from core import site_url
from core.mail.services import email_enqueue


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's public address plus ``path`` (``core.site_url``)."""
    return site_url.absolute_url(path)


def email_simple(
    *,
    to: str,
    greeting_name: str,
    subject: str,
    paragraphs: list[str],
    dedupe_key: str,
    quote: str = "",
    link: str = "",
    link_label: str = "",
) -> None:
    """Render ``email/message.{txt,html}`` and enqueue the e-mail once per key.

    The message fills the site's one e-mail layout, ``core/templates/email/base.{txt,html}``.
    """
    context = {
        "subject": subject,
        "greeting_name": greeting_name,
        "paragraphs": paragraphs,
        "quote": quote,
        "link": link,
        "link_label": link_label,
    }
    with translation.override("da"):
        text = render_to_string("email/message.txt", context)
        html = render_to_string("email/message.html", context)
        plain = re.sub(r"\n{3,}", "\n\n", text.strip()) + "\n"
        message = EmailMultiAlternatives(subject=subject, body=plain, to=[to])
        message.attach_alternative(html, "text/html")
        # Inside the override: the outbox records the language the e-mail is written in.
        email_enqueue(message=message, dedupe_key=dedupe_key)
