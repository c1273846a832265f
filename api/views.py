"""HR's pages for the organisation's API tokens: list and create, the key shown once, revoke.

Views stay thin: the organisation and the token come from ``api.access`` (404 for everyone
but HR of that organisation), writes go through ``api.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from api import access, services
from api.forms import TokenCreateForm
from core.site_url import absolute_url
from core.views import service_refusal
from organisations.access import me

PAGE_SIZE = 50


@login_required
def token_list(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_token_admin(request.user, organisation_pk)
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            token, key = services.token_create(
                organisation=organisation, actor=me(request), **form.service_fields()
            )
        if not refused:
            return _key_shown_once(request, organisation, token, key)
    tokens = access.tokens_for(request.user, organisation).for_listing()
    context = {
        "organisation": organisation,
        "form": form,
        "page": Paginator(tokens, PAGE_SIZE).get_page(request.GET.get("side")),
        "api_base": absolute_url("/api/v1/", request),
    }
    return render(request, "api/token_list.html", context)


def _key_shown_once(
    request: HttpRequest, organisation: object, token: object, key: str
) -> HttpResponse:
    # Rendered in the POST's answer, never stored: not in the database, not in the session.
    # No caching, so that the browser's back button cannot show the key again.
    context = {
        "organisation": organisation,
        "token": token,
        "key": key,
        "api_base": absolute_url("/api/v1/", request),
    }
    response = render(request, "api/token_created.html", context)
    add_never_cache_headers(response)
    return response


@login_required
def token_revoke(request: HttpRequest, organisation_pk: int, token_pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_token_admin(request.user, organisation_pk)
    token = access.get_token_for(request.user, organisation, token_pk)
    if request.method == "POST":
        with service_refusal(request) as refused:
            services.token_revoke(token=token, actor=me(request))
        if not refused:
            messages.success(
                request, _("API-nøglen »%(name)s« er tilbagekaldt.") % {"name": token.name}
            )
        return redirect("api_tokens:list", organisation_pk=organisation.pk)
    context = {"organisation": organisation, "token": token}
    return render(request, "api/token_revoke.html", context)
