"""Celery tasks of the organisations app: thin adapters that take ids and call a service.

Each is safe to run twice: applying an import skips the rows already applied (and two workers
take turns under the import's row lock), the e-mails carry dedupe keys, and purging removes
only what is past its time.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils.translation import gettext as _

from organisations.people_import import invite, retention, services

logger = logging.getLogger(__name__)

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}
# 20,000 rows take minutes on a busy worker: more than the project's default of 60 s.
LONG = {"soft_time_limit": 15 * 60, "time_limit": 16 * 60}


@shared_task(name="organisations.people_import_apply", **RETRY, **LONG)
def people_import_apply(import_id: int) -> str:
    """Apply a confirmed HR import; a second run finishes what a first left (or does nothing)."""
    try:
        person_import = services.person_import_apply(import_id=import_id)
    except (OperationalError, ConnectionError, TimeoutError):
        raise  # retried with back-off; the applied rows are kept
    except Exception:
        logger.exception("HR import %s stopped", import_id)
        services.person_import_fail(
            import_id=import_id,
            reason=_(
                "Indlæsningen stoppede med en uventet fejl. Det, der er gennemført, er gemt; "
                "prøv at fortsætte, eller kontakt support, hvis det sker igen."
            ),
        )
        return "failed"
    return str(person_import.status)


@shared_task(name="organisations.people_import_invite", **RETRY, **LONG)
def people_import_invite(import_id: int) -> int:
    """Invite the people an import created (each once, however often this runs)."""
    from organisations.models import PersonImport

    person_import = PersonImport.objects.get(pk=import_id)
    return invite.invitations_send(membership_ids=services.new_account_memberships(person_import))


@shared_task(name="organisations.people_invite", **RETRY, **LONG)
def people_invite(membership_ids: list[int]) -> int:
    """Invite the people the API created (each once, however often this runs)."""
    return invite.invitations_send(membership_ids=membership_ids)


@shared_task(name="organisations.people_import_purge", **RETRY)
def people_import_purge() -> dict[str, int]:
    """Periodic (Celery beat): import rows past their retention are deleted."""
    return retention.import_rows_purge()
