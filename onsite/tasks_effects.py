"""Celery tasks of effects and lessons (thin adapters: ids in, a service called, safe twice)."""
