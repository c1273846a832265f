"""How long an import's rows (a copy of the HR file: names, e-mails, employee numbers) are kept.

The rows are the preview and then the report; once HR has had time to read the report they are
only a second copy of what the memberships already hold. So:

* a finished import (done or failed) keeps its rows for ``people_import_rows_days`` (90) days
  after it finished (or, failed, started); then they are deleted;
* a preview nobody confirmed is cancelled after ``people_import_preview_days`` (14) days, and
  its rows deleted (cancelling by hand deletes them at once).

The import itself (file name, who, when, the counts) stays as the organisation's history; it
holds no one's data but the uploader's, as every audit entry does. The periods can be changed in
``settings.LMS_RETENTION``; the beat task ``organisations.people_import_purge`` runs nightly.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from organisations.models import PersonImport, PersonImportRow, PersonImportStatus

Status = PersonImportStatus
DEFAULTS = {"people_import_rows_days": 90, "people_import_preview_days": 14}


def period(name: str) -> int:
    return int(getattr(settings, "LMS_RETENTION", {}).get(name, DEFAULTS[name]))


def expired_rows() -> tuple[list[int], list[int]]:
    """(finished imports whose rows are past retention, previews past theirs)."""
    now = timezone.now()
    finished_before = now - timedelta(days=period("people_import_rows_days"))
    finished = (
        PersonImport.objects.filter(status__in=[Status.DONE, Status.FAILED, Status.CANCELLED])
        .annotate(ended=Coalesce("finished_at", "started_at", "created_at"))
        .filter(ended__lt=finished_before)
        .filter(Q(rows__isnull=False))
        .distinct()
    )
    previews = PersonImport.objects.filter(
        status=Status.PREVIEW,
        created_at__lt=now - timedelta(days=period("people_import_preview_days")),
    )
    return list(finished.values_list("pk", flat=True)), list(previews.values_list("pk", flat=True))


@transaction.atomic
def import_rows_purge() -> dict[str, int]:
    """Delete the rows past retention and cancel stale previews; return what was removed."""
    finished, previews = expired_rows()
    deleted, _detail = PersonImportRow.objects.filter(
        person_import_id__in=finished + previews
    ).delete()
    cancelled = PersonImport.objects.filter(pk__in=previews, status=Status.PREVIEW).update(
        status=Status.CANCELLED, finished_at=timezone.now()
    )
    return {"rows": deleted, "previews_cancelled": cancelled}
