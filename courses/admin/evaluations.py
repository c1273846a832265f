"""Evaluation results for the providers and the network: ratings per course (and per provider
for the network) and the comments of one course."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from courses import access, selectors


class EditorRequiredMixin:
    """The evaluation pages are the editors'; everybody else finds nothing here."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.can_manage_sessions(request.user):
            raise Http404
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response


class EvaluationResultsView(EditorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/sessions/evaluations.html"
    page_title = gettext_lazy("Evalueringer")
    header_icon = "pick"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        user = self.request.user
        context["courses"] = selectors.evaluation_summary_by_course(user)
        if access.sees_all_providers(user):
            context["providers"] = selectors.evaluation_summary_by_provider(user)
        return context


class EvaluationCommentsView(EditorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/sessions/evaluation_comments.html"
    page_title = gettext_lazy("Evalueringer")
    header_icon = "pick"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.course = selectors.get_course_evaluation_summary_for(request.user, kwargs["course_pk"])

    def get_page_subtitle(self) -> str:
        return str(self.course.title)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("evalueringer:index"), "label": _("Evalueringer")},
            {"url": "", "label": self.course.title},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["course"] = self.course
        context["evaluations"] = selectors.course_evaluations(self.course)
        return context


class EditorMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return access.can_manage_sessions(request.user)


class EvaluationViewSet(ViewSet):
    name = "evalueringer"
    icon = "pick"
    menu_label = gettext_lazy("Evalueringer")
    menu_item_class = EditorMenuItem

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            path("", EvaluationResultsView.as_view(), name="index"),
            path("<int:course_pk>/", EvaluationCommentsView.as_view(), name="course"),
        ]
