"""Celery tasks of the competencies app: thin adapters that take ids and call a service.

All are safe to run twice: e-mails carry dedupe keys.
"""

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError

from competencies import notifications

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
}

HANDLERS = {
    "plan_event": lambda pk: notifications.plan_event_notify(event_id=pk),
    "evidence_submitted": lambda pk: notifications.evidence_submitted_notify(evidence_id=pk),
    "evidence_decided": lambda pk: notifications.evidence_decided_notify(evidence_id=pk),
}


@shared_task(name="competencies.notify", **RETRY)
def notify(kind: str, object_id: int) -> int:
    """Send the e-mails of one plan event or evidence decision; safe to run twice."""
    return HANDLERS[kind](object_id)


# --- The gap analysis's stored rows (competencies.services.summaries) ----------------------

SUMMARY_LIMITS = {"soft_time_limit": 1800, "time_limit": 2000}


def default_profile_key(job_function_id: int) -> str:
    """The cache key that marks a waiting refresh of a network default profile's people."""
    return f"competencies:summaries:default-profile:{job_function_id}"


@shared_task(name="competencies.summaries_default_profile_refresh", **RETRY, **SUMMARY_LIMITS)
def summaries_default_profile_refresh(job_function_id: int) -> int:
    """Rewrite the rows of the people whom a network default profile applies to; safe to run
    twice. The waiting mark goes first, so a change made meanwhile enqueues another run."""
    from competencies.services import summaries

    cache.delete(default_profile_key(job_function_id))
    return summaries.default_profile_refresh(job_function_id=job_function_id)


@shared_task(name="competencies.summaries_rebuild", **RETRY, **SUMMARY_LIMITS)
def summaries_rebuild(organisation_id: int | None = None) -> int:
    """Nightly (and on demand): every stored row and this month's coverage snapshot, from
    scratch — levels also change with time, as evidence expires. Safe to run twice."""
    from competencies.services import summaries

    return summaries.summaries_rebuild(organisation=organisation_id)
