"""The sessions admin's spreadsheets: the sessions listing and a session's participant list.

Wagtail's ``SpreadsheetExportMixin`` writes the files (CSV or XLSX, by the Danish rules in
``core.exports``); this module says which columns they have, under which headings, and what a
participant's row holds.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from courses.models import CourseSession, Enrolment, EnrolmentStatus

# --- The sessions listing (``CourseSessionViewSet``) -----------------------------------------

SESSION_COLUMNS = [
    "course.title",
    "provider.name",
    "starts_at",
    "ends_at",
    "place",
    "get_region_display",
    "capacity",
    "booked_count",
    "pending_count",
    "waitlist_count",
    "price",
    "registration_deadline",
    "cancellation_deadline",
    "get_status_display",
]
SESSION_HEADINGS: dict[str, str | Promise] = {
    "course.title": gettext_lazy("Kursus"),
    "provider.name": gettext_lazy("Kursusudbyder"),
    "starts_at": gettext_lazy("Start"),
    "ends_at": gettext_lazy("Slut"),
    "place": gettext_lazy("Sted"),
    "get_region_display": gettext_lazy("Region"),
    "capacity": gettext_lazy("Pladser"),
    "booked_count": gettext_lazy("Booket"),
    "pending_count": gettext_lazy("Afventer godkendelse"),
    "waitlist_count": gettext_lazy("Venteliste"),
    "price": gettext_lazy("Pris (kr.)"),
    "registration_deadline": gettext_lazy("Tilmeldingsfrist"),
    "cancellation_deadline": gettext_lazy("Afmeldingsfrist"),
    "get_status_display": gettext_lazy("Status"),
}
SESSIONS_FILENAME = "hold"

# --- A session's participants (``ParticipantsView``) -----------------------------------------

PARTICIPANT_COLUMNS = ["name", "email", "organisation", "status", "waitlist_position", "created_at"]
PARTICIPANT_HEADINGS: dict[str, str | Promise] = {
    "name": gettext_lazy("Navn"),
    "email": gettext_lazy("E-mail"),
    "organisation": gettext_lazy("Organisation"),
    "status": gettext_lazy("Status"),
    "waitlist_position": gettext_lazy("Nr. på venteliste"),
    "created_at": gettext_lazy("Tilmeldt"),
}


def waitlist_position(enrolment: Enrolment) -> int | None:
    """The participant's number on the waitlist, or None for everybody not waiting."""
    # ``status_rank`` is the participant list's window annotation (``ranked_participants``).
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    rank: int | None = getattr(enrolment, "status_rank", None)
    return rank


def participant_row(enrolment: Enrolment) -> dict[str, Any]:
    """One participant as a spreadsheet row."""
    return {
        "name": enrolment.user.name,
        "email": enrolment.user.email,
        "organisation": enrolment.organisation.name if enrolment.organisation else "",
        "status": enrolment.get_status_display(),
        "waitlist_position": waitlist_position(enrolment) or "",
        # The moment itself: core.exports writes it as a date cell in Danish time.
        "created_at": enrolment.created_at,
    }


def participants_filename(session: CourseSession) -> str:
    """``deltagere-<id>-<date>``: the session and its (Danish) start date."""
    local = timezone.localtime(session.starts_at)
    return f"deltagere-{session.pk}-{local:%Y-%m-%d}"
