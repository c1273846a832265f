"""Celery tasks of the learning log (thin adapters: ids in, a service called, safe twice)."""
