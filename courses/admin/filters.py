"""Filters of the sessions listing and of a session's participant list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet

from courses import access, selectors
from courses.models import (
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    Region,
    SessionStatus,
)
from organisations.models import Organisation

S = EnrolmentStatus


def _courses(request: HttpRequest | None) -> QuerySet[CoursePage]:
    # Without a request (Wagtail builds the form once to list the filters): no courses.
    return access.courses_for(request.user if request else AnonymousUser())


def _providers(request: HttpRequest | None) -> QuerySet[Organisation]:
    return selectors.provider_organisations()


class SessionFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(label=gettext_lazy("Kursus"), queryset=_courses)
    provider = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Kursusudbyder"), queryset=_providers
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=SessionStatus.choices
    )
    region = django_filters.ChoiceFilter(label=gettext_lazy("Region"), choices=Region.choices)
    when = django_filters.ChoiceFilter(
        label=gettext_lazy("Tidspunkt"),
        choices=[("upcoming", gettext_lazy("Kommende")), ("past", gettext_lazy("Tidligere"))],
        method="filter_when",
    )

    class Meta:
        model = CourseSession
        fields: list[str] = []  # every filter is declared above

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.request and access.sees_all_providers(self.request.user)):
            del self.filters["provider"]

    def filter_when(
        self, queryset: QuerySet[CourseSession], name: str, value: str
    ) -> QuerySet[CourseSession]:
        return selectors.sessions_by_time(queryset, value)


class ParticipantFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[c for c in S.choices if c[0] not in (S.CANCELLED, S.REJECTED)],
    )

    class Meta:
        model = Enrolment
        fields = ["status"]
