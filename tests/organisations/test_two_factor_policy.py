"""The two-factor gate is a policy: every view is gated unless it is explicitly exempt.

An HR person, provider editor, network editor or superuser without TOTP used to reach every view
nobody had remembered to decorate (approvals, enrolling a colleague, an organisation's people).
The walk below visits every URL pattern of ``lms.urls``, so a new view is covered the day it is
added; only ``settings.LMS_TWO_FACTOR_EXEMPT_VIEWS`` may open without TOTP.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from organisations import services
from organisations.account_urls import login, login_redirect, password_reset_redirect
from tests.factories.organisations import totp_activate
from tests.organisations.conftest import make_person

pytestmark = pytest.mark.django_db

SETUP = reverse("mfa_activate_totp")
# A value per path converter; regex groups get the fill values tried in turn below.
CONVERTER_SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "12345678-1234-5678-1234-567812345678",
}
REGEX_FILLS = ("1", "x", "1/", "x/")


def _fill(pattern: URLPattern | URLResolver, value: str) -> str:
    """The pattern's piece of a path, with sample values for its parameters."""
    if isinstance(pattern.pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?\w+>",
            lambda m: CONVERTER_SAMPLES[m.group(1) or "str"],
            str(pattern.pattern),
        )
    assert isinstance(pattern.pattern, RegexPattern), pattern
    text = pattern.pattern._regex.lstrip("^").rstrip("$")
    previous = None
    while previous != text:  # innermost groups first, until none is left
        previous = text
        text = re.sub(r"\((?:\?P<\w+>|\?:)?[^()]*\)[*+?]?", value, text)
    return text.replace("\\", "")


