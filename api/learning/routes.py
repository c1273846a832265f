"""The learning endpoints' routes, registered on the API's router by ``api.urls``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.learning import views

if TYPE_CHECKING:
    from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    """Register the learning viewsets on ``router`` (``/api/v1/…``)."""
    router.register("enrolments", views.EnrolmentViewSet, basename="enrolment")
    router.register("completions", views.CompletionViewSet, basename="completion")
    router.register("evidence", views.EvidenceViewSet, basename="evidence")
    router.register("competence-levels", views.CompetenceLevelViewSet, basename="competence-level")
    router.register("xapi/statements", views.StatementViewSet, basename="xapi-statement")
