"""The pages of the load profile, found in a database that ``seed_scale`` built.

One list serves the two checks that must look at the same pages: the query-plan check
(``tests.perf.plans``, every query uses an index) and the load profile's targets. Each page is
named as the report names it, with its path and the person who asks for it (``None``: an
anonymous visitor). The people are the profile's own (``lms.scale.logins``), so a page is
requested exactly as a simulated user would request it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.urls import reverse


@dataclass(frozen=True)
class ProfilePage:
    name: str
    path: str
    user: Any = None  # a User, or None for an anonymous visitor
    role: str = "anonymous"


def _person(role: str, size: str, number: int = 1) -> Any:
    """The role's ``number``-th login (from 1): each simulated user of the profile is its own."""
    from lms.scale.logins import scale_logins
    from organisations.models import User

    return User.objects.get(email=scale_logins(role, size)[number - 1].email)


def _membership(user: Any, **roles: bool) -> Any:
    from organisations.models import Membership

    return Membership.objects.filter(user=user, is_active=True, **roles).first()


def anonymous_pages() -> list[ProfilePage]:
    from cms.models import NewsIndexPage
    from courses.models import CourseIndexPage, CoursePage, ModulePage
    from onsite.models import Lesson

    catalogue = CourseIndexPage.objects.live().first()
    # The course with the most sessions: the course page that costs most.
    course = CoursePage.objects.live().annotate(n=Count("sessions")).order_by("-n", "pk").first()
    module = ModulePage.objects.live().child_of(course).first() if course else None
    news = NewsIndexPage.objects.live().first()
    lesson = Lesson.objects.published().order_by("-published_at", "-pk").first()
    pages = [
        ProfilePage("home", "/"),
        ProfilePage("guide page (A3)", reverse("guide_detail", args=["A3"])),
        ProfilePage("lessons", reverse("onsite:lessons")),
        ProfilePage("lesson search", reverse("onsite:lessons") + "?q=byggemøde"),
    ]
    if catalogue:
        pages.append(ProfilePage("catalogue", catalogue.url))
    if course:
        pages.append(ProfilePage("course page", course.url))
    if module:
        pages.append(ProfilePage("module page", module.url))
    if news:
        pages.append(ProfilePage("news", news.url))
    if lesson:
        pages.append(ProfilePage("lesson", reverse("onsite:lesson_detail", args=[lesson.pk])))
    return pages


def learner_pages(size: str, number: int = 1) -> list[ProfilePage]:
    from competencies.models import CompetencePlan
    from courses.models import CourseIndexPage, CoursePage

    user = _person("learner", size, number)
    pages = [
        ProfilePage("Min side", reverse("min_side"), user, "learner"),
        ProfilePage("competences (own)", reverse("competencies:overview"), user, "learner"),
        ProfilePage(
            "guide page (A3), logged in", reverse("guide_detail", args=["A3"]), user, "learner"
        ),
    ]
    catalogue = CourseIndexPage.objects.live().first()
    if catalogue:
        pages.append(ProfilePage("catalogue, logged in", catalogue.url, user, "learner"))
    # A course the learner is enrolled on: its page shows their own enrolment too.
    course = CoursePage.objects.live().filter(enrolments__user=user).order_by("pk").first()
    if course:
        pages.append(ProfilePage("course page, logged in", course.url, user, "learner"))
    plan = CompetencePlan.objects.filter(user=user).order_by("-pk").first()
    if plan:
        pages.append(
            ProfilePage(
                "competence plan",
                reverse("competencies:plan_detail", args=[plan.pk]),
                user,
                "learner",
            )
        )
    return pages


def manager_pages(size: str, number: int = 1) -> list[ProfilePage]:
    user = _person("manager", size, number)
    membership = _membership(user, role_manager=True)
    org = membership.organisation_id
    return [
        ProfilePage(
            "team dashboard (manager)",
            reverse("competencies:dashboard", args=[org]),
            user,
            "manager",
        ),
        ProfilePage("approvals", reverse("approvals"), user, "manager"),
        ProfilePage(
            "team gap analysis (manager)",
            reverse("competencies:gaps", args=[org]),
            user,
            "manager",
        ),
    ]


