"""The admin menu's "Hold og evalueringer" group (registered in ``courses.wagtail_hooks``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from courses.admin.evaluations import EvaluationViewSet
from courses.admin.sessions import CourseSessionViewSet


class SessionsAdminGroup(ViewSetGroup):
    menu_label = gettext_lazy("Hold og evalueringer")
    menu_icon = "date"
    menu_order = 240
    items = (CourseSessionViewSet, EvaluationViewSet)
