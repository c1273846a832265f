"""E-mails of processes, in Danish, on the site's one e-mail layout (``core.mail``).

* a milestone's due date is near (within a week) or has passed: to its responsible person,
  once per milestone, kind and due date (``processes.services.reminders``).

Dedupe key: ``processes-reminder:<milestone>:<kind>:<due date>:<user>``.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.formats import long_date
from core.mail.compose import absolute_url, email_simple
from processes.models import Milestone, ReminderKind


def milestone_link(milestone: Milestone) -> str:
    return absolute_url(
        reverse(
            "processes:milestone",
            kwargs={"pk": milestone.process_id, "mpk": milestone.pk},
        )
    )


def milestone_reminder_email(*, milestone: Milestone, kind: str, today: date) -> None:
    """Store the reminder e-mail to the milestone's responsible person (sent after commit)."""
    person = milestone.responsible
    if person is None or milestone.due_on is None:
        return
    values = {
        "milestone": str(milestone),
        "process": milestone.process.title,
        "organisation": milestone.process.organisation.name,
        "due": long_date(milestone.due_on),
        "days": abs((milestone.due_on - today).days),
    }
    with translation.override("da"):
        if kind == ReminderKind.OVERDUE:
            subject = _("Fristen er overskredet: %(milestone)s") % values
            lead = _(
                "Fristen for milepælen »%(milestone)s« i forløbet »%(process)s« "
                "(%(organisation)s) var %(due)s. Milepælen er endnu ikke nået."
            )
        else:
            subject = _("Fristen nærmer sig: %(milestone)s") % values
            lead = _(
                "Fristen for milepælen »%(milestone)s« i forløbet »%(process)s« "
                "(%(organisation)s) er %(due)s."
            )
        email_simple(
            to=person.email,
            greeting_name=person.first_name or person.name,
            subject=subject,
            paragraphs=[
                lead % values,
                _(
                    "Du er ansvarlig for milepælen. Markér den som nået, når den er på plads, "
                    "eller aftal en ny frist med forløbets leder."
                ),
            ],
            link=milestone_link(milestone),
            link_label=_("Gå til milepælen"),
            dedupe_key=(
                f"processes-reminder:{milestone.pk}:{kind}:{milestone.due_on.isoformat()}:"
                f"{person.pk}"
            ),
        )
