"""The network of learning project leaders on the site: sharing, the public lesson list and
page, withdrawal, featuring, the home page, the organisation's consent and the admin listing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competencies.models import Competence
from onsite.models import EntryStatus, Lesson, LessonSharing, LogEntry, LogEntryRevision
from onsite.services.lessons import lesson_draft, lesson_publish, lesson_sharing_set
from tests.onsite.fixtures_effects import *  # noqa: F403

pytestmark = pytest.mark.django_db

LESSONS = reverse("onsite:lessons")


def publish(entry, actor, **overrides):  # type: ignore[no-untyped-def]
    return lesson_publish(entry=entry, actor=actor, **{**lesson_draft(entry=entry), **overrides})


@pytest.fixture
def lesson(entry, bob) -> Lesson:
    return publish(entry, bob)


def bulk_lessons(project, author, count, *, guide=None, competence=None, category="process"):  # type: ignore[no-untyped-def]
    """``count`` published lessons, written in bulk (on PostgreSQL the trigger writes their
    search vector)."""
    now = timezone.now()
    entries = LogEntry.objects.bulk_create(
        LogEntry(
            project=project,
            author=author,
            occurred_on=date(2025, 1, 1) + timedelta(days=i % 300),
            kind="lesson",
            title=f"Erfaring nummer {i}",
            what_happened="Der skete noget på pladsen.",
            what_we_learned=f"Tætningsbånd ved vinduerne, lektie {i}.",
            status=EntryStatus.APPROVED,
            approved_at=now,
        )
        for i in range(count)
    )
    revisions = LogEntryRevision.objects.bulk_create(
        LogEntryRevision(entry=e, number=1, snapshot={}, approved_at=now) for e in entries
    )
    lessons = Lesson.objects.bulk_create(
        Lesson(
            entry=e,
            revision=r,
            title=e.title,
            summary=e.what_happened,
            what_we_learned=e.what_we_learned,
            guide=guide,
            effect_category=category,
            organisation=project.organisation,
        )
        for e, r in zip(entries, revisions, strict=True)
    )
    if competence is not None:
        Lesson.competences.through.objects.bulk_create(
            Lesson.competences.through(lesson_id=lesson.pk, competence_id=competence.pk)
            for lesson in lessons
        )
    return lessons


class TestPublishPage:
    def url(self, entry):  # type: ignore[no-untyped-def]
        return reverse("onsite:lesson_publish", args=[entry.pk])

    def test_the_form_is_prefilled_without_names(self, client, bob, entry):
        client.force_login(bob)
        response = client.get(self.url(entry))
        assert response.status_code == 200
        form = response.context["form"]
        assert form["summary"].value() == (
            "[navn] holdt beboermødet sammen med [navn] fra entreprenøren."
        )
        assert "uden navnet på Fjordbo" in response.content.decode()

    def test_publishing_needs_the_confirmation(self, client, bob, entry):
        client.force_login(bob)
        data = {**lesson_draft(entry=entry)}
        response = client.post(self.url(entry), data)
        assert response.context["form"].errors["confirm"] == ["Bekræft, at teksten må deles."]
        assert not Lesson.objects.exists()
        response = client.post(self.url(entry), {**data, "confirm": "on", "title": "Genhusning"})
        lesson = Lesson.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("onsite:lesson_detail", args=[lesson.pk])
        assert lesson.title == "Genhusning"

    def test_an_entry_already_shared_leads_to_its_lesson(self, client, bob, lesson):
        client.force_login(bob)
        response = client.get(self.url(lesson.entry))
        assert response["Location"] == reverse("onsite:lesson_detail", args=[lesson.pk])

    def test_an_entry_not_approved_is_404(self, client, bob, entry):
        entry.status = EntryStatus.SUBMITTED
        entry.save(update_fields=["status"])
        client.force_login(bob)
        assert client.get(self.url(entry)).status_code == 404

    @pytest.mark.parametrize("who", ["dorte", "erik", "alice", "charlie", "nina", "otto"])
    def test_everybody_but_the_projects_leaders_gets_404(self, client, request, who, entry):
        client.force_login(request.getfixturevalue(who))
        assert client.get(self.url(entry)).status_code == 404
        assert client.post(self.url(entry), {"title": "x", "confirm": "on"}).status_code == 404
        assert not Lesson.objects.exists()

    def test_anonymous_is_sent_to_log_in(self, client, entry):
        assert client.get(self.url(entry)).status_code == 302


class TestLessonList:
    def test_public_and_without_names(self, client, lesson):
        response = client.get(LESSONS)
        content = response.content.decode()
        assert response.status_code == 200
        assert lesson.title in content
        assert "Dorte" not in content and "Bygholm" not in content
        assert "Fjordbo" not in content  # no consent

    def test_the_organisation_is_named_with_consent(self, client, lesson, alice):
        lesson_sharing_set(organisation=lesson.organisation, actor=alice, name_in_lessons=True)
        assert "Fjordbo" in client.get(LESSONS).content.decode()

    def test_filters(self, client, project, bob, a3, fremtidsanalyse):
        bulk_lessons(project, bob, 3, guide=a3, competence=fremtidsanalyse, category="social")
        bulk_lessons(project, bob, 2, category="economy")
        assert client.get(LESSONS).context["total"] == 5
        assert client.get(LESSONS, {"guide": "A3"}).context["total"] == 3
        assert client.get(LESSONS, {"competence": "fremtidsanalyse"}).context["total"] == 3
        assert client.get(LESSONS, {"effect": "economy"}).context["total"] == 2
        assert client.get(LESSONS, {"effect": "economy", "guide": "A3"}).context["total"] == 0

    def test_free_text_search(self, client, lesson, project, bob):
        bulk_lessons(project, bob, 4)
        response = client.get(LESSONS, {"q": "genhusningen"})
        assert [found.pk for found in response.context["lessons"]] == [lesson.pk]
        assert client.get(LESSONS, {"q": "tætningsbånd"}).context["total"] == 4

    def test_withdrawn_lessons_are_not_listed(self, client, lesson):
        lesson.withdrawn_at = timezone.now()
        lesson.save(update_fields=["withdrawn_at"])
        assert client.get(LESSONS).context["total"] == 0
        assert client.get(LESSONS, {"q": "genhusningen"}).context["total"] == 0

    def test_a_bad_filter_value_is_shown_and_the_rest_applies(self, client, project, bob):
        bulk_lessons(project, bob, 2)
        response = client.get(LESSONS, {"effect": "nonsense"})
        assert response.context["form"].errors["effect"]
        assert response.context["total"] == 2

    def test_paginated(self, client, project, bob):
        bulk_lessons(project, bob, 25)
        response = client.get(LESSONS, {"page": 2})
        assert len(response.context["lessons"].object_list) == 5


class TestQueryBudget:
    @pytest.mark.parametrize(
        "query", [{}, {"q": "tætningsbånd", "guide": "A3", "effect": "process"}]
    )
    def test_the_lesson_search_is_flat(
        self, client, project, bob, a3, fremtidsanalyse, query, django_assert_num_queries
    ):
        # The budget is read at 10 lessons and must hold at 1,000.
        bulk_lessons(project, bob, 10, guide=a3, competence=fremtidsanalyse)
        client.get(LESSONS, query)  # warm-up: per-site settings rows
        with CaptureQueriesContext(connection) as small:
            response = client.get(LESSONS, query)
        assert response.context["total"] == 10
        assert len(small.captured_queries) <= 12
        bulk_lessons(project, bob, 990, guide=a3, competence=fremtidsanalyse)
        with django_assert_num_queries(len(small.captured_queries)):
            response = client.get(LESSONS, query)
        assert response.context["total"] == 1000


def test_the_project_page_lists_only_the_newest_lessons(client, project, bob):
    lessons = bulk_lessons(project, bob, 12)
    client.force_login(bob)
    content = client.get(reverse("onsite:project_detail", args=[project.pk])).content.decode()
    shown = [lesson for lesson in lessons if f'href="/erfaringer/{lesson.pk}/"' in content]
    assert shown == lessons[2:]
    assert "Viser de 10 nyeste." in content


class TestLessonPage:
    def test_public(self, client, lesson, a3, fremtidsanalyse):
        response = client.get(reverse("onsite:lesson_detail", args=[lesson.pk]))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Hvad lærte vi" in content and "[navn]" in content
        assert a3.get_absolute_url() in content
        assert fremtidsanalyse.name in content
        assert "Renovering" in content
        assert "Træk erfaringen tilbage" not in content
        assert "Fremhæv på forsiden" not in content

    def test_withdrawn_is_404(self, client, lesson):
        lesson.withdrawn_at = timezone.now()
        lesson.save(update_fields=["withdrawn_at"])
        assert client.get(reverse("onsite:lesson_detail", args=[lesson.pk])).status_code == 404

    def test_a_leader_withdraws(self, client, bob, lesson):
        client.force_login(bob)
        page = client.get(reverse("onsite:lesson_detail", args=[lesson.pk]))
        assert "Træk erfaringen tilbage" in page.content.decode()
        response = client.post(reverse("onsite:lesson_withdraw", args=[lesson.pk]))
        assert response.status_code == 302
        lesson.refresh_from_db()
        assert lesson.withdrawn_at is not None

    @pytest.mark.parametrize("who", ["dorte", "alice", "charlie", "nina", "otto", "netta"])
    def test_nobody_else_withdraws(self, client, request, who, lesson):
        client.force_login(request.getfixturevalue(who))
        assert client.post(reverse("onsite:lesson_withdraw", args=[lesson.pk])).status_code == 404
        lesson.refresh_from_db()
        assert lesson.withdrawn_at is None

    def test_a_network_editor_features_and_unfeatures(self, client, netta, lesson):
        client.force_login(netta)
        url = reverse("onsite:lesson_feature", args=[lesson.pk])
        assert (
            "Fremhæv på forsiden"
            in client.get(reverse("onsite:lesson_detail", args=[lesson.pk])).content.decode()
        )
        client.post(url, {"featured": "1"})
        lesson.refresh_from_db()
        assert lesson.is_featured
        client.post(url, {"featured": "0"})
        lesson.refresh_from_db()
        assert not lesson.is_featured

    def test_others_cannot_feature(self, client, bob, lesson):
        client.force_login(bob)
        url = reverse("onsite:lesson_feature", args=[lesson.pk])
        assert client.post(url, {"featured": "1"}).status_code == 403
        lesson.refresh_from_db()
        assert not lesson.is_featured


class TestHomePage:
    def test_up_to_three_featured_lessons(self, client, project, bob):
        from cms.services import site_setup_demo

        site_setup_demo()
        lessons = bulk_lessons(project, bob, 5)
        Lesson.objects.filter(pk__in=[lesson.pk for lesson in lessons[:4]]).update(is_featured=True)
        response = client.get("/")
        assert response.status_code == 200
        shown = response.context["featured_lessons"]
        assert len(shown) == 3
        content = response.content.decode()
        assert "Erfaringer fra byggepladsen" in content
        assert reverse("onsite:lesson_detail", args=[shown[0].pk]) in content
        assert lessons[4].title not in content

    def test_no_section_without_featured_lessons(self, client):
        from cms.services import site_setup_demo

        site_setup_demo()
        assert "Erfaringer fra byggepladsen" not in client.get("/").content.decode()


class TestSharingConsent:
    def url(self, organisation):  # type: ignore[no-untyped-def]
        return reverse("onsite:sharing", args=[organisation.pk])

    @pytest.mark.parametrize("who", ["alice", "mads"])
    def test_hr_and_managers_decide(self, client, request, who, fjordbo):
        client.force_login(request.getfixturevalue(who))
        assert client.get(self.url(fjordbo)).status_code == 200
        response = client.post(self.url(fjordbo), {"name_in_lessons": "1"})
        assert response.status_code == 302
        assert LessonSharing.objects.get(organisation=fjordbo).name_in_lessons is True

    @pytest.mark.parametrize("who", ["bob", "dorte", "charlie", "nina", "otto", "netta"])
    def test_everybody_else_gets_404(self, client, request, who, fjordbo):
        client.force_login(request.getfixturevalue(who))
        assert client.get(self.url(fjordbo)).status_code == 404
        assert client.post(self.url(fjordbo), {"name_in_lessons": "1"}).status_code == 404
        assert not LessonSharing.objects.exists()

    def test_a_missing_choice_is_refused(self, client, alice, fjordbo):
        client.force_login(alice)
        response = client.post(self.url(fjordbo), {})
        assert response.context["form"].errors["name_in_lessons"]


class TestAdmin:
    def test_the_listing_searches_the_lessons_texts(self, client, netta, lesson, project, bob):
        bulk_lessons(project, bob, 2)
        client.force_login(netta)
        found = client.get("/admin/delte-erfaringer/", {"q": "genhusningen"})
        assert list(found.context["object_list"]) == [lesson]
        assert (
            len(
                client.get("/admin/delte-erfaringer/", {"q": "tætningsbånd"}).context["object_list"]
            )
            == 2
        )

    def test_network_editors_list_and_feature(self, client, netta, lesson):
        client.force_login(netta)
        listing = client.get("/admin/delte-erfaringer/")
        assert listing.status_code == 200
        assert lesson.title in listing.content.decode()
        response = client.post(f"/admin/delte-erfaringer/edit/{lesson.pk}/", {"is_featured": "on"})
        assert response.status_code == 302
        lesson.refresh_from_db()
        assert lesson.is_featured
        from wagtail.models import ModelLogEntry

        assert ModelLogEntry.objects.filter(action="onsite.lesson.feature").exists()

    def test_no_add_or_delete(self, client, netta, lesson):
        client.force_login(netta)
        assert client.get("/admin/delte-erfaringer/new/").status_code in (302, 403)
        assert client.get(f"/admin/delte-erfaringer/delete/{lesson.pk}/").status_code in (302, 403)

    def test_hr_gets_no_access(self, client, alice, lesson):
        client.force_login(alice)
        assert client.get("/admin/delte-erfaringer/").status_code in (302, 403)


def test_competence_filter_choices_are_the_framework(client, db):
    response = client.get(LESSONS)
    choices = dict(response.context["form"].fields["competence"].choices)
    assert choices[""] == "Alle kompetencer"
    assert set(Competence.objects.active().values_list("code", flat=True)) <= set(choices)