def _walk(
    patterns: list[URLPattern | URLResolver], parents: tuple[URLResolver, ...] = ()
) -> Iterator[tuple[tuple[URLResolver, ...], URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, (*parents, pattern))
        else:
            yield parents, pattern


def _sample_paths() -> tuple[dict[str, tuple[str, str]], list[str]]:
    """Every reachable URL pattern as {path: (view name, view)}; and the shadowed patterns."""
    reachable: dict[str, tuple[str, str]] = {}
    shadowed = []
    for parents, pattern in _walk(get_resolver().url_patterns):
        for value in REGEX_FILLS:
            path = "/" + "".join(_fill(piece, value) for piece in (*parents, pattern))
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if match.func is pattern.callback:
                reachable[path] = (match.view_name or "", match._func_path)
                break
        else:
            shadowed.append(path)
    return reachable, shadowed


@pytest.fixture
def fjordbo_hr_without_totp(fjordbo):
    return make_person("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne", totp=False)


def test_the_walk_finds_the_urls_it_must_gate():
    # A check on the walk itself: if it finds nothing, the test below proves nothing.
    reachable, _shadowed = _sample_paths()
    names = {name for name, _view in reachable.values()}
    assert len(reachable) > 400
    assert {"approvals", "enrol_colleague", "organisations:detail", "wagtailadmin_home"} <= names


def test_wagtails_own_login_and_reset_views_are_unreachable():
    # The only patterns the walk cannot reach are the ones the one-login-path redirects shadow,
    # and allauth's login, which our ``login`` wraps (it refuses instead of looping, issue 18).
    _reachable, shadowed = _sample_paths()
    assert shadowed, "expected Wagtail's login and password reset to be shadowed"
    for path in shadowed:
        assert resolve(path).func in (login, login_redirect, password_reset_redirect), path


def _is_exempt(name: str) -> bool:
    """Whether the list exempts ``name``, by itself or by its namespace ("api:*")."""
    exempt = set(settings.LMS_TWO_FACTOR_EXEMPT_VIEWS)
    namespace, _colon, _name = name.rpartition(":")
    return name in exempt or (bool(namespace) and f"{namespace}:*" in exempt)


def test_every_exempt_name_names_a_view():
    # A stale entry would hide a typo that leaves the intended page gated.
    reachable, _shadowed = _sample_paths()
    names = {name for name, _view in reachable.values()}
    exempt = set(settings.LMS_TWO_FACTOR_EXEMPT_VIEWS)
    wildcards = {entry for entry in exempt if entry.endswith(":*")}
    assert exempt - wildcards <= names
    for wildcard in wildcards:
        assert any(name.startswith(wildcard[:-1]) for name in names), wildcard


def _privileged_without_totp(role: str):
    """A holder of ``role`` (or a superuser) in an organisation of the right kind, no TOTP."""
    kind = {"provider_editor": "provider", "network_editor": "network"}.get(role, "housing")
    organisation = services.organisation_create(name="Et sted", kind=kind)
    roles = ["staff"] if role == "superuser" else ["staff", role]
    person = make_person("person@sted.example", organisation, roles, "Person", totp=False)
    if role == "superuser":
        person.is_superuser = person.is_staff = True
        person.save()
    return person


def test_every_privileged_role_needs_two_factor():
    # Issue 12: managers and project leaders see colleagues' data and decide for others, like HR
    # and the editors; none of them may be left out of the policy.
    assert set(settings.LMS_TWO_FACTOR_ROLES) == {
        "manager",
        "hr",
        "project_leader",
        "provider_editor",
        "network_editor",
    }


@pytest.mark.parametrize("role", [*settings.LMS_TWO_FACTOR_ROLES, "superuser"])
def test_no_view_outside_the_exempt_list_opens_without_totp(client, role):
    # The walk, once per privileged role: the gate must not depend on which role it is.
    client.force_login(_privileged_without_totp(role))
    client.raise_request_exception = False
    reachable, _shadowed = _sample_paths()
    open_doors = []
    checked = 0
    for path, (name, view) in sorted(reachable.items()):
        if _is_exempt(name):
            continue
        response = client.get(path)
        checked += 1
        location = response.get("Location", "")
        if response.status_code != 302 or urlsplit(location).path != SETUP:
            open_doors.append(f"{path} ({name or view}): {response.status_code} {location}")
    assert checked > 400
    assert not open_doors, "Reachable without TOTP:\n" + "\n".join(open_doors)


@pytest.mark.parametrize(
    "url",
    [
        lambda org: reverse("approvals"),
        lambda org: reverse("enrol_colleague"),
        lambda org: reverse("organisations:detail", kwargs={"pk": org.pk}),
    ],
    ids=["approvals", "enrol_colleague", "organisation_detail"],
)
def test_hr_without_totp_is_sent_to_set_it_up(client, fjordbo, fjordbo_hr_without_totp, url):
    client.force_login(fjordbo_hr_without_totp)
    target = url(fjordbo)
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next={target.replace('/', '%2F')}"


@pytest.mark.parametrize(
    "url",
    [
        lambda org: reverse("approvals"),
        lambda org: reverse("enrol_colleague"),
        lambda org: reverse("organisations:detail", kwargs={"pk": org.pk}),
    ],
    ids=["approvals", "enrol_colleague", "organisation_detail"],
)
def test_with_totp_the_same_pages_open(client, fjordbo, fjordbo_hr_without_totp, url):
    totp_activate(fjordbo_hr_without_totp)
    client.force_login(fjordbo_hr_without_totp)
    assert client.get(url(fjordbo)).status_code == 200


@pytest.mark.parametrize(
    "role", ["manager", "project_leader", "provider_editor", "network_editor", "superuser"]
)
def test_every_two_factor_role_is_gated(client, role):
    client.force_login(_privileged_without_totp(role))
    for url in ("/admin/", reverse("min_side")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), url


def test_people_without_a_two_factor_role_pass(client, bob):
    client.force_login(bob)
    assert client.get(reverse("min_side")).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/konto/login/",
        "/konto/logout/",
        "/konto/reauthenticate/",
        "/konto/2fa/totp/activate/",
        "/konto/password/change/",
        "/vejledninger/",
        "/soeg/",
        "/",
    ],
)
def test_the_exempt_pages_open_without_totp(client, fjordbo_hr_without_totp, url):
    client.force_login(fjordbo_hr_without_totp)
    response = client.get(url)
    assert not (response.status_code == 302 and response["Location"].startswith(SETUP)), url


def test_setting_up_totp_from_the_gate_works(client, fjordbo_hr_without_totp):
    # The gate sends to the setup page, which first asks for the password again; both are
    # exempt, so the person can get through them.
    client.force_login(fjordbo_hr_without_totp)
    response = client.get(reverse("approvals"), follow=True)
    assert response.status_code == 200
    final = response.redirect_chain[-1][0]
    assert urlsplit(final).path in (SETUP, reverse("account_reauthenticate"))
