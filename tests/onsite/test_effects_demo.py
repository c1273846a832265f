"""The demo of effect indicators and lessons (``onsite.demo_effects.seed``)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from core.mail.models import OutboundEmail
from onsite import demo_effects
from onsite.models import EffectIndicator, Lesson, LessonSharing, Measurement, ProjectMember
from organisations import services as org_services
from tests.onsite.fixtures_effects import *  # noqa: F403
from tests.onsite.fixtures_effects import make_approved_entry, make_person, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_projects(almennet, a3, fremtidsanalyse):  # type: ignore[no-untyped-def]
    fjordbo = org_services.organisation_create(name=demo_effects.FJORDBO, kind="housing")
    peter = make_person("peter@fjordbo.example", "Peter", "Nielsen", fjordbo, ("staff", "project_leader"))  # fmt: skip
    henrik = make_person("henrik@fjordbo.example", "Henrik", "Dam", fjordbo, ("staff", "project_leader"))  # fmt: skip
    make_person("hanne@fjordbo.example", "Hanne", "Berg", fjordbo, ("staff", "hr"))
    karen = make_person("karen@fjordbo.example", "Karen", "Madsen", fjordbo)
    make_person("maria@almennet.example", "Maria", "Skov", almennet, ("staff", "network_editor"))
    projects = []
    for name, leader in ((demo_effects.FJORDPARKEN, peter), (demo_effects.SOLYST, henrik)):
        project = make_project(fjordbo, name)
        projects.append(project)
        ProjectMember.objects.create(project=project, user=leader, is_leader=True)
        ProjectMember.objects.create(project=project, user=karen)
        make_approved_entry(
            project, author=karen, approver=leader, participants=[karen], guide=a3,
            competences=[(fremtidsanalyse, 2)], title=f"Erfaring fra {name}",
            what_happened=f"Karen Madsen viste {leader.first_name} rundt.",
        )  # fmt: skip
    return projects


def test_it_seeds_indicators_measurements_consent_and_two_lessons(demo_projects):
    messages = demo_effects.seed()
    fjordparken, solyst = demo_projects
    assert fjordparken.indicators.count() == 5
    assert solyst.indicators.count() == 4
    names = set(EffectIndicator.objects.values_list("name", flat=True))
    assert names == {
        "Antal ændringsordrer", "Budgetafvigelse", "Tidsplanafvigelse",
        "Fejl og mangler ved aflevering", "Beboertilfredshed",
    }  # fmt: skip
    today = timezone.localdate()
    for indicator in EffectIndicator.objects.all():
        days = [(today - m.measured_on).days for m in indicator.measurements.all()]
        assert 3 <= len(days) <= 6
        assert all(0 < d <= 365 for d in days)
    assert LessonSharing.objects.get(organisation=fjordparken.organisation).name_in_lessons
    lessons = list(Lesson.objects.published())
    assert len(lessons) == 2
    assert {lesson.entry.project for lesson in lessons} == {fjordparken, solyst}
    assert Lesson.objects.featured().count() == 1
    assert all(lesson.show_organisation for lesson in lessons)
    assert all(
        "Karen" not in lesson.summary and "Peter" not in lesson.summary for lesson in lessons
    )
    assert not OutboundEmail.objects.exists()
    assert "2 delte erfaringer." in messages


def test_running_it_twice_changes_nothing(demo_projects):
    demo_effects.seed()
    counts = (EffectIndicator.objects.count(), Measurement.objects.count(), Lesson.objects.count())
    messages = demo_effects.seed()
    assert (
        EffectIndicator.objects.count(), Measurement.objects.count(), Lesson.objects.count()
    ) == counts  # fmt: skip
    assert Lesson.objects.featured().count() == 1
    assert f"{demo_effects.FJORDPARKEN}: 0 nye effektmål." in messages


def test_missing_projects_are_reported_and_nothing_is_created(db):
    assert demo_effects.seed() == [
        f"{demo_effects.FJORDBO} findes ikke: ingen effektmål eller erfaringer oprettet."
    ]
    org_services.organisation_create(name=demo_effects.FJORDBO, kind="housing")
    messages = demo_effects.seed()
    assert (
        f"Byggesagen {demo_effects.SOLYST} findes ikke: ingen effektmål oprettet for den."
        in messages
    )
    assert not EffectIndicator.objects.exists() and not Lesson.objects.exists()
    assert not LessonSharing.objects.exists()