def hr_pages(size: str, number: int = 1) -> list[ProfilePage]:
    from competencies.models import LearningStrategy
    from organisations.models import Department, Membership

    user = _person("hr", size, number)
    org = _membership(user, role_hr=True).organisation_id
    colleague = (
        Membership.objects.filter(organisation_id=org, is_active=True)
        .exclude(user=user)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    pages = [
        ProfilePage("HR dashboard", reverse("competencies:dashboard", args=[org]), user, "hr"),
        ProfilePage("gap analysis", reverse("competencies:gaps", args=[org]), user, "hr"),
        ProfilePage(
            "gap analysis, page 5", reverse("competencies:gaps", args=[org]) + "?page=5", user, "hr"
        ),
        ProfilePage("strategies", reverse("competencies:strategy_list", args=[org]), user, "hr"),
    ]
    department = Department.objects.filter(organisation_id=org).order_by("pk").first()
    if department:
        pages.append(
            ProfilePage(
                "gap analysis, one department",
                reverse("competencies:gaps", args=[org]) + f"?department={department.pk}",
                user,
                "hr",
            )
        )
    if colleague:
        pages.append(
            ProfilePage(
                "person page", reverse("competencies:person", args=[org, colleague]), user, "hr"
            )
        )
    strategy = LearningStrategy.objects.filter(organisation_id=org).order_by("pk").first()
    if strategy:
        pages.append(
            ProfilePage(
                "Læringspilen (strategy)",
                reverse("competencies:strategy_detail", args=[strategy.pk]),
                user,
                "hr",
            )
        )
    return pages


def project_leader_pages(size: str, number: int = 1) -> list[ProfilePage]:
    from onsite.models import BuildingProject, LogEntry

    user = _person("project_leader", size, number)
    project = (
        BuildingProject.objects.filter(members__user=user, members__is_leader=True)
        .annotate(n=Count("entries"))
        .order_by("-n", "pk")
        .first()
    )
    pages = [ProfilePage("projects", reverse("onsite:project_list"), user, "project_leader")]
    if project:
        detail = reverse("onsite:project_detail", args=[project.pk])
        pages += [
            ProfilePage("project page", detail, user, "project_leader"),
            ProfilePage(
                "project page, entries page 50", detail + "?page=50", user, "project_leader"
            ),
            ProfilePage(
                "effect page", reverse("onsite:effects", args=[project.pk]), user, "project_leader"
            ),
        ]
        entry = LogEntry.objects.filter(project=project, status="approved").order_by("-pk").first()
        if entry:
            pages.append(
                ProfilePage(
                    "entry page",
                    reverse("onsite:entry_detail", args=[entry.pk]),
                    user,
                    "project_leader",
                )
            )
    return pages


def provider_editor_pages(size: str, number: int = 1) -> list[ProfilePage]:
    from courses.models import ProviderSectionPage
    from courses.selectors import managed_sessions

    user = _person("provider_editor", size, number)
    session = managed_sessions(user).order_by("-seats_taken", "pk").first()
    pages = [ProfilePage("sessions (admin)", reverse("hold:index"), user, "provider_editor")]
    if session:
        pages.append(
            ProfilePage(
                "participants (admin)",
                reverse("hold:participants", args=[session.pk]),
                user,
                "provider_editor",
            )
        )
    # The Wagtail page listing of the provider's own section: their course pages.
    membership = _membership(user, role_provider_editor=True)
    section = (
        ProviderSectionPage.objects.filter(provider_id=membership.organisation_id).first()
        if membership
        else None
    )
    if section:
        pages.append(
            ProfilePage(
                "course pages (admin)",
                reverse("wagtailadmin_explore", args=[section.pk]),
                user,
                "provider_editor",
            )
        )
    return pages


def profile_pages(size: str) -> list[ProfilePage]:
    """Every page of the profile, anonymous first, then by role."""
    return [
        *anonymous_pages(),
        *learner_pages(size),
        *manager_pages(size),
        *hr_pages(size),
        *project_leader_pages(size),
        *provider_editor_pages(size),
    ]
