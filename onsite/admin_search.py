"""The search box of an admin chooser of lessons, on the lessons' one search path.

Lessons are not in Wagtail's search index (their search is PostgreSQL full text, see
``LessonQuerySet.matching``), so Wagtail's choosers would show no search box for them. A
chooser of lessons (the newsletter's) uses these views instead of Wagtail's:

    choose_view_class = LessonChooseView
    choose_results_view_class = LessonChooseResultsView
"""

from __future__ import annotations

from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView

from onsite.forms.lessons import LessonSearchFilterForm


class LessonChooseView(ChooseView):
    filter_form_class = LessonSearchFilterForm


class LessonChooseResultsView(ChooseResultsView):
    filter_form_class = LessonSearchFilterForm
