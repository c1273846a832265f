"""The events app's personal data: classified, exported by account or e-mail, erased (and the
freed seat goes to the first on the waitlist)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail

from core import privacy
from events.models import EventRegistration, RegistrationStatus
from events.services import registrations as services
from privacy import erasure
from privacy.export import about_person
from tests.factories import person
from tests.factories.events import event as make_event

pytestmark = pytest.mark.django_db


def test_every_field_is_classified():
    mine = list(apps.get_app_config("events").get_models())
    assert not privacy.unclassified(mine)
    assert all(privacy.declaration_for(model) is not None for model in mine)
    assert "events" in settings.LMS_PRIVACY_APPS


def test_the_export_finds_registrations_by_account_and_by_email(bob, event, index):
    services.register_member(event=event, user=bob)
    other = make_event(index)
    services.register_guest(event=other, name="Bob", email="BOB@fjordbo.example")
    services.register_guest(event=other, name="Gitte", email="gitte@example.org")
    declaration = privacy.declaration_for(EventRegistration)
    assert declaration is not None
    rows = about_person(declaration, bob)
    assert rows is not None and rows.count() == 2


def test_erasure_deletes_them_and_the_waitlist_moves_up(
    alice, bob, index, django_capture_on_commit_callbacks
):
    small = make_event(index, capacity=1)
    services.register_member(event=small, user=bob)
    waiting = services.register_member(
        event=small, user=person("venter@example.org", None, first_name="Vera")
    )
    assert waiting.status == RegistrationStatus.WAITLISTED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        erasure.person_erase(person=bob, erased_by=alice)
    assert not EventRegistration.objects.filter(email="bob@fjordbo.example").exists()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert any(m.subject.startswith("Du har fået en plads") for m in mail.outbox)
