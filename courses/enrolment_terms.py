"""What a person agrees to before a booking: the read behind the enrolment confirmation page.

One click on "Tilmeld" used to book a course costing thousands of kroner. The course page now
links to a confirmation page that shows the session, the price with VAT, the deadlines and whether
the person's organisation must approve first; only its POST books (``enrolment_create``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from courses.models import (
    VAT_RATE,
    CoursePage,
    CourseSession,
    Enrolment,
    SessionStatus,
)
from courses.services.enrolments import enrolment_needs_approval
from organisations.models import Organisation, User


@dataclass(frozen=True)
class EnrolmentTerms:
    course: CoursePage
    session: CourseSession | None
    provider: Organisation
    price: Decimal
    vat: Decimal
    total: Decimal
    needs_approval: bool
    waitlist: bool
    registration_deadline: datetime | None
    cancellation_deadline: datetime | None
    closed_reason: str
    existing: Enrolment | None

    @property
    def can_enrol(self) -> bool:
        return not self.closed_reason and self.existing is None


def _closed_reason(session: CourseSession | None) -> str:
    # The same rules as courses.services.enrolments._check_can_enrol, said before the click.
    if session is None:
        return ""
    if session.status not in (SessionStatus.OPEN, SessionStatus.FULL):
        return "not_open"
    if timezone.now() > session.registration_deadline:
        return "deadline"
    return ""


def enrolment_terms(
    *, user: User, course: CoursePage, session: CourseSession | None
) -> EnrolmentTerms:
    """The terms of enrolling ``user`` in ``session`` (or the self-paced ``course``)."""
    price = session.price if session is not None else course.price
    total = (price * (1 + VAT_RATE)).quantize(Decimal("0.01"))
    seats_left = getattr(session, "seats_left", 1) if session is not None else 1
    existing = (
        Enrolment.objects.active()
        .filter(user=user, course=course, session=session)
        .order_by("-pk")
        .first()
    )
    return EnrolmentTerms(
        course=course,
        session=session,
        provider=session.provider if session else course.get_parent().specific.provider,
        price=price,
        vat=total - price,
        total=total,
        needs_approval=enrolment_needs_approval(user=user, requested_by=user),
        waitlist=session is not None and seats_left <= 0,
        registration_deadline=session.registration_deadline if session else None,
        cancellation_deadline=session.cancellation_deadline if session else None,
        closed_reason=_closed_reason(session),
        existing=existing,
    )
