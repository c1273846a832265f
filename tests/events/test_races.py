"""N people at once for the last seat: exactly one gets it (the event's row lock), the others
go on the waitlist. PostgreSQL only: SQLite serialises the whole database anyway."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from events.models import EventRegistration, RegistrationStatus
from events.services import registrations as services
from tests.factories import person
from tests.factories.events import event as make_event
from tests.factories.events import event_index

PEOPLE = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_people_for_the_last_seat(home):
    event = make_event(event_index(home), capacity=1)
    people = [person(f"p{n}@example.org", None, first_name=f"P{n}") for n in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def sign_up(user: object) -> None:
        try:
            barrier.wait(timeout=30)
            services.register_member(event=event, user=user)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    statuses = list(EventRegistration.objects.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 1
    assert statuses.count(RegistrationStatus.WAITLISTED) == PEOPLE - 1
