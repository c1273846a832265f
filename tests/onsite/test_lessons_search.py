"""The sector's lesson search at size: Danish full text on PostgreSQL (stemming, æøå, ranking,
the vector kept by the database's trigger, the GIN index), substrings on SQLite, and a count
that stops at a cap instead of counting every hit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from onsite.forms.lessons import LessonSearchFilterForm
from onsite.models import Lesson
from onsite.pagination import CappedPaginator
from onsite.selectors import LessonFilters, lesson_search
from organisations.models import Organisation
from tests.onsite.fixtures_effects import *  # noqa: F403

pytestmark = pytest.mark.django_db

LESSONS = reverse("onsite:lessons")


def make_lesson(organisation: Organisation, title: str, **texts: str) -> Lesson:
    """A lesson from an erfaringsgruppe (no log entry needed), written in bulk as the scale
    data set writes them: only the database's trigger can give it a search vector."""
    fields = {"summary": "", "what_we_learned": "", "effect_category": "process", **texts}
    (lesson,) = Lesson.objects.bulk_create(
        [Lesson(source="group", organisation=organisation, title=title, **fields)]
    )
    return lesson


def found(q: str, **filters: str) -> list[str]:
    return [lesson.title for lesson in lesson_search(LessonFilters(q=q, **filters))]


@pytest.mark.postgres
class TestDanishFullText:
    def test_a_word_finds_its_other_forms(self, fjordbo):
        make_lesson(fjordbo, "Byggemøde med beboerne hver uge")
        make_lesson(fjordbo, "Tætningsbånd", what_we_learned="Vinduerne skal tætnes før vinteren.")
        assert found("byggemøder") == ["Byggemøde med beboerne hver uge"]
        assert found("byggemøderne") == ["Byggemøde med beboerne hver uge"]
        assert found("vindue") == ["Tætningsbånd"]

    def test_danish_letters_in_any_case(self, fjordbo):
        make_lesson(fjordbo, "Tætningsbånd ved altanerne", summary="Gårdmændene så det først.")
        assert found("TÆTNINGSBÅND") == ["Tætningsbånd ved altanerne"]
        assert found("gårdmændenes altan") == ["Tætningsbånd ved altanerne"]
        # æ, ø and å are letters of their own in Danish, not a with an accent.
        assert found("taetningsband") == []

    def test_every_word_must_match_and_stop_words_are_ignored(self, fjordbo):
        make_lesson(fjordbo, "Genhusning i opgang 3", summary="Driften var med fra start.")
        make_lesson(fjordbo, "Genhusning uden driften")
        make_lesson(fjordbo, "Budget for genhusning", summary="Kommunen betalte.")
        assert sorted(found("genhusning og driften")) == [
            "Genhusning i opgang 3",
            "Genhusning uden driften",
        ]
        assert found("genhusning -driften") == ["Budget for genhusning"]

    def test_a_title_match_ranks_above_a_match_in_the_story(self, fjordbo):
        make_lesson(fjordbo, "Om tidsplanen", summary="Genhusningen kom for sent i gang.")
        make_lesson(fjordbo, "Genhusning i etaper")
        assert found("genhusning") == ["Genhusning i etaper", "Om tidsplanen"]

    def test_text_and_effect_category_together(self, client, fjordbo):
        make_lesson(fjordbo, "Beboerne valgte farverne", effect_category="social")
        make_lesson(fjordbo, "Beboerne betalte mindre i husleje", effect_category="economy")
        response = client.get(LESSONS, {"q": "beboer", "effect": "economy"})
        assert [lesson.title for lesson in response.context["lessons"]] == [
            "Beboerne betalte mindre i husleje"
        ]
        assert response.context["total"] == 1

    def test_the_vector_follows_an_edit_of_the_text(self, fjordbo):
        lesson = make_lesson(fjordbo, "Fugtmåling i kælderen")
        lesson.title = "Radonmåling i kælderen"
        lesson.save(update_fields=["title"])
        assert found("fugtmåling") == []
        assert found("radonmåling") == ["Radonmåling i kælderen"]
        # Other updates (featuring) leave the vector alone.
        Lesson.objects.filter(pk=lesson.pk).update(is_featured=True)
        assert found("radonmålinger") == ["Radonmåling i kælderen"]

    def test_withdrawn_lessons_are_not_found(self, fjordbo):
        make_lesson(fjordbo, "Asbest i loftet")
        Lesson.objects.update(withdrawn_at=timezone.now())
        assert found("asbest") == []

    @pytest.mark.parametrize("q", ['"tætningsbånd', "a & b | !c", "(((", "'", "og i på"])
    def test_any_text_is_a_search_not_an_error(self, client, fjordbo, q):
        make_lesson(fjordbo, "Tætningsbånd")
        assert client.get(LESSONS, {"q": q}).status_code == 200

    def test_a_rare_word_is_looked_up_in_the_gin_index(self, fjordbo):
        Lesson.objects.bulk_create(
            Lesson(source="group", organisation=fjordbo, title=f"Erfaring {n}", summary="Tag.")
            for n in range(3_000)
        )
        make_lesson(fjordbo, "Byggemøde")
        sql, params = lesson_search(LessonFilters(q="byggemøde")).query.sql_with_params()
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk insert: move the GIN index's pending rows into
            # the index proper, and count the words the planner estimates with.
            cursor.execute("SELECT gin_clean_pending_list('onsite_lesson_search'::regclass)")
            cursor.execute("ANALYZE onsite_lesson")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Bitmap Index Scan on onsite_lesson_search" in plan, plan


class TestCappedCount:
    def test_the_count_stops_at_the_cap(self, fjordbo):
        for n in range(7):
            make_lesson(fjordbo, f"Erfaring {n}")
        lessons = lesson_search(LessonFilters())
        capped = CappedPaginator(lessons, 2, cap=5)
        assert (capped.count, capped.more, capped.num_pages) == (5, True, 3)
        assert len(capped.get_page(3).object_list) == 1
        whole = CappedPaginator(lessons, 2, cap=10)
        assert (whole.count, whole.more, whole.num_pages) == (7, False, 4)

    def test_the_page_says_over_when_capped(self, client, fjordbo, monkeypatch):
        monkeypatch.setattr("onsite.pagination.COUNT_CAP", 5)
        for n in range(6):
            make_lesson(fjordbo, f"Erfaring {n}")
        content = client.get(LESSONS).content.decode()
        assert "Over 5 erfaringer fundet." in content
        Lesson.objects.filter(title="Erfaring 0").delete()
        assert "5 erfaringer fundet" in client.get(LESSONS).content.decode()

    def test_several_words_must_all_match(self, fjordbo):
        make_lesson(fjordbo, "Genhusning", summary="Driften planlagde den.")
        make_lesson(fjordbo, "Genhusning uden plan")
        assert found("genhusning driften") == ["Genhusning"]


def test_the_admin_choosers_search_box_uses_the_same_search(fjordbo):
    make_lesson(fjordbo, "Genhusning", summary="Driften planlagde den.")
    make_lesson(fjordbo, "Tagrender")
    form = LessonSearchFilterForm({"q": "genhusning"})
    assert form.is_valid()
    assert [lesson.title for lesson in form.filter(Lesson.objects.published())] == ["Genhusning"]
    assert form.is_searching and form.search_query == "genhusning"
