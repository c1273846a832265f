"""Confirmed actions on a session or one participant, each with a reason: cancel the session,
cancel an enrolment, record a participant as not passed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.views import service_refusal
from courses import selectors, services
from courses.admin.base import SessionMixin, participants_url
from courses.admin.forms import ReasonForm
from courses.models import SessionStatus


class ConfirmActionView(SessionMixin, WagtailAdminTemplateMixin, FormView):
    """A confirmation page with a reason, calling one service."""

    form_class = ReasonForm
    template_name = "courses/admin/sessions/confirm_action.html"
    header_icon = "cross"
    confirm_label: str | Promise = ""

    def form_valid(self, form: ReasonForm) -> HttpResponse:
        with service_refusal(form) as refused:
            message = self.perform(form.cleaned_data["reason"])
        if refused:
            invalid: HttpResponse = self.form_invalid(form)
            return invalid
        messages.success(self.request, message)
        return HttpResponseRedirect(participants_url(self.session))

    def perform(self, reason: str) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(
            session=self.session,
            intro=self.get_intro(),
            confirm_label=self.confirm_label,
            cancel_url=participants_url(self.session),
        )
        return context

    def get_intro(self) -> str:
        return ""


class SessionCancelView(ConfirmActionView):
    page_title = gettext_lazy("Aflys hold")
    confirm_label = gettext_lazy("Aflys hold")

    def get_intro(self) -> str:
        return _(
            "Alle tilmeldinger til %(session)s afmeldes, og deltagerne får besked med "
            "begrundelsen. Det kan ikke fortrydes."
        ) % {"session": self.session}

    def perform(self, reason: str) -> str:
        if self.session.status == SessionStatus.CANCELLED:
            raise ValidationError(_("Holdet er allerede aflyst."))
        services.session_cancel(session=self.session, actor=self.actor, reason=reason)
        return _("Holdet er aflyst, og deltagerne får besked.")


class EnrolmentActionView(ConfirmActionView):
    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.enrolment = selectors.get_participant(self.session, kwargs["enrolment_pk"])

    def get_page_subtitle(self) -> str:
        return self.enrolment.user.name


class EnrolmentCancelView(EnrolmentActionView):
    page_title = gettext_lazy("Afmeld deltager")
    confirm_label = gettext_lazy("Afmeld deltager")

    def get_intro(self) -> str:
        return _(
            "%(name)s afmeldes holdet og får besked med begrundelsen. En ledig plads går til "
            "den første på ventelisten."
        ) % {"name": self.enrolment.user.name}

    def perform(self, reason: str) -> str:
        services.enrolment_cancel(enrolment=self.enrolment, actor=self.actor, reason=reason)
        return _("%(name)s er afmeldt.") % {"name": self.enrolment.user.name}


class EnrolmentNotPassedView(EnrolmentActionView):
    page_title = gettext_lazy("Ikke bestået")
    confirm_label = gettext_lazy("Registrér som ikke bestået")

    def get_intro(self) -> str:
        return _("%(name)s registreres som ikke bestået og får ikke kursusbevis.") % {
            "name": self.enrolment.user.name
        }

    def perform(self, reason: str) -> str:
        services.enrolment_mark_not_passed(
            enrolment=self.enrolment, actor=self.actor, reason=reason
        )
        return _("%(name)s er registreret som ikke bestået.") % {"name": self.enrolment.user.name}
