"""The access log's own entry in the personal-data registry (``core.privacy``).

Kept apart from ``core/privacy.py``, which is the registry's mechanism; ``CoreConfig.ready``
imports this module once the models are loaded.
"""

from django.utils.translation import gettext_lazy as _

from core.models import AccessEvent
from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register

_LOGGED = Personal(
    category=Category.ACTIVITY,
    purpose=_(
        "At kunne se, hvem der har logget ind på kontoen og hvem der har set eller hentet "
        "personens data (sikkerhed og ansvarlighed)"
    ),
    basis=LegalBasis.LEGITIMATE_INTEREST,
    retention=_("Mislykkede log ind 90 dage; log ind og log ud 1 år; øvrige hændelser 2 år"),
    # The row stays as the record that someone's data was accessed; the person is detached
    # (the "Slettet bruger" placeholder, no network address).
    erasure=Erasure.ANONYMISE,
)

register(
    AccessEvent,
    area="adgangslog",
    organisation="organisation_id",
    subject=("subject",),
    personal=alike(_LOGGED, "actor", "subject", "ip_network"),
    # detail holds ids and codes only (core.audit.audit_record), never names or free text.
    other=("id", "at", "organisation_id", "action", "object_type", "object_id", "detail"),
    rows=Erasure.ANONYMISE,
)
