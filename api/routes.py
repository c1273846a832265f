"""The API's own routes (catalogue, people); the learning routes register in api.learning."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from api import catalogue, people


def register(router: DefaultRouter) -> None:
    """Register the catalogue and people viewsets on ``router`` (``/api/v1/…``)."""
    router.register("guides", catalogue.GuideViewSet, basename="guide")
    router.register("courses", catalogue.CourseViewSet, basename="course")
    router.register("sessions", catalogue.SessionViewSet, basename="session")
    router.register("people", people.PersonViewSet, basename="person")
    router.register("departments", people.DepartmentViewSet, basename="department")
    router.register("job-functions", people.JobFunctionViewSet, basename="job-function")
