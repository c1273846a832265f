"""The network editors' admin page for onboarding course providers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import require
from core.safety import int_or_none
from core.views import service_refusal
from courses import access, selectors, services
from organisations.access import me


@require_http_methods(["GET", "POST"])
def provider_list(request: HttpRequest) -> HttpResponse:
    require(access.can_onboard_providers(request.user))
    if request.method == "POST":
        organisation_pk = int_or_none(request.POST.get("organisation"))
        if organisation_pk is None:
            messages.error(request, _("Vælg en kursusudbyder fra listen."))
            return redirect("courses_admin:providers")
        organisation = selectors.get_provider_for_onboarding(organisation_pk)
        with service_refusal(request) as refused:
            section = services.provider_onboard(organisation=organisation, actor=me(request))
        if not refused:
            messages.success(
                request,
                _("%(name)s har nu sin egen sektion: %(title)s.")
                % {"name": organisation.name, "title": section.title},
            )
        return redirect("courses_admin:providers")
    return TemplateResponse(
        request,
        "courses/admin/provider_list.html",
        {"providers": selectors.providers_for_onboarding(), "header_title": _("Kursusudbydere")},
    )
