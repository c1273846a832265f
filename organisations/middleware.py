"""Two-factor gate for privileged areas.

A person holding one of ``settings.LMS_TWO_FACTOR_ROLES`` (HR, provider editor, network editor)
must set up TOTP before entering the Wagtail admin or any view marked with
``two_factor_area``. Everyone else passes untouched.
"""

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from organisations.access import needs_two_factor_setup

ADMIN_PREFIX = "/admin/"

F = TypeVar("F", bound=Callable[..., Any])


def two_factor_area(view: F) -> F:
    """Mark a view as a privileged area: holders of two-factor roles need TOTP to enter."""
    view.two_factor_area = True  # type: ignore[attr-defined]
    return view


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        guarded = request.path.startswith(ADMIN_PREFIX) or getattr(
            view_func, "two_factor_area", False
        )
        if not guarded or not needs_two_factor_setup(request.user):
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
