"""The pages around a login through an organisation's identity provider."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from organisations.sso import selectors
from organisations.sso.flows import start_login


@require_POST
def start(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Log in through the named organisation's identity provider (the button on the page that
    says a password is not enough). POST, with the CSRF token, like every login."""
    provider = selectors.provider_for_app(provider_id)
    if provider is None:
        raise Http404
    next_url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return start_login(request, provider, next_url=next_url if next_url and safe else None)
