"""Two-factor gate, by policy: everything is gated unless it is explicitly exempt.

A person holding one of ``settings.LMS_TWO_FACTOR_ROLES`` (manager, HR, project leader, provider
editor, network editor) or a superuser, who has not set up TOTP yet, is sent to set it up before
any view, the Wagtail admin included. The only views they may open first are those named in
``settings.LMS_TWO_FACTOR_EXEMPT_VIEWS``: logging in and out, passwords, the two-factor setup
itself and the public pages. A new view is therefore gated until someone decides otherwise, and
that decision is one line in one list. Everyone else passes untouched.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import ResolverMatch, reverse
from django.utils.translation import gettext as _

from organisations.access import needs_two_factor_setup
from organisations.sso.session import has_idp_second_factor


def exempt_view_names() -> frozenset[str]:
    """The URL names ("name", "namespace:name" or "namespace:*") open before TOTP is set up."""
    return frozenset(settings.LMS_TWO_FACTOR_EXEMPT_VIEWS)


def is_exempt(match: ResolverMatch | None, path: str) -> bool:
    """Whether the resolved view (or the static/media path) is exempt from the gate."""
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        # Static files and Wagtail's public images (core.media, which serves nothing else).
        # Neither holds anything the gate protects.
        return True
    if match is None or not match.url_name:
        return False
    names = exempt_view_names()
    # "namespace:*" exempts a whole namespace (the token-authenticated API).
    return match.view_name in names or f"{match.namespace}:*" in names


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        # The exemption test first: it costs no query, and public pages are most requests.
        if is_exempt(request.resolver_match, request.path):
            return None
        if not needs_two_factor_setup(request.user):
            return None
        if has_idp_second_factor(request, request.user):
            # The identity provider asserted a second factor the organisation trusts.
            return None
        messages.warning(
            request,
            _(
                "Din rolle giver adgang til personoplysninger og redigering. Opsæt "
                "to-faktor-godkendelse, før du fortsætter."
            ),
        )
        target = reverse("mfa_activate_totp")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
