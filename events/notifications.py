"""The e-mails of sign-up, on the site's one e-mail layout (``email/message.{txt,html}``).

Each is enqueued once per registration and kind (``core.mail`` dedupe keys): a retried task or
a double click never sends twice. The seat e-mails carry an .ics (``events.calendar``).
"""

from __future__ import annotations

import re

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core import site_url
from core.mail.services import email_enqueue
from events import links
from events.calendar import registration_attachment
from events.models import EventPage, EventRegistration


def when(event: EventPage) -> str:
    """The date(s) and time in Danish: "12. marts 2027 kl. 9.00–15.00" or over several days."""
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    if event.spans_days():
        return _("%(start)s til %(end)s") % {
            "start": formats.date_format(start, "j. F Y \\k\\l. H.i"),
            "end": formats.date_format(end, "j. F Y \\k\\l. H.i"),
        }
    day = formats.date_format(start, "j. F Y \\k\\l. H.i")
    return f"{day}–{formats.date_format(end, 'H.i')}"


def _facts(event: EventPage) -> str:
    return _("%(title)s, %(when)s, %(where)s") % {
        "title": event.title,
        "when": when(event),
        "where": event.location_text(),
    }


def _send(
    registration: EventRegistration,
    *,
    kind: str,
    subject: str,
    paragraphs: list[str],
    link: str = "",
    link_label: str = "",
    ics_method: str = "",
) -> None:
    context = {
        "subject": subject,
        "greeting_name": registration.name,
        "paragraphs": paragraphs,
        "quote": "",
        "link": link,
        "link_label": link_label,
    }
    text = render_to_string("email/message.txt", context)
    html = render_to_string("email/message.html", context)
    plain = re.sub(r"\n{3,}", "\n\n", text.strip()) + "\n"
    message = EmailMultiAlternatives(subject=subject, body=plain, to=[registration.email])
    message.attach_alternative(html, "text/html")
    if ics_method:
        message.attach(*registration_attachment(registration, method=ics_method))
    email_enqueue(message=message, dedupe_key=f"events.{kind}.{registration.pk}")


def _cancel_paragraph(registration: EventRegistration) -> str:
    return _("Kan du alligevel ikke komme, så afmeld dig her: %(url)s") % {
        "url": links.cancel_url(registration.token)
    }


def send_confirmation_request(registration: EventRegistration) -> None:
    """To a guest: confirm the sign-up with the link (valid three days)."""
    event = registration.event
    with translation.override("da"):
        _send(
            registration,
            kind="confirm_request",
            subject=_("Bekræft din tilmelding: %(title)s") % {"title": event.title},
            paragraphs=[
                _("Tak for din tilmelding til %(facts)s.") % {"facts": _facts(event)},
                _(
                    "Bekræft tilmeldingen med knappen herunder inden for tre dage. "
                    "Først da får du en plads eller en plads på ventelisten."
                ),
                _("Har du ikke tilmeldt dig, kan du se bort fra denne e-mail."),
            ],
            link=links.confirm_url(registration.token),
            link_label=_("Bekræft tilmelding"),
        )


def send_registered(registration: EventRegistration) -> None:
    """Du er tilmeldt, with the calendar invitation."""
    event = registration.event
    paragraphs = [_("Du er tilmeldt %(facts)s.") % {"facts": _facts(event)}]
    if event.online and event.online_url:
        paragraphs.append(_("Link til mødet: %(url)s") % {"url": event.online_url})
    paragraphs += [
        _("Invitationen til din kalender er vedhæftet."),
        _cancel_paragraph(registration),
    ]
    with translation.override("da"):
        _send(
            registration,
            kind="registered",
            subject=_("Du er tilmeldt: %(title)s") % {"title": event.title},
            paragraphs=paragraphs,
            link=site_url.page_full_url(event),
            link_label=_("Se arrangementet"),
            ics_method="REQUEST",
        )


def send_waitlisted(registration: EventRegistration) -> None:
    event = registration.event
    with translation.override("da"):
        _send(
            registration,
            kind="waitlisted",
            subject=_("Du er på venteliste: %(title)s") % {"title": event.title},
            paragraphs=[
                _("%(facts)s er fuldt booket, så du er skrevet på ventelisten.")
                % {"facts": _facts(event)},
                _(
                    "Bliver der en plads ledig, får du den i den rækkefølge, du tilmeldte dig, "
                    "og vi skriver til dig."
                ),
                _cancel_paragraph(registration),
            ],
            link=site_url.page_full_url(event),
            link_label=_("Se arrangementet"),
        )


def send_promoted(registration: EventRegistration) -> None:
    event = registration.event
    with translation.override("da"):
        _send(
            registration,
            kind="promoted",
            subject=_("Du har fået en plads: %(title)s") % {"title": event.title},
            paragraphs=[
                _("En plads er blevet ledig, og den er din: %(facts)s.") % {"facts": _facts(event)},
                _("Invitationen til din kalender er vedhæftet."),
                _cancel_paragraph(registration),
            ],
            link=site_url.page_full_url(event),
            link_label=_("Se arrangementet"),
            ics_method="REQUEST",
        )


def send_cancelled(registration: EventRegistration, *, had_seat: bool) -> None:
    """The cancellation; one who had a seat gets a CANCEL for their calendar."""
    event = registration.event
    with translation.override("da"):
        _send(
            registration,
            kind="cancelled",
            subject=_("Du er afmeldt: %(title)s") % {"title": event.title},
            paragraphs=[
                _("Du er afmeldt %(facts)s.") % {"facts": _facts(event)},
                _(
                    "Vil du alligevel deltage, kan du tilmelde dig igen på arrangementets side, "
                    "så længe der er åbent for tilmelding."
                ),
            ],
            link=site_url.page_full_url(event),
            link_label=_("Se arrangementet"),
            ics_method="CANCEL" if had_seat else "",
        )
