"""Open Badges under real concurrency: twenty learners of one provider take their credential at
the same moment, each twice (a double click), while no signing key exists yet.

Only PostgreSQL can prove this (row locks across connections); it runs in CI's PostgreSQL pass.
Each thread has its own database connection, and a barrier releases them together.
"""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from courses.badges import services as badge_services
from courses.models import BadgeCredential, BadgeSigningKey, Certificate, Enrolment
from organisations import services as org_services
from organisations.models import User
from tests.courses.conftest import make_course

PEOPLE = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_downloads_get_one_key_and_distinct_places(akademi):
    course = make_course(akademi, "A3", "Populært kursus", format="self_paced")
    housing = org_services.organisation_create(name="Storby Bolig", kind="housing")
    users = User.objects.bulk_create(User(email=f"p{i}@storby.example") for i in range(PEOPLE))
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            user=u,
            course=course,
            organisation=housing,
            status="completed",
            completed_at=timezone.now(),
        )
        for u in users
    )
    certificates = Certificate.objects.bulk_create(
        Certificate(
            enrolment=e,
            person_name="Lærende",
            course_title=course.title,
            guide_code="A3",
            provider_name=akademi.name,
            hours=7,
            completed_on=timezone.localdate(),
        )
        for e in enrolments
    )
    assert not BadgeSigningKey.objects.exists()

    barrier = threading.Barrier(PEOPLE * 2)
    errors: list[BaseException] = []

    def take(certificate):
        try:
            barrier.wait(timeout=30)
            badge_services.badge_issue(certificate=certificate, actor=certificate.enrolment.user)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=take, args=(Certificate.objects.select_related("enrolment__user").get(pk=c.pk),)
        )
        for c in certificates
        for _click in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors[:3]
    assert BadgeSigningKey.objects.count() == 1  # the first use made exactly one key
    badges = BadgeCredential.objects.filter(provider=akademi)
    assert badges.count() == PEOPLE  # one per certificate, double clicks included
    assert sorted(badges.values_list("status_index", flat=True)) == list(range(PEOPLE))
