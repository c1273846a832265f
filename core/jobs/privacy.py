"""The export jobs' entry in the personal-data registry (``core.privacy``).

``CoreConfig.ready`` imports this module once the models are loaded (like
``core.submissions_privacy``).
"""

from django.utils.translation import gettext_lazy as _

from core.jobs.models import ExportJob
from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register

_ASKED = Personal(
    category=Category.ACTIVITY,
    purpose=_("At den, der bestilte en eksport, kan hente filen, og kun vedkommende"),
    basis=LegalBasis.LEGITIMATE_INTEREST,
    retention=_("30 dage (filen 7 dage)"),
    erasure=Erasure.DELETE,
)
_FILE = Personal(
    category=Category.FILE,
    purpose=_("Den fil, personen bestilte (regneark, kursusbeviser, læringsdata)"),
    basis=LegalBasis.LEGITIMATE_INTEREST,
    retention=_("7 dage"),
    erasure=Erasure.DELETE,
)

register(
    ExportJob,
    area="eksporter",
    subject=("requested_by",),
    # Who asked, for what (the organisation or session's name, filters), and the file, which
    # names other people too: all of it goes with the person who asked.
    personal={
        **alike(_ASKED, "requested_by", "scope_label", "parameters", "filename", "contents"),
        "file": _FILE,
    },
    other=(
        "id",
        "uuid",
        "kind",
        "organisation_id",
        "back_url",
        "fingerprint",
        "language",
        "status",
        "progress_done",
        "progress_total",
        "attempts",
        "content_type",
        "error",
        "created_at",
        "started_at",
        "touched_at",
        "finished_at",
        "expires_at",
    ),
    rows=Erasure.DELETE,
    organisation="organisation_id",
)
