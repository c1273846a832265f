"""Lessons from an erfaringsgruppe: no log entry behind them, names scrubbed, the organisation
named only with consent, on the public list and page, withdrawn by their publisher or the
organisation's HR and managers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.models import ModelLogEntry

from onsite.models import Lesson, LessonSharing
from onsite.models.lessons import LessonSource
from onsite.services.lessons import lesson_publish_from_group, lesson_withdraw
from organisations.models import Organisation, User
from tests.factories import OrganisationFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def fjordbo() -> Organisation:
    return OrganisationFactory.create(name="Boligselskabet Fjordbo")


@pytest.fixture
def peter(fjordbo: Organisation) -> User:
    return person("peter@fjordbo.example", fjordbo, first_name="Peter", last_name="Pedersen")


def _publish(organisation: Organisation, actor: User, **overrides: object) -> Lesson:
    data: dict[str, object] = {
        "title": "Biografen der blev fundet",
        "summary": "Peter og Birthe Bak fandt et gammelt biografrum i kælderen.",
        "what_we_learned": "Birthes lokalkendskab gav et fælleslokale.",
        "names": ["Birthe Bak", "Birthe", "Bak"],
        **overrides,
    }
    return lesson_publish_from_group(organisation=organisation, actor=actor, **data)


def test_names_scrubbed_actor_included(fjordbo: Organisation, peter: User) -> None:
    lesson = _publish(fjordbo, peter)
    assert lesson.summary == "[navn] og [navn] fandt et gammelt biografrum i kælderen."
    assert lesson.what_we_learned == "[navn]s lokalkendskab gav et fælleslokale."
    assert (lesson.source, lesson.entry, lesson.revision) == (LessonSource.GROUP, None, None)
    assert lesson.published_by == peter
    assert ModelLogEntry.objects.filter(action="onsite.lesson.publish").count() == 1


def test_organisation_named_only_with_consent(fjordbo: Organisation, peter: User) -> None:
    assert _publish(fjordbo, peter).show_organisation is False
    LessonSharing.objects.create(organisation=fjordbo, name_in_lessons=True)
    assert _publish(fjordbo, peter, title="Anden").show_organisation is True


def test_on_the_public_list_and_page(client, fjordbo: Organisation, peter: User) -> None:
    lesson = _publish(fjordbo, peter)
    listing = client.get(reverse("onsite:lessons")).content.decode()
    assert "Biografen der blev fundet" in listing
    assert "Fra en erfaringsgruppe" in listing
    detail = client.get(reverse("onsite:lesson_detail", args=[lesson.pk]))
    assert detail.status_code == 200
    assert "Erfaringsgruppe" in detail.content.decode()
    assert "Boligselskabet Fjordbo" not in detail.content.decode()
    # The publisher is offered the withdrawal on the page (no entry behind the lesson).
    client.force_login(peter)
    page = client.get(reverse("onsite:lesson_detail", args=[lesson.pk])).content.decode()
    assert reverse("onsite:lesson_withdraw", args=[lesson.pk]) in page


def test_featured_on_the_home_page_without_an_entry(fjordbo: Organisation, peter: User) -> None:
    from onsite.selectors import featured_lessons

    lesson = _publish(fjordbo, peter)
    Lesson.objects.filter(pk=lesson.pk).update(is_featured=True)
    assert [row.pk for row in featured_lessons()] == [lesson.pk]


def test_withdrawn_by_its_publisher(client, fjordbo: Organisation, peter: User) -> None:
    lesson = _publish(fjordbo, peter)
    client.force_login(peter)
    response = client.post(reverse("onsite:lesson_withdraw", args=[lesson.pk]))
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.withdrawn_at is not None
    assert client.get(reverse("onsite:lesson_detail", args=[lesson.pk])).status_code == 404


def test_withdrawn_by_hr_of_the_organisation(fjordbo: Organisation, peter: User) -> None:
    hr = person("hr@fjordbo.example", fjordbo, roles=("hr",))
    lesson = lesson_withdraw(lesson=_publish(fjordbo, peter), actor=hr)
    assert lesson.withdrawn_at is not None


def test_others_cannot_withdraw(client, fjordbo: Organisation, peter: User) -> None:
    lesson = _publish(fjordbo, peter)
    colleague = person("ulla@fjordbo.example", fjordbo)
    stranger = person("nina@nordlys.example", OrganisationFactory.create(), roles=("hr",))
    for other in (colleague, stranger):
        with pytest.raises(PermissionDenied):
            lesson_withdraw(lesson=lesson, actor=other)
        client.force_login(other)
        assert client.post(reverse("onsite:lesson_withdraw", args=[lesson.pk])).status_code == 404
    lesson.refresh_from_db()
    assert lesson.withdrawn_at is None


def test_a_log_lesson_needs_its_entry(fjordbo: Organisation, peter: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Lesson.objects.create(
            source=LessonSource.LOG,
            title="Uden logindlæg",
            summary="x",
            what_we_learned="y",
            organisation=fjordbo,
        )
