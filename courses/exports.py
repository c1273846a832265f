"""The sessions admin's spreadsheets: the sessions listing, a session's participant list and
a trial session's evaluations.

Wagtail's ``SpreadsheetExportMixin`` writes the files (CSV or XLSX, by the Danish rules in
``core.exports``); this module says which columns they have, under which headings, and what a
participant's row holds.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook

from core.exports import xlsx_cell
from courses.models import CourseSession, Enrolment, EnrolmentStatus
from courses.selectors.trials import questions_of, submitted_evaluations
from tools.selectors import answers_for_display

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


# --- A trial session's evaluations (``courses.admin.trials``) --------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _trial_cell(question: dict[str, Any], value: Any) -> Any:
    """A scale answer as its number (sums and averages work in the sheet); the rest as the
    words the pages show."""
    if question.get("kind") == "scale" and isinstance(value, int):
        return value
    row = answers_for_display([question], {question["id"]: value})[0]
    return row["text"] if row["answered"] else ""


def trial_evaluations_xlsx(session: CourseSession) -> bytes:
    """The submitted evaluations of a trial session as a workbook: one row per evaluation,
    one column per question, and no names (the evaluation is anonymous to the provider)."""
    evaluations = list(submitted_evaluations(session))
    questions = questions_of(session, evaluations)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(gettext("Evalueringer"))[:31])
    sheet.append([gettext("Nr."), gettext("Afleveret"), *(q.get("label", "") for q in questions)])
    for number, evaluation in enumerate(evaluations, start=1):
        data = evaluation.sheet.data
        cells = [_trial_cell(q, data.get(str(q["id"]))) for q in questions]
        row = [number, evaluation.submitted_at, *cells]
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def trial_evaluations_filename(session: CourseSession) -> str:
    """``proevehold-<id>-<date>.xlsx``: the session and its (Danish) start date."""
    local = timezone.localtime(session.starts_at)
    return f"proevehold-{session.pk}-{local:%Y-%m-%d}.xlsx"
