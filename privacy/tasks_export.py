"""Celery tasks of the export: thin adapters that take ids and call ``privacy.export``."""

from celery import shared_task
from django.db import OperationalError

RETRY = {
    # Building again from the start is safe (export_build replaces a half-made file), so a
    # task lost with its worker is redelivered rather than dropped.
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 6,
    # A person with a very large history still finishes well inside these.
    "soft_time_limit": 30 * 60,
    "time_limit": 35 * 60,
}


@shared_task(name="privacy.build_export", **RETRY)
def build_export(export_id: int) -> str:
    """Build the ZIP of one export request; safe to run twice (a built export is left)."""
    from privacy.export import export_build

    export = export_build(export_id=export_id)
    return export.status if export is not None else "missing"


@shared_task(name="privacy.expire_exports", **RETRY)
def expire_exports() -> int:
    """Nightly (Celery beat): delete the files of exports whose link has run out."""
    from privacy.export import exports_expire

    return exports_expire()
