"""Personal data of the newsletter (core.privacy): a subscriber is an e-mail address, an
optional name, the chosen topics and the consent they gave; a delivery records that one issue
was sent to them.

A subscriber needs no account, so rows are found by e-mail address: the export of a person
holds the subscription of their account's address (``subject_q``). Erasure deletes the
subscriber and, with it, its deliveries (``subscriber_erase``, called by the privacy app's
erasure with the person's addresses). Issues and topics are the secretariat's editorial content
and name nobody.
"""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register
from newsletter.models import Delivery, Issue, Subscriber, Topic

SUBSCRIPTION = Personal(
    Category.COMMUNICATION,
    _("At sende nyhedsbrevet til dem, der har tilmeldt sig, om de emner, de har valgt"),
    LegalBasis.CONSENT,
    _("Indtil personen afmelder sig og beder om sletning; afmeldte adresser gemmes som bevis."),
    Erasure.DELETE,
)
CONSENT = Personal(
    Category.CONSENT,
    _("At kunne dokumentere samtykket: hvornår og med hvilken tekst personen tilmeldte sig"),
    LegalBasis.CONSENT,
    _("Så længe tilmeldingen findes."),
    Erasure.DELETE,
)
DELIVERED = Personal(
    Category.COMMUNICATION,
    _("At sende hver udgave højst én gang til hver modtager og kunne se, om den er sendt"),
    LegalBasis.CONSENT,
    _("Så længe tilmeldingen findes; slettes med den."),
    Erasure.DELETE,
)


def _subscriber_of(person: Any) -> Q:
    return Q(email__iexact=person.email)


def _deliveries_of(person: Any) -> Q:
    return Q(subscriber__email__iexact=person.email)


register(
    Subscriber,
    area="nyhedsbrev",
    subject_q=_subscriber_of,
    rows=Erasure.DELETE,
    personal={
        **alike(SUBSCRIPTION, "email", "name", "topics", "status", "unsubscribed_at"),
        **alike(CONSENT, "created_at", "confirmed_at", "consent_text"),
    },
    other=("id",),
)
register(
    Delivery,
    area="nyhedsbrev",
    subject_q=_deliveries_of,
    rows=Erasure.DELETE,
    personal=alike(DELIVERED, "subscriber", "state", "sent_at", "error"),
    other=("id", "issue"),
    context=("issue__subject",),
)
register(
    Issue,
    other=(
        "id",
        "subject",
        "intro",
        "items",
        "topics",
        "status",
        "created_at",
        "updated_at",
        "sent_at",
        "recipient_count",
    ),
)
register(Topic, other=("id", "name", "slug", "description", "order"))
