"""The admin's chooser of shared lessons (onsite.Lesson is not a snippet, so it has no chooser of
its own): only published lessons that are not withdrawn, newest first, searchable by title."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet

from onsite.admin_search import LessonChooseResultsView, LessonChooseView
from onsite.models import Lesson


class LessonChooserViewSet(ChooserViewSet):
    model = Lesson
    icon = "openquote"
    choose_one_text = _("Vælg en delt erfaring")
    choose_another_text = _("Vælg en anden erfaring")
    edit_item_text = _("Ret")
    search_tab_label = _("Søg")
    per_page = 20
    # Lessons are not in Wagtail's search index: the chooser searches as the public list does.
    choose_view_class = LessonChooseView
    choose_results_view_class = LessonChooseResultsView

    def get_object_list(self) -> QuerySet[Lesson]:
        # A withdrawn lesson is no longer shared, so it may not go out in a newsletter either.
        return Lesson.objects.published().order_by("-published_at", "-pk")


lesson_chooser_viewset = LessonChooserViewSet(
    "newsletter_lesson_chooser", url_prefix="nyhedsbrev/erfaringer"
)
