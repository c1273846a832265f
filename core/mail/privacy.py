"""Personal data of the outbox (core.privacy): every e-mail the platform sends is stored
until delivered and for a while after, so that "did I get the mail?" can be answered."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.mail.models import OutboundEmail, PendingTask
from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register

MAIL = Personal(
    Category.COMMUNICATION,
    _(
        "At sende e-mails fra platformen (tilmeldinger, påmindelser, invitationer) og kunne "
        "svare på, om en e-mail er sendt"
    ),
    LegalBasis.CONTRACT,
    _("Sendte e-mails slettes efter 90 dage, e-mails der ikke kunne sendes efter 180 dage."),
    Erasure.DELETE,
)


def _to_person(person: Any) -> Q:
    # Recipients are a JSON list of addresses; a text match finds candidates, and the export
    # keeps only rows where the address is one of the recipients exactly.
    email = person.email
    return Q(to__icontains=email) | Q(cc__icontains=email) | Q(bcc__icontains=email)


register(
    OutboundEmail,
    area="e-mails",
    subject_q=_to_person,
    rows=Erasure.DELETE,
    personal=alike(
        MAIL,
        "to",
        "cc",
        "bcc",
        "reply_to",
        "subject",
        "body",
        "alternatives",
        "attachments",
        "headers",
    ),
    other=(
        "id",
        "from_email",
        "dedupe_key",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "last_attempt_at",
        "next_attempt_at",
        "failed_at",
    ),
)

# Tasks waiting for the broker carry ids, never personal data (tasks take ids, by house rule).
register(
    PendingTask,
    other=(
        "id",
        "task_name",
        "args",
        "kwargs",
        "created_at",
        "attempts",
        "last_attempt_at",
        "last_error",
        "request_id",
    ),
)
