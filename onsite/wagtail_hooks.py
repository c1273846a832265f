"""Wagtail hooks of the onsite app, one module per area (log, effects and lessons)."""

from onsite import admin_effects, admin_log  # noqa: F401  (modules register their hooks)
