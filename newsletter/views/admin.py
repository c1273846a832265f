"""The newsletter's own admin pages, next to the issue editor (``wagtail_hooks``): an issue's
sending page (delivery counts, the recipients with their state, a filter), the e-mail preview,
"Send test" and "Send til alle" with a confirmation step showing the recipient count."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.access import require
from core.views import service_refusal
from newsletter import access, emails, selectors
from newsletter.forms import TestSendForm
from newsletter.models import DeliveryState, Issue
from newsletter.services import sending
from organisations.access import me

DELIVERY_PAGE_SIZE = 50


def overview_url(issue: Issue) -> str:
    return reverse("newsletter_admin:issue", kwargs={"pk": issue.pk})


class IssueMixin(WagtailAdminTemplateMixin):
    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.issue = access.get_admin_issue_for(request.user, kwargs["pk"])
        self.actions = access.actions_for(request.user, self.issue)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def get_page_subtitle(self) -> str:
        return self.issue.subject


class IssueOverviewView(IssueMixin, TemplateView):
    """Where an issue stands: counts per delivery state and the recipients, filterable."""

    template_name = "newsletter/admin/issue.html"
    page_title = gettext_lazy("Udsendelse")
    header_icon = "mail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", "")
        rows = selectors.deliveries_of(self.issue, state)
        labels = dict(DeliveryState.choices)
        counts = selectors.delivery_counts(self.issue)
        context.update(
            issue=self.issue,
            actions=self.actions,
            counts=[(key, labels[key], n) for key, n in counts.items()],
            state=state,
            page=Paginator(rows, DELIVERY_PAGE_SIZE).get_page(self.request.GET.get("page")),
            test_form=TestSendForm(),
        )
        return context


def issue_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The e-mail exactly as a recipient sees it (the name and links left out)."""
    issue = access.get_admin_issue_for(request.user, pk)
    return HttpResponse(emails.issue_render(issue, personal=False).html)


def issue_test(request: HttpRequest, pk: int) -> HttpResponse:
    issue = access.get_admin_issue_for(request.user, pk)
    require(access.actions_for(request.user, issue).can_send and request.method == "POST")
    form = TestSendForm(request.POST)
    if form.is_valid():
        with service_refusal(request) as refused:
            sent_to = sending.issue_send_test(
                issue=issue, actor=me(request), addresses=form.address_list()
            )
        if not refused:
            messages.success(request, _("Testen er sendt til %(to)s.") % {"to": ", ".join(sent_to)})
    return HttpResponseRedirect(overview_url(issue))


class IssueSendView(IssueMixin, TemplateView):
    """ "Send til alle": a confirmation showing how many will get the issue, then the sending."""

    template_name = "newsletter/admin/send_confirm.html"
    page_title = gettext_lazy("Send til alle")
    header_icon = "mail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        require(self.actions.can_send)
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(
            issue=self.issue,
            recipients=selectors.recipient_count(self.issue),
            cancel_url=overview_url(self.issue),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(self.actions.can_send)
        with service_refusal(request) as refused:
            issue = sending.issue_send(issue=self.issue, actor=me(request))
        if not refused:
            messages.success(
                request,
                _("Udgaven sendes nu til %(n)s modtagere.") % {"n": issue.recipient_count},
            )
        return HttpResponseRedirect(overview_url(self.issue))


urlpatterns = [
    path("udgave/<int:pk>/", IssueOverviewView.as_view(), name="issue"),
    path("udgave/<int:pk>/forhaandsvis/", issue_preview, name="preview"),
    path("udgave/<int:pk>/test/", issue_test, name="test"),
    path("udgave/<int:pk>/send/", IssueSendView.as_view(), name="send"),
]
