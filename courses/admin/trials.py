"""A trial session's (prøvehold's) page in the providers' back office: the participants'
evaluations summed up without names, their spreadsheet, and the adjustments of the course
(add, edit, delete) that the public course page shows as "afprøvet og justeret".

Each view loads its session through ``courses.access.get_trial_session_for`` (another
provider's session, or one that is not a trial, answers 404); writes go through
``courses.services.trials``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.views import service_refusal
from courses import access
from courses import exports as course_exports
from courses.admin.base import SessionMixin, participants_url
from courses.forms.trials import AdjustmentForm
from courses.models import CourseAdjustment
from courses.selectors import trials as selectors
from courses.services import trials as services


def trial_url(pk: int) -> str:
    return reverse("hold:trial", args=[pk])


class TrialSessionMixin(SessionMixin):
    """Loads ``self.session``: a trial session in the editor's scope, else 404."""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        View.setup(self, request, *args, **kwargs)  # type: ignore[arg-type]
        self.session = access.get_trial_session_for(request.user, kwargs["pk"])

    def get_page_subtitle(self) -> str:
        return str(self.session)


class TrialSummaryView(TrialSessionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Counts, each question summed up (scale: average and distribution; choice: counts; text:
    the answers, without names) and the adjustments recorded after the trial."""

    template_name = "courses/admin/trials/summary.html"
    page_title = gettext_lazy("Prøvehold: evaluering og justeringer")
    header_icon = "pick"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(
            session=self.session,
            summary=selectors.trial_summary(self.session),
            adjustments=selectors.session_adjustments(self.session),
            participants_url=participants_url(self.session),
            edit_url=reverse("hold:edit", args=[self.session.pk]),
        )
        return context


class TrialExportView(TrialSessionMixin, View):
    """The submitted evaluations as a workbook: one row per evaluation, no names."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content = course_exports.trial_evaluations_xlsx(self.session)
        response = HttpResponse(content, content_type=course_exports.XLSX_CONTENT_TYPE)
        filename = course_exports.trial_evaluations_filename(self.session)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class AdjustmentFormView(TrialSessionMixin, WagtailAdminTemplateMixin, FormView):
    form_class = AdjustmentForm
    template_name = "courses/admin/trials/adjustment_form.html"
    header_icon = "edit"
    adjustment: CourseAdjustment | None = None
    submit_label: Any = gettext_lazy("Gem justering")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()
        kwargs["instance"] = self.adjustment
        return kwargs

    def form_valid(self, form: AdjustmentForm) -> HttpResponse:
        with service_refusal(form) as refused:
            self.save(form.cleaned_data)
        if refused:
            invalid: HttpResponse = self.form_invalid(form)
            return invalid
        messages.success(self.request, _("Justeringen er gemt."))
        return HttpResponseRedirect(trial_url(self.session.pk))

    def save(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(
            session=self.session,
            adjustment=self.adjustment,
            submit_label=self.submit_label,
            cancel_url=trial_url(self.session.pk),
        )
        return context


class AdjustmentCreateView(AdjustmentFormView):
    page_title = gettext_lazy("Ny justering af kurset")

    def save(self, data: dict[str, Any]) -> None:
        services.course_adjustment_create(session=self.session, actor=self.actor, **data)


class AdjustmentObjectMixin:
    """Loads ``self.adjustment`` of the trial session (404 for another session's)."""

    adjustment: CourseAdjustment | None

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        self.adjustment = access.get_adjustment_for(
            request.user,
            self.session,  # type: ignore[attr-defined]
            kwargs["adjustment_pk"],
        )


class AdjustmentEditView(AdjustmentObjectMixin, AdjustmentFormView):
    page_title = gettext_lazy("Ret justering")

    def save(self, data: dict[str, Any]) -> None:
        assert self.adjustment is not None
        services.course_adjustment_update(adjustment=self.adjustment, actor=self.actor, **data)


class AdjustmentDeleteView(
    AdjustmentObjectMixin, TrialSessionMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "courses/admin/trials/adjustment_delete.html"
    page_title = gettext_lazy("Slet justering")
    header_icon = "bin"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(adjustment=self.adjustment, cancel_url=trial_url(self.session.pk))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.adjustment is not None  # loaded in setup (or 404)
        with service_refusal(request) as refused:
            services.course_adjustment_delete(adjustment=self.adjustment, actor=self.actor)
        if not refused:
            messages.success(request, _("Justeringen er slettet."))
        return HttpResponseRedirect(trial_url(self.session.pk))


def trial_urlpatterns() -> list[URLPattern]:
    """The trial pages, routed by the sessions viewset (``hold:trial`` …)."""
    return [
        path("<int:pk>/proevehold/", TrialSummaryView.as_view(), name="trial"),
        path("<int:pk>/proevehold/eksport/", TrialExportView.as_view(), name="trial_export"),
        path(
            "<int:pk>/proevehold/justeringer/ny/",
            AdjustmentCreateView.as_view(),
            name="adjustment_add",
        ),
        path(
            "<int:pk>/proevehold/justeringer/<int:adjustment_pk>/",
            AdjustmentEditView.as_view(),
            name="adjustment_edit",
        ),
        path(
            "<int:pk>/proevehold/justeringer/<int:adjustment_pk>/slet/",
            AdjustmentDeleteView.as_view(),
            name="adjustment_delete",
        ),
    ]
