"""Wagtail hooks of effects and lessons (log actions, the lessons viewset)."""
