"""The network editors' admin page for onboarding course providers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.safety import int_or_none
from courses import services
from organisations import access
from organisations.models import Organisation, OrganisationKind


def _require_network_editor(request: HttpRequest) -> None:
    if not access.is_network_editor(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def provider_list(request: HttpRequest) -> HttpResponse:
    _require_network_editor(request)
    providers = Organisation.objects.filter(kind=OrganisationKind.PROVIDER).select_related(
        "course_section", "editor_group"
    )
    if request.method == "POST":
        organisation_pk = int_or_none(request.POST.get("organisation"))
        if organisation_pk is None:
            messages.error(request, _("Vælg en kursusudbyder fra listen."))
            return redirect("courses_admin:providers")
        organisation = get_object_or_404(providers, pk=organisation_pk)
        try:
            section = services.provider_onboard(organisation=organisation, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s har nu sin egen sektion: %(title)s.")
                % {"name": organisation.name, "title": section.title},
            )
        return redirect("courses_admin:providers")
    return TemplateResponse(
        request,
        "courses/admin/provider_list.html",
        {"providers": providers, "header_title": _("Kursusudbydere")},
    )
