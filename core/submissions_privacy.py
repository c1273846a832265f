"""The form-submission claims' entry in the personal-data registry (``core.privacy``).

Kept apart from ``core/privacy.py``, which is the registry's mechanism; ``CoreConfig.ready``
imports this module once the models are loaded.
"""

from django.utils.translation import gettext_lazy as _

from core.models import FormSubmission
from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register

_CLAIMED = Personal(
    category=Category.ACTIVITY,
    purpose=_(
        "At en formular, der sendes to gange (dobbeltklik, genindlæsning), kun opretter én gang"
    ),
    basis=LegalBasis.LEGITIMATE_INTEREST,
    retention=_("2 dage"),
    erasure=Erasure.DELETE,
)

register(
    FormSubmission,
    area="formularindsendelser",
    subject=("user",),
    # Who sent a form, and the address of what it created (it names the object's id).
    personal=alike(_CLAIMED, "user", "result_url"),
    # The key is random and says nothing about the person; state and time are bookkeeping.
    other=("id", "key", "state", "created_at"),
    rows=Erasure.DELETE,
)
