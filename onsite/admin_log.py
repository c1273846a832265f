"""Wagtail hooks of the learning log (log actions of projects and entries)."""
