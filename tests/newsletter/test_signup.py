"""Sign-up with double opt-in: the same answer for every address, a signed confirmation link
(7 days), a refused tampered or expired link, and no second subscription."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from newsletter.models import Subscriber, SubscriberStatus
from tests.factories.newsletter import SubscriberFactory, TopicFactory
from tests.newsletter.conftest import link_in, mails_to

pytestmark = pytest.mark.django_db

SIGNUP = reverse("newsletter:signup")


def _sign_up(client, email: str, **extra: object):
    data = {"email": email, "name": "Lene Holm", "consent": "on", **extra}
    return client.post(SIGNUP, data)


def test_double_opt_in(client) -> None:
    kurser = TopicFactory.create(name="Kurser og uddannelse")
    page = client.get(SIGNUP)
    assert "Tilmeld dig nyhedsbrevet" in page.content.decode()
    response = _sign_up(client, "Lene@Example.invalid", topics=[kurser.pk])
    assert response.status_code == 302
    assert client.get(response["Location"]).content.decode().count("Tjek din e-mail") >= 1
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lene@example.invalid"
    assert subscriber.status == SubscriberStatus.PENDING
    assert list(subscriber.topics.all()) == [kurser]
    assert "samtykke" not in subscriber.consent_text  # the sentence itself, as shown
    assert "nyhedsbrevet" in subscriber.consent_text

    [mail] = mails_to("lene@example.invalid")
    assert mail.subject.startswith("Bekræft din tilmelding")
    confirmed = client.get(link_in(mail, "bekraeft"))
    assert confirmed.status_code == 200
    assert "du er nu tilmeldt" in confirmed.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.confirmed_at is not None
    # Idempotent: a second click changes nothing and is no error.
    first = subscriber.confirmed_at
    assert client.get(link_in(mail, "bekraeft")).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at == first


def test_known_addresses_get_the_same_answer_and_no_second_subscription(client) -> None:
    SubscriberFactory.create(email="kendt@example.invalid")
    new = _sign_up(client, "ny@example.invalid")
    known = _sign_up(client, "KENDT@example.invalid")
    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"]
    assert Subscriber.objects.filter(email="kendt@example.invalid").count() == 1
    [mail] = mails_to("kendt@example.invalid")
    assert "allerede tilmeldt" in mail.subject
    assert "/nyhedsbrev/emner/" in mail.body
    assert Subscriber.objects.get(email="kendt@example.invalid").status == "confirmed"


def test_bad_input_is_refused_beside_the_field(client) -> None:
    response = client.post(SIGNUP, {"email": "ikke-en-adresse", "name": "Ib"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "gyldig e-mailadresse" in html
    assert "Du skal give samtykke" in html
    assert 'value="Ib"' in html  # input kept
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2] + "xx", lambda t: "1" + t, lambda t: "noget-helt-andet"]
)
def test_a_tampered_confirmation_link_is_refused(client, mangle) -> None:
    _sign_up(client, "lene@example.invalid")
    [mail] = mails_to("lene@example.invalid")
    path = link_in(mail, "bekraeft")
    token = path.rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("newsletter:confirm", kwargs={"token": mangle(token)}))
    assert response.status_code == 400
    assert "Linket er ugyldigt" in response.content.decode()
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_an_expired_confirmation_link_is_refused(client, monkeypatch) -> None:
    _sign_up(client, "lene@example.invalid")
    [mail] = mails_to("lene@example.invalid")
    later = time.time() + 7 * 24 * 3600 + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.get(link_in(mail, "bekraeft"))
    assert response.status_code == 400
    assert "Linket er udløbet" in response.content.decode()
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_an_unsubscribe_token_does_not_confirm(client) -> None:
    subscriber = SubscriberFactory.create(status=SubscriberStatus.PENDING)
    from newsletter.tokens import unsubscribe_token

    response = client.get(
        reverse("newsletter:confirm", kwargs={"token": unsubscribe_token(subscriber.pk)})
    )
    assert response.status_code == 400


def test_the_home_page_box_brings_the_address_along(client) -> None:
    response = client.get(SIGNUP, {"email": "lene@example.invalid"})
    assert 'value="lene@example.invalid"' in response.content.decode()
