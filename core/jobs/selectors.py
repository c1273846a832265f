"""Reads of export jobs: a person's own, and nobody else's."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.shortcuts import get_object_or_404

from core.jobs.models import ExportJob


def own_job(user: Any, uuid: UUID) -> ExportJob:
    """The person's own job; 404 for anybody else's (or none)."""
    return get_object_or_404(ExportJob.objects.of(user), uuid=uuid)


def recent_jobs(user: Any, limit: int) -> list[ExportJob]:
    """The person's newest jobs, newest first."""
    return list(ExportJob.objects.of(user)[:limit])
