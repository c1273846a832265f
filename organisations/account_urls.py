"""Account pages of our own, mounted under /konto/ beside allauth's, and the one login path.

allauth's login at /konto/login/ is the only way in: it asks for the second factor and applies
the rate limits. Wagtail brings two other password forms — the admin's /admin/login/ and the
front-end /_util/login/ (Django's LoginView) — and a password reset of its own under
/admin/password_reset/. None of them knows about TOTP or the rate limits, so ``lms.urls`` mounts
``entry_point_redirects`` ahead of Wagtail: each of those URLs, GET or POST, only redirects to
allauth's equivalent. A password posted there is never even read.

A person who is already logged in and lands on the login page with a ``next`` was sent there
because ``next`` refused them: the Wagtail admin, Wagtail's restricted pages and documents and
Django's permission decorators all do that. allauth would send them straight back to ``next``,
which sends them to the login again, for ever. ``login`` shows them a page that says they may not
enter and where to go instead (403): at once for the admin, after one retry for other pages.
"""

from allauth.account import views as allauth_views
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, re_path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from organisations import views

ADMIN_PREFIX = "/admin/"
# Wagtail's own message (its msgid, translated by its catalogue and ours), kept in a name so
# that makemessages does not take an English msgid into our catalogue.
WAGTAIL_ADMIN_REFUSAL = "You do not have permission to access the admin."
# The page a logged-in person was last sent back to from the login page (see ``login``).
BOUNCED_SESSION_KEY = "lms_login_sent_back_to"


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


def _drop_wagtails_refusal(request: HttpRequest) -> None:
    """Wagtail queues "You do not have permission to access the admin." before it redirects
    here; the page says so itself, so the message would only repeat it. Others are kept.

    Django has no public way to withdraw one stored message; the storage keeps the messages it
    loaded in ``_loaded_data``, which its iteration reads.
    """
    storage = messages.get_messages(request)
    refusal = gettext(WAGTAIL_ADMIN_REFUSAL)
    # Wagtail renders its messages with room for buttons: trailing newlines.
    loaded = storage._loaded_messages  # type: ignore[union-attr]
    kept = [m for m in loaded if str(m.message).strip() != refusal]
    storage._loaded_data = kept  # type: ignore[union-attr]


def access_refused(request: HttpRequest, wanted: str) -> TemplateResponse:
    """The Danish "no access" page for a logged-in person whom ``wanted`` refused (403)."""
    _drop_wagtails_refusal(request)
    context = {
        "wanted": wanted,
        "admin_area": wanted.startswith(ADMIN_PREFIX),
        # Logging out and in again leads back to ``wanted``: for a person with two accounts.
        "login_again": f"{reverse('account_login')}?{urlencode({'next': wanted})}",
    }
    return TemplateResponse(request, "403.html", context, status=403)


def login(request: HttpRequest) -> HttpResponse:
    """allauth's login; but a logged-in person sent here by a page that refused them is told so.

    allauth redirects a logged-in person to ``next`` at once, and a ``next`` that refused them
    sends them here again: ERR_TOO_MANY_REDIRECTS. For the Wagtail admin the answer is known
    (the admin permission). For any other page, one retry is allowed, since a stale login tab
    reloaded after logging in elsewhere is sent on to a page that opens; the second arrival
    with the same ``next`` is a refusal.
    """
    if request.user.is_authenticated and request.method in ("GET", "HEAD"):
        wanted = _safe_next(request, "")
        if wanted and _refused(request, wanted):
            return access_refused(request, wanted)
    response: HttpResponse = allauth_views.login(request)
    return response


def _refused(request: HttpRequest, wanted: str) -> bool:
    """Whether ``wanted`` sent this logged-in person to the login because it refused them."""
    if wanted.startswith(ADMIN_PREFIX):
        return not request.user.has_perm("wagtailadmin.access_admin")
    if request.session.get(BOUNCED_SESSION_KEY) == wanted:
        del request.session[BOUNCED_SESSION_KEY]
        return True
    request.session[BOUNCED_SESSION_KEY] = wanted
    return False


urlpatterns = [
    # Ahead of allauth's own login (lms.urls mounts this module first) under the same name.
    path("login/", login, name="account_login"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]


entry_point_redirects = [
    path("admin/login/", login_redirect, {"default_next": "/admin/"}, name="admin_login_redirect"),
    re_path(
        r"^admin/password_reset/", password_reset_redirect, name="admin_password_reset_redirect"
    ),
    # Wagtail's front-end login for private pages (WAGTAIL_FRONTEND_LOGIN_URL points to allauth,
    # but the route itself stays mounted by wagtail.urls).
    path("_util/login/", login_redirect, name="frontend_login_redirect"),
]
