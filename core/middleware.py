"""Site-wide middleware: the chosen language, and the Content-Security-Policy (further below).

Language choice: Danish unless the person has chosen English.

Django's LocaleMiddleware would follow the browser's Accept-Language, which would show an
English interface to every Danish user whose browser happens to be set to English. Here only the
explicit choice (the language cookie written by ``set_language``) counts.
"""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


# --- Content-Security-Policy ------------------------------------------------------------------
# Django 5.2 has no CSP of its own (it arrives in 6.0), so the header is set here, on every
# response. Scripts run only from our own origin, or inline with this request's nonce: an
# injected <script> or event handler (onclick=…) does not run. Styles may be inline: templates
# colour chart cells and size progress bars with style attributes, and an injected style cannot
# run code. The Wagtail admin inserts inline scripts of its own (date pickers, inline panels,
# chooser modals) without a nonce, so /admin/ gets 'unsafe-inline' for scripts too; it is open
# only to editors who passed the two-factor login, and everything else holds there as well.
ADMIN_PREFIX = "/admin/"


def _policy(*, nonce: str | None, frame_ancestors: str) -> str:
    script_src = f"'self' 'nonce-{nonce}'" if nonce else "'self' 'unsafe-inline'"
    directives = {
        "default-src": "'self'",
        "script-src": script_src,
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:" if nonce else "'self' data: blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    """Set a Content-Security-Policy on every response, with a fresh script nonce per request.

    Templates give an inline ``<script>`` the nonce through ``{{ csp_nonce }}`` (see
    ``csp_context``); django-htmx's ``{% htmx_script %}`` reads the same variable. Place this
    middleware before ``XFrameOptionsMiddleware`` so that it sees the X-Frame-Options a view
    chose: a page that may be framed by its own site (Wagtail's preview) keeps that in the CSP.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response  # a view that set its own, stricter policy keeps it
        same_origin = str(response.get("X-Frame-Options", "")).upper() == "SAMEORIGIN"
        admin = request.path.startswith(ADMIN_PREFIX)
        response["Content-Security-Policy"] = _policy(
            nonce=None if admin else nonce,
            frame_ancestors="'self'" if same_origin else "'none'",
        )
        return response


def csp_context(request: HttpRequest) -> dict[str, str]:
    """Context processor: ``csp_nonce`` for inline ``<script nonce="{{ csp_nonce }}">``."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
