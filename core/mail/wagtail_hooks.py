"""The operators' view of the outbox in the Wagtail admin (Indstillinger → Udgående e-mails).

Operators see every stored e-mail with its state, attempts and last error, filter what is stuck
and press "Send igen" on an unsent row. The listing shows addresses and subjects but never the
body: bodies carry sign-in and invitation links that nobody but the recipient should open.
Nothing here creates, edits or deletes a row.

Who sees it: superusers, and a group given the model permissions "Can view udgående e-mail"
(the listing) and "Can change udgående e-mail" (Send igen) in Indstillinger → Grupper.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton

from core.mail.models import OutboundEmail, PendingTask
from core.mail.services import email_resend

STATUS_LABELS = {
    "sent": gettext_lazy("Sendt"),
    "pending": gettext_lazy("Ikke sendt endnu"),
    "failed": gettext_lazy("Opgivet"),
}
ERROR_PREVIEW = 120


class OutboundEmailFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        method="filter_status",
        choices=[
            ("sent", gettext_lazy("Sendt")),
            ("unsent", gettext_lazy("Ikke sendt")),
            ("failed", gettext_lazy("Opgivet")),
        ],
        empty_label=gettext_lazy("Alle"),
    )
    attempts_min = django_filters.NumberFilter(
        label=gettext_lazy("Mindst antal forsøg"), field_name="attempts", lookup_expr="gte"
    )
    has_error = django_filters.BooleanFilter(
        label=gettext_lazy("Med fejl"), method="filter_has_error"
    )

    class Meta:
        model = OutboundEmail
        fields: list[str] = []

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "sent":
            return queryset.filter(sent_at__isnull=False)
        if value == "unsent":
            return queryset.filter(sent_at__isnull=True)
        if value == "failed":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=False)
        return queryset

    def filter_has_error(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.exclude(last_error="") if value else queryset.filter(last_error="")


class OutboundEmailIndexView(IndexView):
    def get_list_buttons(self, instance: OutboundEmail) -> list[Any]:
        buttons: list[Any] = super().get_list_buttons(instance)
        if instance.sent_at is None and self.user_has_permission("change"):
            buttons.insert(
                0,
                ListingButton(
                    _("Send igen"),
                    url=reverse("outboundemail:resend", args=[instance.pk]),
                    icon_name="mail",
                    attrs={"aria-label": _("Send igen: %(subject)s") % {"subject": instance}},
                ),
            )
        return buttons


def _error_preview(outbound: Any) -> str:
    error: str = outbound.last_error
    return error if len(error) <= ERROR_PREVIEW else error[: ERROR_PREVIEW - 1] + "…"


class ReadOnlyListingViewSet(ModelViewSet):
    """A listing without create, edit or delete: the rows are written by services only."""

    copy_view_enabled = False
    inspect_view_enabled = False
    # No form; ModelViewSet wants the attribute.
    form_fields: list[str] = []

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs: dict[str, Any] = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


class OutboundEmailViewSet(ReadOnlyListingViewSet):
    model = OutboundEmail
    url_prefix = "udgaaende-emails"
    icon = "mail"
    menu_label = gettext_lazy("Udgående e-mails")
    index_view_class = OutboundEmailIndexView
    filterset_class = OutboundEmailFilterSet
    search_fields = ["subject", "to"]
    list_per_page = 50
    list_display = [
        "subject",
        Column("to", label=gettext_lazy("Modtagere"), accessor=lambda o: ", ".join(o.to)),
        DateColumn("created_at", label=gettext_lazy("Oprettet")),
        Column("status", label=gettext_lazy("Status"), accessor=lambda o: STATUS_LABELS[o.status]),
        Column("attempts", label=gettext_lazy("Forsøg")),
        DateColumn("last_attempt_at", label=gettext_lazy("Seneste forsøg")),
        Column("last_error", label=gettext_lazy("Seneste fejl"), accessor=_error_preview),
    ]

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/send-igen/", self.resend_view, name="resend"),
        ]

    def resend_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Confirm (GET), then enqueue delivery again (POST); only for unsent rows."""
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        outbound = get_object_or_404(OutboundEmail, pk=pk)
        index_url = reverse("outboundemail:index")
        if request.method == "POST":
            if email_resend(outbound=outbound):
                messages.success(
                    request, _("E-mailen »%(subject)s« sendes igen.") % {"subject": outbound}
                )
            else:
                messages.warning(
                    request,
                    _("E-mailen »%(subject)s« er allerede sendt; den sendes ikke igen.")
                    % {"subject": outbound},
                )
            return redirect(index_url)
        return TemplateResponse(
            request,
            "mail/admin/resend_confirm.html",
            {"outbound": outbound, "index_url": index_url, "header_icon": "mail"},
        )


class PendingTaskViewSet(ReadOnlyListingViewSet):
    """Tasks a broker outage left stored; they leave by themselves when Redis is back."""

    model = PendingTask
    url_prefix = "ventende-opgaver"
    icon = "time"
    menu_label = gettext_lazy("Ventende opgaver")
    list_display = [
        "task_name",
        Column("args", label=gettext_lazy("Argumenter")),
        DateColumn("created_at", label=gettext_lazy("Oprettet")),
        Column("attempts", label=gettext_lazy("Forsøg")),
        Column("last_error", label=gettext_lazy("Seneste fejl"), accessor=_error_preview),
    ]


class OperationsGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Drift")
    menu_icon = "cogs"
    menu_order = 900
    items = (OutboundEmailViewSet, PendingTaskViewSet)


@hooks.register("register_admin_viewset")
def register_operations_viewsets() -> ModelViewSetGroup:
    return OperationsGroup()
