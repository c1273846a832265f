"""What mail programs read from our headers: language, a Message-ID at our domain, and that the
mail is automatic (so vacation responders keep quiet).

Each delivered message is parsed back with the standard library's ``email`` package, as a mail
client would read it, never matched as a string.
"""

import email
import email.policy
from email.message import EmailMessage as ParsedMessage

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.utils import translation

from core.mail.compose import email_simple
from core.mail.models import OutboundEmail
from core.mail.services import email_deliver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outbox_backend(settings):
    # Django's test set-up swaps EMAIL_BACKEND for locmem; these tests are about ours.
    settings.EMAIL_BACKEND = "core.mail.backends.CeleryEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def delivered() -> list[ParsedMessage]:
    """The delivered messages as a mail client parses them."""
    return [
        email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
        for message in mail.outbox
    ]


def only(message: ParsedMessage, header: str) -> str:
    values = message.get_all(header) or []
    assert len(values) == 1, f"{header}: {values}"
    return str(values[0])


def message_id_domain(message: ParsedMessage) -> str:
    message_id = only(message, "Message-ID")
    assert message_id.startswith("<") and message_id.endswith(">"), message_id
    local, at, domain = message_id[1:-1].rpartition("@")
    assert local and at, message_id
    return domain


def send_notification(capture, **kwargs) -> ParsedMessage:
    with capture(execute=True):
        email_simple(
            to="karen@fjordbo.example",
            greeting_name="Karen",
            subject="Din plan er godkendt",
            paragraphs=["Hanne har godkendt din kompetenceplan."],
            dedupe_key="test-headers",
            **kwargs,
        )
    [message] = delivered()
    return message


def test_a_notification_says_it_is_danish_automatic_and_from_our_domain(
    settings, django_capture_on_commit_callbacks
):
    settings.LMS_BASE_URL = "https://laering.example:8443"

    message = send_notification(django_capture_on_commit_callbacks)

    assert only(message, "Content-Language") == "da"
    assert only(message, "Auto-Submitted") == "auto-generated"
    assert only(message, "X-Auto-Response-Suppress") == "OOF, AutoReply"
    assert message_id_domain(message) == "laering.example"


def test_a_notification_composed_during_an_english_request_is_still_danish(
    django_capture_on_commit_callbacks,
):
    # The notification is rendered in Danish whatever the language of the person who caused it.
    with translation.override("en"):
        message = send_notification(django_capture_on_commit_callbacks)

    assert only(message, "Content-Language") == "da"


def test_mail_rendered_in_english_says_english(django_capture_on_commit_callbacks):
    # allauth renders its mails (password reset) in the language of the request.
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        send_mail("Password reset", "Hello", None, ["karen@fjordbo.example"])

    [message] = delivered()
    assert only(message, "Content-Language") == "en"


@pytest.mark.parametrize(
    "base_url", ["http://127.0.0.1:8000", "http://localhost:8000", "http://testserver"]
)
def test_the_message_id_never_names_a_development_host(
    settings, django_capture_on_commit_callbacks, base_url
):
    settings.LMS_BASE_URL = base_url

    message = send_notification(django_capture_on_commit_callbacks)

    # Not a domain of anybody's: the sender's domain instead.
    assert message_id_domain(message) == "almenlaering.dk"


def test_the_message_id_is_the_same_when_a_row_is_delivered_again(
    settings, django_capture_on_commit_callbacks
):
    settings.LMS_BASE_URL = "https://laering.example"
    message = send_notification(django_capture_on_commit_callbacks)
    outbound = OutboundEmail.objects.get()
    OutboundEmail.objects.filter(pk=outbound.pk).update(sent_at=None)

    assert email_deliver(outbound_id=outbound.pk)

    first, again = delivered()
    assert only(again, "Message-ID") == only(first, "Message-ID") == only(message, "Message-ID")


def test_a_row_stored_before_the_language_was_recorded_is_sent_as_danish():
    outbound = OutboundEmail.objects.create(
        subject="Gammel",
        from_email="noreply@almenlaering.dk",
        to=["karen@fjordbo.example"],
        body="Hej",
    )

    assert email_deliver(outbound_id=outbound.pk)

    [message] = delivered()
    assert only(message, "Content-Language") == "da"
    assert only(message, "Auto-Submitted") == "auto-generated"


def test_a_header_the_composer_set_wins_without_a_duplicate(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = mail.EmailMessage(
            "Hej", "Tekst", to=["karen@fjordbo.example"], headers={"content-language": "en"}
        )
        message.send()

    [parsed] = delivered()
    assert only(parsed, "Content-Language") == "en"
