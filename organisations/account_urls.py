"""Account pages of our own, mounted under /konto/ beside allauth's, and the one login path.

allauth's login at /konto/login/ is the only way in: it asks for the second factor and applies
the rate limits. Wagtail brings two other password forms — the admin's /admin/login/ and the
front-end /_util/login/ (Django's LoginView) — and a password reset of its own under
/admin/password_reset/. None of them knows about TOTP or the rate limits, so ``lms.urls`` mounts
``entry_point_redirects`` ahead of Wagtail: each of those URLs, GET or POST, only redirects to
allauth's equivalent. A password posted there is never even read.
"""

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import path, re_path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.csrf import csrf_exempt

from organisations import views

urlpatterns = [
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]


def _safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` the request asks for, if it stays on this site; else ``default``."""
    wanted = request.GET.get("next") or request.POST.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


# csrf_exempt: a stale admin login form posted here must land on the real login page, not on a
# CSRF error; nothing is read from the POST except ``next``, and nothing changes.
@csrf_exempt
def login_redirect(request: HttpRequest, default_next: str = "/") -> HttpResponseRedirect:
    """Any other login form: go to allauth's login, keeping a safe ``next``."""
    target = reverse("account_login")
    query = urlencode({"next": _safe_next(request, default_next)})
    # 303: a POST is followed by a GET, so the browser never re-sends the password.
    response = HttpResponseRedirect(f"{target}?{query}")
    response.status_code = 303
    return response


@csrf_exempt
def password_reset_redirect(request: HttpRequest, **_kwargs: str) -> HttpResponseRedirect:
    """Wagtail's password reset, any step: go to allauth's reset, the only one."""
    response = HttpResponseRedirect(reverse("account_reset_password"))
    response.status_code = 303
    return response


entry_point_redirects = [
    path("admin/login/", login_redirect, {"default_next": "/admin/"}, name="admin_login_redirect"),
    re_path(
        r"^admin/password_reset/", password_reset_redirect, name="admin_password_reset_redirect"
    ),
    # Wagtail's front-end login for private pages (WAGTAIL_FRONTEND_LOGIN_URL points to allauth,
    # but the route itself stays mounted by wagtail.urls).
    path("_util/login/", login_redirect, name="frontend_login_redirect"),
]
