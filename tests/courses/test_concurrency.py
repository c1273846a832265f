"""Seats under real concurrency: 50 people enrol at once in a 5-seat session.

Only PostgreSQL can prove this (row locks across connections); it runs in CI's PostgreSQL pass.
Each thread has its own database connection, and a barrier releases them together.
"""

import threading

import pytest
from django.db import connection

from courses import services
from courses.models import Enrolment, EnrolmentStatus
from organisations import services as org_services
from organisations.models import Membership, User
from tests.courses.conftest import make_course, make_session

PEOPLE = 50
SEATS = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_requests_book_exactly_five(akademi):
    course = make_course(akademi, "A3", "Populært kursus")
    session = make_session(course, capacity=SEATS)
    housing = org_services.organisation_create(name="Storby Bolig", kind="housing")
    users = User.objects.bulk_create(User(email=f"p{i}@storby.example") for i in range(PEOPLE))
    Membership.objects.bulk_create(Membership(user=u, organisation=housing) for u in users)

    barrier = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def enrol(user):
        try:
            barrier.wait(timeout=30)
            services.enrolment_create(user=user, course=course, session=session, requested_by=user)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors[:3]
    statuses = list(Enrolment.objects.filter(session=session).values_list("status", flat=True))
    assert len(statuses) == PEOPLE  # no duplicates, nobody lost
    assert statuses.count(EnrolmentStatus.BOOKED) == SEATS
    assert statuses.count(EnrolmentStatus.WAITLISTED) == PEOPLE - SEATS
    assert Enrolment.objects.filter(session=session).values("user").distinct().count() == PEOPLE
