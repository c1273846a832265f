"""How the load profile uses the pages: the sector's mix, think time, and the login's pieces.

Pure Python (no Locust, no Django), so that the regular suite can test it. The pages themselves
(name, path, role) come from the targets file (``targets.py`` → ``tests.perf.pages``).
``locustfile.py`` builds two kinds of users from them: per role a journey that opens that
role's pages by ``PAGE_WEIGHTS`` with think time (the sector's mix, the soak), and the page tour
that opens every page in turn without think time (the measurements at one and four users).
"""

from __future__ import annotations

ANONYMOUS = "anonymous"
ROLES = ("learner", "manager", "hr", "project_leader", "provider_editor")
BARE_VIEW = "bare Django view"
BARE_VIEW_IN_TOUR = "bare Django view, between pages"
BARE_VIEW_PATH = "/_perf/bare/"  # lms.perf_views.BARE_VIEW_PATH
LOGIN_PATH = "/konto/login/"
LOGIN_CODE_PATH = "/konto/2fa/authenticate/"
LOGIN_PREFIX = "login: "

# The Locust user classes of each kind of run (locustfile.py), by name: the runner passes them
# on Locust's command line without importing Locust (which patches the standard library).
TOUR_USERS = ("PageTour",)
ANONYMOUS_TOUR_USERS = ("AnonymousTour",)
SECTOR_USERS = (
    "AnonymousVisitor",
    "Learner",
    "Manager",
    "HumanResources",
    "ProjectLeader",
    "ProviderEditor",
    "BareViewProbe",
)
# How the sector uses the site: most people are visitors and learners; HR, project leaders and
# providers' editors are few (Locust user weights, per simulated user).
ROLE_WEIGHTS = {
    ANONYMOUS: 55,
    "learner": 30,
    "manager": 5,
    "hr": 4,
    "project_leader": 4,
    "provider_editor": 2,
}
# Seconds a person reads a page before opening the next, in the sector's mix.
THINK_TIME = (3.0, 12.0)
# Within one role's journey, how often each page is opened (by the page's name in
# tests.perf.pages; a page not named here has weight 1): the start page and the catalogue
# most, deep pages less.
PAGE_WEIGHTS = {
    "home": 10,
    "catalogue": 8,
    "course page": 8,
    "guide page (A3)": 6,
    "module page": 5,
    "lessons": 3,
    "lesson search": 3,
    "news": 2,
    "lesson": 2,
    "Min side": 10,
    "catalogue, logged in": 4,
    "course page, logged in": 4,
    "competences (own)": 3,
    "competence plan": 3,
    "guide page (A3), logged in": 2,
    "approvals": 4,
    "team dashboard (manager)": 4,
    "team gap analysis (manager)": 3,
    "HR dashboard": 5,
    "gap analysis": 3,
    "gap analysis, one department": 3,
    "gap analysis, page 5": 2,
    "person page": 3,
    "strategies": 2,
    "Læringspilen (strategy)": 2,
    "project page": 5,
    "project page, entries page 50": 3,
    "entry page": 3,
    "effect page": 2,
    "projects": 2,
    "sessions (admin)": 4,
    "participants (admin)": 3,
    "course pages (admin)": 2,
}


def page_weight(name: str) -> int:
    """How often a role's journey opens the page named ``name``, relative to its others."""
    return PAGE_WEIGHTS.get(name, 1)


def forwarded_for(number: int) -> str:
    """A private address of its own for simulated user ``number`` (X-Forwarded-For): the
    login rate limits count per client address, as they would for real people."""
    return f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def totp_code(secret: str, at: float, period: int = 30) -> str:
    """The six-digit code an authenticator app shows at ``at`` (RFC 6238).

    allauth's own ``hotp_value`` cannot be imported without a configured Django (its module
    loads allauth's models), and Locust runs without one; the suite checks that both agree.
    """
    import base64
    import hashlib
    import hmac
    import struct

    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // period), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"
