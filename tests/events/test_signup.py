"""Sign-up: one click for members, e-mail confirmation for guests, seats, waitlist, cancel."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import links
from events.models import EventPage, EventRegistration, RegistrationStatus
from events.services import registrations as services
from tests.factories import person
from tests.factories.events import EventRegistrationFactory

pytestmark = pytest.mark.django_db

STATUS = RegistrationStatus


def _link(message: mail.EmailMessage, path_start: str) -> str:
    found = re.search(rf"https?://[^\s\"<]+({re.escape(path_start)}[^\s\"<]+/)", message.body)
    assert found, message.body
    return found.group(1)


class TestMember:
    def test_one_click_takes_a_seat_and_mails_the_invitation(
        self, client, bob, event, django_capture_on_commit_callbacks
    ):
        client.force_login(bob)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/arrangementer-tilmelding/{event.pk}/tilmeld/")
        assert response.status_code == 302
        registration = EventRegistration.objects.get()
        assert (registration.user, registration.status) == (bob, STATUS.CONFIRMED)
        assert registration.email == "bob@fjordbo.example"
        assert registration.name == "Bob Berg"
        assert registration.organisation_name
        [message] = mail.outbox
        assert message.to == ["bob@fjordbo.example"]
        assert message.subject == "Du er tilmeldt: Temadag om A3 Fremtidsanalyse"
        assert [a[0] for a in message.attachments] == ["arrangement.ics"]
        page = client.get(event.url)
        assert "Du er tilmeldt." in page.content.decode()

    def test_twice_is_refused_in_danish(self, bob, event):
        services.register_member(event=event, user=bob)
        with pytest.raises(ValidationError) as caught:
            services.register_member(event=event, user=bob)
        assert caught.value.message_dict == {
            "email": ["Du er allerede tilmeldt dette arrangement."]
        }
        assert EventRegistration.objects.count() == 1

    def test_the_second_try_from_the_page_shows_the_message(self, client, bob, event):
        client.force_login(bob)
        services.register_member(event=event, user=bob)
        # The page shows the cancel button now; a stale tab posts once more.
        response = client.post(f"/arrangementer-tilmelding/{event.pk}/tilmeld/")
        assert response.status_code == 400
        assert "Du er allerede tilmeldt dette arrangement." in response.content.decode()

    def test_an_unpublished_event_is_404(self, client, bob, event):
        event.unpublish()
        client.force_login(bob)
        response = client.post(f"/arrangementer-tilmelding/{event.pk}/tilmeld/")
        assert response.status_code == 404


class TestGuest:
    def test_pending_until_confirmed_from_the_mail(
        self, client, event, django_capture_on_commit_callbacks
    ):
        data = {"name": "Gitte Gæst", "email": "Gitte@Example.ORG", "organisation_name": "Bo"}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/arrangementer-tilmelding/{event.pk}/tilmeld/", data)
        assert response.status_code == 302
        registration = EventRegistration.objects.get()
        assert (registration.status, registration.email) == (STATUS.PENDING, "gitte@example.org")
        [request_mail] = mail.outbox
        assert request_mail.subject.startswith("Bekræft din tilmelding")
        assert not request_mail.attachments
        path = _link(request_mail, "/arrangementer-tilmelding/bekraeft/")

        shown = client.get(path)
        assert shown.status_code == 200
        assert "Bekræft tilmelding" in shown.content.decode()
        registration.refresh_from_db()
        assert registration.status == STATUS.PENDING  # a GET (a mail scanner) changes nothing

        with django_capture_on_commit_callbacks(execute=True):
            confirmed = client.post(path)
        assert confirmed.status_code == 302
        registration.refresh_from_db()
        assert registration.status == STATUS.CONFIRMED and registration.confirmed_at
        assert mail.outbox[-1].subject.startswith("Du er tilmeldt")
        # Twice changes nothing and sends nothing more.
        client.post(path)
        assert len(mail.outbox) == 2

    def test_missing_fields_beside_the_fields_input_kept(self, client, event):
        data = {"name": "  ", "email": "ikke-en-adresse", "organisation_name": "Fjordbo"}
        response = client.post(f"/arrangementer-tilmelding/{event.pk}/tilmeld/", data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "Skriv dit navn." in html or "Dette felt er påkrævet." in html
        assert 'value="Fjordbo"' in html and "ikke-en-adresse" in html
        assert not EventRegistration.objects.exists()

    def test_tampered_confirmation_link_gets_a_danish_400(self, client, event):
        registration = services.register_guest(event=event, name="Gitte", email="gitte@example.org")
        path = links.confirm_path(registration.token)
        tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
        response = client.post(tampered)
        assert response.status_code == 400
        assert "Linket virker ikke" in response.content.decode()
        registration.refresh_from_db()
        assert registration.status == STATUS.PENDING

    def test_a_cancel_link_cannot_confirm(self, client, event):
        registration = services.register_guest(event=event, name="Gitte", email="gitte@example.org")
        signed = signing.dumps(registration.token, salt=links.CANCEL_SALT)
        response = client.post(f"/arrangementer-tilmelding/bekraeft/{signed}/")
        assert response.status_code == 400

    def test_an_expired_confirmation_link_is_refused(self, client, event, monkeypatch):
        registration = services.register_guest(event=event, name="Gitte", email="gitte@example.org")
        path = links.confirm_path(registration.token)
        later = timezone.now().timestamp() + timedelta(days=4).total_seconds()
        monkeypatch.setattr("time.time", lambda: later)
        response = client.get(path)
        assert response.status_code == 400

    def test_a_link_to_a_deleted_registration_is_404(self, client, event):
        registration = services.register_guest(event=event, name="Gitte", email="gitte@example.org")
        path = links.cancel_path(registration.token)
        registration.delete()
        response = client.get(path)
        assert response.status_code == 404
        assert "Linket virker ikke" in response.content.decode()


class TestSeats:
    def test_full_goes_to_the_waitlist_with_its_mail(self, index, committed):
        from tests.factories.events import event as make_event

        small = make_event(index, capacity=1)
        first = person("a@example.org", None, first_name="A")
        second = person("b@example.org", None, first_name="B")
        committed(services.register_member, event=small, user=first)
        waiting = committed(services.register_member, event=small, user=second)
        assert waiting.status == STATUS.WAITLISTED
        assert mail.outbox[-1].subject.startswith("Du er på venteliste")
        assert not mail.outbox[-1].attachments

    def test_cancel_moves_the_first_waiting_up_with_an_email(self, index, committed):
        from tests.factories.events import event as make_event

        small = make_event(index, capacity=1)
        people = [person(f"p{n}@example.org", None, first_name=f"P{n}") for n in range(3)]
        seat, first, second = (
            committed(services.register_member, event=small, user=someone) for someone in people
        )
        assert (first.status, second.status) == (STATUS.WAITLISTED, STATUS.WAITLISTED)
        mail.outbox.clear()
        committed(services.registration_cancel, registration=seat, actor=people[0])
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.status) == (STATUS.CONFIRMED, STATUS.WAITLISTED)
        subjects = {m.to[0]: m.subject for m in mail.outbox}
        assert subjects["p0@example.org"].startswith("Du er afmeldt")
        assert subjects["p1@example.org"].startswith("Du har fået en plads")
        assert "p2@example.org" not in subjects

    def test_a_raised_capacity_goes_to_the_waitlist_first(self, index, committed):
        from tests.factories.events import event as make_event

        small = make_event(index, capacity=1)
        EventRegistrationFactory.create(event=small, status=STATUS.CONFIRMED)
        waiting = EventRegistrationFactory.create(event=small, status=STATUS.WAITLISTED)
        EventPage.objects.filter(pk=small.pk).update(capacity=3)
        small.refresh_from_db()
        newcomer = committed(
            services.register_guest, event=small, name="Ny", email="ny@example.org"
        )
        committed(services.registration_confirm, registration=newcomer)
        waiting.refresh_from_db()
        newcomer.refresh_from_db()
        assert waiting.status == newcomer.status == STATUS.CONFIRMED

    def test_cancel_from_the_page_and_someone_elses_is_404(
        self, client, bob, nordlys, event, django_capture_on_commit_callbacks
    ):
        registration = services.register_member(event=event, user=bob)
        client.force_login(person("ole@nordlys.example", nordlys))
        response = client.post(f"/arrangementer-tilmelding/tilmelding/{registration.pk}/afmeld/")
        assert response.status_code == 404
        client.force_login(bob)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/arrangementer-tilmelding/tilmelding/{registration.pk}/afmeld/"
            )
        assert response.status_code == 302
        registration.refresh_from_db()
        assert registration.status == STATUS.CANCELLED and registration.cancelled_at
        # Signing up again after a cancellation is a new registration.
        again = services.register_member(event=event, user=bob)
        assert again.pk != registration.pk

    def test_a_guest_cancels_with_the_link_from_the_mail(
        self, client, event, django_capture_on_commit_callbacks
    ):
        registration = services.register_guest(event=event, name="Gitte", email="gitte@example.org")
        services.registration_confirm(registration=registration)
        path = links.cancel_path(registration.token)
        assert client.get(path).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(path).status_code == 302
        registration.refresh_from_db()
        assert registration.status == STATUS.CANCELLED
        [message] = [m for m in mail.outbox if m.subject.startswith("Du er afmeldt")]
        assert "METHOD:CANCEL" in message.attachments[0][1]


class TestClosed:
    def test_after_the_deadline_sign_up_is_refused_in_danish(self, index, client, bob):
        from tests.factories.events import event as make_event

        now = timezone.now()
        closed = make_event(
            index,
            starts_at=now + timedelta(days=2),
            ends_at=now + timedelta(days=2, hours=3),
            registration_deadline=now - timedelta(hours=1),
        )
        with pytest.raises(ValidationError) as caught:
            services.register_member(event=closed, user=bob)
        assert caught.value.messages == ["Tilmeldingsfristen er overskredet."]
        response = client.post(
            f"/arrangementer-tilmelding/{closed.pk}/tilmeld/",
            {"name": "Gitte", "email": "gitte@example.org"},
        )
        assert response.status_code == 400
        assert "Tilmeldingsfristen er overskredet." in response.content.decode()
        assert not EventRegistration.objects.exists()
        assert "Der er lukket for tilmelding." in client.get(closed.url).content.decode()

    def test_after_the_start_sign_up_is_refused(self, index, bob):
        from tests.factories.events import event as make_event

        now = timezone.now()
        running = make_event(
            index, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2)
        )
        with pytest.raises(ValidationError) as caught:
            services.register_member(event=running, user=bob)
        assert "begyndt" in caught.value.messages[0]

    def test_a_pending_guest_cannot_confirm_after_the_deadline(self, index, event):
        registration = services.register_guest(event=event, name="Gitte", email="gitte@example.org")
        EventPage.objects.filter(pk=event.pk).update(
            registration_deadline=timezone.now() - timedelta(minutes=1)
        )
        with pytest.raises(ValidationError):
            services.registration_confirm(registration=registration)
        registration.refresh_from_db()
        assert registration.status == STATUS.PENDING
