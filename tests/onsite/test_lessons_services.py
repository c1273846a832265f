"""Publishing lessons: names removed, the organisation named only with its consent."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from onsite.models import EntryStatus, Lesson, LessonSharing
from onsite.services.lessons import (
    lesson_draft,
    lesson_publish,
    lesson_set_featured,
    lesson_sharing_set,
    lesson_withdraw,
    scrub_names,
)
from tests.onsite.fixtures_effects import *  # noqa: F403
from tests.onsite.fixtures_effects import make_approved_entry, make_person

pytestmark = pytest.mark.django_db


class TestScrubNames:
    NAMES = ["Bob Bygholm", "Dorte Damgaard", "Erik Entreprenørsen"]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Bob Bygholm holdt mødet.", "[navn] holdt mødet."),
            ("bob bygholm og DORTE", "[navn] og [navn]"),
            ("Bob  Bygholm", "[navn]"),  # any spacing inside a whole name
            ("Bygholm sagde det.", "[navn] sagde det."),
            ("Dortes tjekliste og Eriks plan", "[navn]s tjekliste og [navn]s plan"),
            ("Bobcat-maskinen og Bobby", "Bobcat-maskinen og Bobby"),  # word boundaries
            ("Erik Entreprenørsen (erik@entreprise.example)", "[navn] ([e-mail])"),
            ("Beboermødet gik godt.", "Beboermødet gik godt."),
        ],
    )
    def test_names_are_replaced_on_word_boundaries(self, text, expected):
        assert scrub_names(text, self.NAMES) == expected

    def test_no_names_leaves_the_text(self):
        assert scrub_names("Bob kom.", []) == "Bob kom."


class TestDraft:
    def test_prefilled_from_the_revision_without_names(self, entry, bob):
        # The live entry changes after approval; the draft follows the approved revision.
        entry.title = "Ændret efter godkendelse"
        entry.save(update_fields=["title"])
        draft = lesson_draft(entry=entry)
        assert draft["title"] == "Beboermøde før genhusning"
        assert draft["summary"] == "[navn] holdt beboermødet sammen med [navn] fra entreprenøren."
        assert draft["what_we_learned"].startswith("[navn] lærte, at beboerne")
        assert "[navn]s tjekliste" in draft["what_we_learned"]
        for name in ("Bob", "Bygholm", "Dorte", "Erik"):
            assert name not in " ".join(draft.values())

    def test_every_project_member_is_removed(self, entry, project, fjordbo):
        from onsite.models import ProjectMember

        ulla = make_person("ulla@fjordbo.example", "Ulla", "Urup", fjordbo)
        ProjectMember.objects.create(project=project, user=ulla)
        entry.revisions.update(
            snapshot={**entry.revisions.get().snapshot, "what_happened": "Ulla Urup ringede."}
        )
        assert lesson_draft(entry=entry)["summary"] == "[navn] ringede."


class TestPublish:
    def publish(self, entry, actor, **overrides):  # type: ignore[no-untyped-def]
        data = {**lesson_draft(entry=entry), **overrides}
        return lesson_publish(entry=entry, actor=actor, **data)

    def test_it_copies_guide_competences_category_and_project(
        self, entry, bob, a3, fremtidsanalyse
    ):
        lesson = self.publish(entry, bob)
        assert lesson.guide == a3
        assert list(lesson.competences.all()) == [fremtidsanalyse]
        assert lesson.effect_category == "social"
        assert (lesson.project_kind, lesson.project_phase) == ("renovering", "C")
        assert lesson.organisation == entry.project.organisation
        assert lesson.revision == entry.revisions.get()
        assert lesson.published_by == bob
        assert ModelLogEntry.objects.filter(action="onsite.lesson.publish").count() == 1

    def test_names_typed_back_in_are_removed(self, entry, bob):
        lesson = self.publish(entry, bob, what_we_learned="Tak til Dorte Damgaard og Erik.")
        assert lesson.what_we_learned == "Tak til [navn] og [navn]."

    def test_the_organisation_is_named_only_with_consent(self, entry, bob, alice):
        lesson = self.publish(entry, bob)
        assert lesson.show_organisation is False
        lesson_sharing_set(
            organisation=entry.project.organisation, actor=alice, name_in_lessons=True
        )
        lesson.refresh_from_db()
        assert lesson.show_organisation is True  # lessons already shared follow the decision

    def test_with_consent_given_first(self, entry, bob, mads):
        lesson_sharing_set(
            organisation=entry.project.organisation, actor=mads, name_in_lessons=True
        )
        assert self.publish(entry, bob).show_organisation is True

    def test_only_approved_entries(self, entry, bob):
        entry.status = EntryStatus.DRAFT
        entry.save(update_fields=["status"])
        with pytest.raises(ValidationError):
            lesson_publish(entry=entry, actor=bob, title="x", summary="x", what_we_learned="x")
        assert not Lesson.objects.exists()

    def test_only_a_project_leader(self, entry, dorte, nina):
        for person in (dorte, nina):
            with pytest.raises(PermissionDenied):
                lesson_publish(
                    entry=entry, actor=person, title="x", summary="x", what_we_learned="x"
                )
        assert not Lesson.objects.exists()

    def test_once_and_again_after_withdrawal(self, entry, bob):
        lesson = self.publish(entry, bob)
        with pytest.raises(ValidationError):
            self.publish(entry, bob)
        lesson_withdraw(lesson=lesson, actor=bob)
        again = self.publish(entry, bob, title="Ny overskrift")
        assert again.pk == lesson.pk
        assert again.withdrawn_at is None and again.title == "Ny overskrift"


class TestFeatureAndConsent:
    def test_network_editors_feature_and_unfeature(self, entry, bob, netta):
        lesson = lesson_publish(entry=entry, actor=bob, **lesson_draft(entry=entry))
        lesson_set_featured(lesson=lesson, actor=netta, featured=True)
        assert Lesson.objects.featured().get() == lesson
        lesson_set_featured(lesson=lesson, actor=netta, featured=False)
        assert not Lesson.objects.featured().exists()
        actions = list(
            ModelLogEntry.objects.filter(action__startswith="onsite.lesson.").values_list(
                "action", flat=True
            )
        )
        assert "onsite.lesson.feature" in actions and "onsite.lesson.unfeature" in actions

    def test_nobody_else_features(self, entry, bob, alice):
        lesson = lesson_publish(entry=entry, actor=bob, **lesson_draft(entry=entry))
        for person in (bob, alice):
            with pytest.raises(PermissionDenied):
                lesson_set_featured(lesson=lesson, actor=person, featured=True)

    def test_a_withdrawn_lesson_is_not_featured(self, entry, bob, netta):
        lesson = lesson_publish(entry=entry, actor=bob, **lesson_draft(entry=entry))
        lesson_set_featured(lesson=lesson, actor=netta, featured=True)
        lesson_withdraw(lesson=lesson, actor=bob)
        assert lesson.is_featured is False
        with pytest.raises(ValidationError):
            lesson_set_featured(lesson=lesson, actor=netta, featured=True)

    def test_consent_is_for_hr_and_managers_of_the_organisation(self, fjordbo, bob, charlie, dorte):
        for person in (bob, charlie, dorte):
            with pytest.raises(PermissionDenied):
                lesson_sharing_set(organisation=fjordbo, actor=person, name_in_lessons=True)
        assert not LessonSharing.objects.exists()

    def test_second_entry_other_people(self, project, bob, dorte, a3):
        other = make_approved_entry(
            project,
            author=bob,
            approver=dorte,
            title="Fejl og mangler",
            what_happened="Bob fandt fejlene.",
            what_we_learned="Gennemgang i tide.",
            guide=None,
            effect_category="physical",
        )
        lesson = lesson_publish(entry=other, actor=bob, **lesson_draft(entry=other))
        assert lesson.summary == "[navn] fandt fejlene."
        assert lesson.guide is None and not lesson.competences.exists()
