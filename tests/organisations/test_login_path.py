"""One login path: allauth's, with its second factor and rate limits (issue 11, critical).

Wagtail's /admin/login/, its front-end /_util/login/ and its /admin/password_reset/ flow used to
accept a password alone. Now they only redirect to allauth's pages and never log anyone in.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from organisations import demo, services
from tests.factories.organisations import totp_activate
from tests.organisations.conftest import PASSWORD, make_person

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"


@pytest.fixture
def maria(db):
    """A network editor with TOTP: she may use the Wagtail admin."""
    network = services.organisation_create(name="Sekretariatet", kind="network")
    user = make_person("maria@net.example", network, ["staff", "network_editor"], "Maria")
    totp_activate(user)
    return user


def _query(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query)


def _assert_not_logged_in(client: Client) -> None:
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("url", ["/admin/login/", "/_util/login/"])
def test_a_password_posted_to_another_login_form_logs_nobody_in(client, maria, url):
    response = client.post(url, {"username": maria.email, "password": PASSWORD})
    assert response.status_code == 303
    assert urlsplit(response["Location"]).path == LOGIN
    _assert_not_logged_in(client)


def test_the_admin_login_sends_to_allauth_and_keeps_a_safe_next(client):
    response = client.get("/admin/login/", {"next": "/admin/pages/"})
    assert urlsplit(response["Location"]).path == LOGIN
    assert _query(response["Location"])["next"] == ["/admin/pages/"]


def test_the_admin_login_drops_a_next_that_leaves_the_site(client):
    response = client.get("/admin/login/", {"next": "https://evil.example/phish"})
    assert _query(response["Location"])["next"] == ["/admin/"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/password_reset/",
        "/admin/password_reset/done/",
        "/admin/password_reset/confirm/MQ/abc-123/",
        "/admin/password_reset/complete/",
    ],
)
def test_every_step_of_wagtails_password_reset_goes_to_allauths(client, alice, url):
    response = client.post(url, {"email": alice.email})
    assert response.status_code == 303
    assert response["Location"] == reverse("account_reset_password")
    assert client.get(url).status_code == 303
    assert mail.outbox == []


def test_the_wagtail_admin_itself_sends_anonymous_people_to_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == LOGIN


def test_django_admin_is_not_routed(client):
    # django.contrib.admin is installed (Wagtail needs its LogEntry), but has no login of its
    # own: /django-admin/ and the like fall through to Wagtail's page serving, a 404.
    from django.contrib.admin.sites import site
    from django.urls import get_resolver

    def callbacks(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from callbacks(pattern.url_patterns)
            else:
                yield pattern.callback

    login = site.login
    assert all(
        getattr(callback, "__func__", callback) is not getattr(login, "__func__", login)
        for callback in callbacks(get_resolver().url_patterns)
    )


def test_allauths_login_asks_a_totp_holder_for_the_code_before_the_admin(client, maria):
    response = client.post(LOGIN, {"login": maria.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    # The password alone: not logged in, the admin still sends to the login.
    _assert_not_logged_in(client)

    response = client.post(reverse("mfa_authenticate"), {"code": demo.current_totp_code()})
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == maria.pk
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_log_in(client, alice):
    client.post(LOGIN, {"login": alice.email, "password": PASSWORD})
    code = demo.current_totp_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    _assert_not_logged_in(client)


def test_after_too_many_failures_even_the_right_password_is_refused(client, alice):
    # ACCOUNT_RATE_LIMITS: at most 5 failures per address in 5 minutes.
    for _attempt in range(5):
        response = client.post(LOGIN, {"login": alice.email, "password": "forkert-kodeord"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"login": alice.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert not str(response.get("Location", "")).startswith(reverse("mfa_authenticate"))
    assert SESSION_KEY not in client.session


def test_after_too_many_failures_from_one_address_it_is_refused(client, alice):
    # 10 failures a minute from one IP address, each for a different e-mail address.
    for number in range(10):
        client.post(LOGIN, {"login": f"gaet{number}@example.org", "password": "forkert"})
    response = client.post(LOGIN, {"login": alice.email, "password": PASSWORD})
    assert not str(response.get("Location", "")).startswith(reverse("mfa_authenticate"))
    assert SESSION_KEY not in client.session


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_limit_counts_the_client_not_the_proxy(client, alice):
    # Every request comes from the load balancer (REMOTE_ADDR 127.0.0.1); the client is the
    # last address in X-Forwarded-For. One attacker's ten failures lock out only that attacker.
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for number in range(10):
        client.post(
            LOGIN, {"login": f"gaet{number}@example.org", "password": "forkert"}, **attacker
        )
    refused = client.post(LOGIN, {"login": alice.email, "password": PASSWORD}, **attacker)
    assert not str(refused.get("Location", "")).startswith(reverse("mfa_authenticate"))

    colleague = Client()
    response = colleague.post(
        LOGIN,
        {"login": alice.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_authenticate"))


def test_behind_a_proxy_a_forged_first_address_does_not_escape_the_limit(client, alice):
    # The proxy appends the address it saw; an attacker can only prepend. With one trusted
    # proxy, the address counted is the proxy's last entry, whatever the attacker puts first.
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        for number in range(10):
            client.post(
                LOGIN,
                {"login": f"gaet{number}@example.org", "password": "forkert"},
                HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.7",
            )
        response = client.post(
            LOGIN,
            {"login": alice.email, "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7",
        )
    assert not str(response.get("Location", "")).startswith(reverse("mfa_authenticate"))


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "0 None"),
        ({"DJANGO_BEHIND_PROXY": "true"}, "1 None"),
        (
            {
                "DJANGO_BEHIND_PROXY": "true",
                "DJANGO_TRUSTED_PROXY_COUNT": "2",
                "DJANGO_CLIENT_IP_HEADER": "X-Real-IP",
            },
            "2 X-Real-IP",
        ),
    ],
)
def test_production_takes_the_client_address_from_the_proxy_only_when_behind_one(
    variables, expected
):
    from tests.lms.test_production_settings import manage

    script = (
        "from allauth import app_settings as s; "
        "print(s.TRUSTED_PROXY_COUNT, s.TRUSTED_CLIENT_IP_HEADER)"
    )
    result = manage(
        "shell", "-c", script,
        DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="almenlaering.dk", **variables,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_wagtails_account_page_offers_no_second_password_change(client, maria):
    client.force_login(maria)
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    assert "old_password" not in response.content.decode()


def test_after_too_many_wrong_codes_even_the_right_code_is_refused(client, maria):
    # The second factor shares the login_failed limit (5 per person in 5 minutes).
    client.post(LOGIN, {"login": maria.email, "password": PASSWORD})
    code = demo.current_totp_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _attempt in range(5):
        client.post(reverse("mfa_authenticate"), {"code": wrong})
    client.post(reverse("mfa_authenticate"), {"code": demo.current_totp_code()})
    _assert_not_logged_in(client)


def test_a_password_reset_does_not_log_a_totp_holder_in(
    client, maria, django_capture_on_commit_callbacks
):
    # allauth's reset is the one reset; it sets the password and then asks for a login, with
    # the code (ACCOUNT_LOGIN_ON_PASSWORD_RESET = False).
    import re

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": maria.email})
    link = re.search(r"https?://[^/\s]+(/konto/password/reset/key/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    form_url = client.get(link.group(1))["Location"]
    new_password = "Nyt-Sikkert-Kodeord-42"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    maria.refresh_from_db()
    assert maria.check_password(new_password)
    _assert_not_logged_in(client)
