"""Single sign-on (issue 15, item 2), end to end against a real OpenID Connect provider.

The provider runs on 127.0.0.1 in the test (tests/support/oidc_provider.py): the authorisation
code flow with PKCE (S256, enforced by the provider) and a nonce. Fjordbo logs in through it for
the domain fjordbo.example: Bob (staff) has an account already, Kim does not. Nordlys has no
single sign-on.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from organisations.models import Membership, User
from tests.factories.organisations import PASSWORD
from tests.support.oidc_provider import (
    QUIET,
    authorize_url_of,
    configure_identity_provider,
    local_oidc_provider,
    log_in_through,
)

pytestmark = [pytest.mark.django_db, QUIET]


@pytest.fixture
def oidc_provider():
    with local_oidc_provider() as provider:
        yield provider


LOGIN = "/konto/login/"
PROVIDER_ID_RE = re.compile(r"^org-\d+$")


@pytest.fixture
def fjordbo_sso(fjordbo, oidc_provider):
    return configure_identity_provider(fjordbo, oidc_provider, ["fjordbo.example"])


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_an_address_of_a_single_sign_on_domain_goes_to_the_identity_provider(
    client,
    fjordbo_sso,
    oidc_provider,
):
    response = client.post(LOGIN, {"login": "Kim@Fjordbo.example"})
    url = authorize_url_of(response)
    assert url.startswith(oidc_provider.authorize_endpoint + "?")
    query = _query(url)
    assert query["login_hint"] == "kim@fjordbo.example"  # allauth's field lower-cases it
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) >= 43
    assert query["nonce"] and query["state"]
    assert query["client_id"] == "almenlaering"
    assert set(query["scope"].split()) == {"openid", "profile", "email"}
    callback = reverse(
        "openid_connect_callback", kwargs={"provider_id": f"org-{fjordbo_sso.organisation_id}"}
    )
    assert query["redirect_uri"] == f"http://testserver{callback}"


def test_a_new_person_logs_in_and_gets_a_membership_with_no_privileged_role(
    client,
    fjordbo,
    fjordbo_sso,
    oidc_provider,
):
    oidc_provider.add_user(
        "kim-sub",
        email="kim@fjordbo.example",
        email_verified=True,
        given_name="Kim",
        family_name="Krog",
    )
    response = log_in_through(client, oidc_provider, "kim@fjordbo.example", "kim-sub")

    assert response.status_code == 302
    assert response["Location"] == reverse("min_side")
    kim = User.objects.get(email="kim@fjordbo.example")
    assert int(client.session[SESSION_KEY]) == kim.pk
    assert (kim.first_name, kim.last_name) == ("Kim", "Krog")
    assert not kim.has_usable_password()
    membership = Membership.objects.get(user=kim)
    assert membership.organisation == fjordbo and membership.is_active
    assert membership.roles == {"staff"}
    assert EmailAddress.objects.filter(
        user=kim, email="kim@fjordbo.example", verified=True, primary=True
    ).exists()
    account = SocialAccount.objects.get(user=kim)
    assert (account.provider, account.uid) == (f"org-{fjordbo.pk}", "kim-sub")
    assert ModelLogEntry.objects.filter(action="lms.sso.create", object_id=str(kim.pk)).exists()
    assert client.get(reverse("min_side")).status_code == 200


def test_the_exchange_uses_pkce_and_the_nonce_and_the_provider_checks_them(
    client,
    fjordbo_sso,
    oidc_provider,
):
    oidc_provider.add_user("kim-sub", email="kim@fjordbo.example", email_verified=True)
    log_in_through(client, oidc_provider, "kim@fjordbo.example", "kim-sub")
    [authorisation] = oidc_provider.authorization_requests
    [token_request] = oidc_provider.token_requests
    assert authorisation["code_challenge_method"] == "S256"
    # The provider compared the verifier with the challenge (else no token, no login).
    assert token_request["code_verifier"]
    assert token_request["grant_type"] == "authorization_code"
    assert "client_secret" not in token_request  # recorded without it, but it was sent
    assert User.objects.filter(email="kim@fjordbo.example").exists()


def test_a_login_reads_the_discovery_document_once(client, fjordbo_sso, oidc_provider):
    # Cached between sending the person away and their return (organisations.sso.discovery).
    oidc_provider.add_user("kim-sub", email="kim@fjordbo.example", email_verified=True)
    log_in_through(client, oidc_provider, "kim@fjordbo.example", "kim-sub")
    discovery = [seen for seen in oidc_provider.requests_seen if "openid-configuration" in seen]
    assert discovery == ["GET /.well-known/openid-configuration"]


def test_allauths_own_page_for_the_provider_also_leaves_by_a_page(
    client, fjordbo, fjordbo_sso, oidc_provider
):
    url = reverse("openid_connect_login", kwargs={"provider_id": f"org-{fjordbo.pk}"})
    assert client.get(url).status_code == 200  # allauth asks to confirm (no login on GET)
    response = client.post(url, {"login_hint": "kim@fjordbo.example", "scope": "offline"})
    query = _query(authorize_url_of(response))
    assert query["login_hint"] == "kim@fjordbo.example"
    assert set(query["scope"].split()) == {"openid", "profile", "email"}  # no extra scope
    assert query["nonce"] and query["code_challenge_method"] == "S256"


def test_connecting_an_identity_to_the_logged_in_account_is_not_offered(
    client, bob, fjordbo, fjordbo_sso
):
    # allauth's "connect" would link an identity to whoever is logged in, whatever its address.
    client.force_login(bob)
    url = reverse("openid_connect_login", kwargs={"provider_id": f"org-{fjordbo.pk}"})
    assert client.post(url, {"process": "connect"}).status_code == 403
    connections = client.get(reverse("socialaccount_connections")).content.decode()
    assert "Testudbyder" not in connections
    assert not SocialAccount.objects.exists()


def test_a_person_with_an_account_is_linked_by_the_verified_address(
    client,
    fjordbo,
    bob,
    fjordbo_sso,
    oidc_provider,
):
    oidc_provider.add_user("bob-sub", email="BOB@fjordbo.example", email_verified=True)
    people_before = User.objects.count()

    response = log_in_through(client, oidc_provider, "bob@fjordbo.example", "bob-sub")

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == bob.pk
    assert User.objects.count() == people_before
    assert SocialAccount.objects.get(user=bob).uid == "bob-sub"
    # His membership stays as it was: no second one, no role changed.
    assert list(Membership.objects.filter(user=bob).values_list("role_staff", "role_hr")) == [
        (True, False)
    ]
    assert bob.has_usable_password()  # his password still works where SSO is not required
    assert ModelLogEntry.objects.filter(action="lms.sso.link", object_id=str(bob.pk)).exists()


def test_a_second_login_finds_the_link(client, bob, fjordbo_sso, oidc_provider):
    oidc_provider.add_user("bob-sub", email="bob@fjordbo.example", email_verified=True)
    log_in_through(client, oidc_provider, "bob@fjordbo.example", "bob-sub")
    client.logout()
    response = log_in_through(client, oidc_provider, "bob@fjordbo.example", "bob-sub")
    assert int(client.session[SESSION_KEY]) == bob.pk
    assert response.status_code == 302
    assert SocialAccount.objects.filter(user=bob).count() == 1


def test_a_member_of_another_organisation_with_an_address_of_the_domain_gets_a_membership(
    client,
    fjordbo,
    nordlys,
    fjordbo_sso,
    oidc_provider,
):
    from tests.factories import person

    ole = person("ole@fjordbo.example", nordlys, ["staff"], "Ole")
    oidc_provider.add_user("ole-sub", email="ole@fjordbo.example", email_verified=True)
    log_in_through(client, oidc_provider, "ole@fjordbo.example", "ole-sub")
    assert int(client.session[SESSION_KEY]) == ole.pk
    assert set(
        Membership.objects.filter(user=ole).values_list("organisation__name", flat=True)
    ) == {
        "Fjordbo",
        "Nordlys",
    }
    assert Membership.objects.get(user=ole, organisation=fjordbo).roles == {"staff"}


def test_an_ended_membership_is_not_brought_back(client, fjordbo, bob, fjordbo_sso, oidc_provider):
    Membership.objects.filter(user=bob).update(is_active=False)
    oidc_provider.add_user("bob-sub", email="bob@fjordbo.example", email_verified=True)
    log_in_through(client, oidc_provider, "bob@fjordbo.example", "bob-sub")
    assert list(Membership.objects.filter(user=bob).values_list("is_active", flat=True)) == [False]


def test_next_is_kept_through_the_identity_provider(client, fjordbo_sso, oidc_provider):
    oidc_provider.add_user("kim-sub", email="kim@fjordbo.example", email_verified=True)
    response = log_in_through(
        client, oidc_provider, "kim@fjordbo.example", "kim-sub", next_url="/vejledninger/"
    )
    assert response["Location"] == "/vejledninger/"


# --- The login page: e-mail first, enumeration kept out ---------------------------------------


def test_an_address_without_single_sign_on_is_asked_for_the_password(client, fjordbo_sso, nordlys):
    response = client.post(LOGIN, {"login": "someone@nordlys.example"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"password": ["Skriv din adgangskode."]}
    html = response.content.decode()
    assert 'value="someone@nordlys.example"' in html  # what was typed stays


@pytest.mark.parametrize("domain", ["fjordbo.example", "nordlys.example"])
def test_the_answer_does_not_tell_whether_a_person_exists(
    client, fjordbo_sso, bob, charlie, domain
):
    known = {"fjordbo.example": "bob@fjordbo.example", "nordlys.example": "charlie@nordlys.example"}
    first = client.post(LOGIN, {"login": known[domain]})
    second = client.post(LOGIN, {"login": f"nobody@{domain}"})
    assert first.status_code == second.status_code == 200
    if domain == "fjordbo.example":  # both on their way to the identity provider
        assert urlsplit(authorize_url_of(first)).path == urlsplit(authorize_url_of(second)).path
    else:  # both asked for the password, with the same words
        assert first.context["form"].errors == second.context["form"].errors


def test_the_password_field_is_not_required_in_the_html_but_the_address_is(client, fjordbo_sso):
    html = client.get(LOGIN).content.decode()
    password = re.search(r"<input[^>]*name=\"password\"[^>]*>", html).group(0)
    login = re.search(r"<input[^>]*name=\"login\"[^>]*>", html).group(0)
    assert "required" not in password
    assert "required" in login
    assert "single sign-on" in html


def test_a_password_still_logs_in_where_single_sign_on_is_not_required(client, bob, fjordbo_sso):
    response = client.post(LOGIN, {"login": bob.email, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == bob.pk


def test_a_disabled_identity_provider_sends_nobody_away(client, bob, fjordbo_sso):
    fjordbo_sso.is_enabled = False
    fjordbo_sso.save()
    response = client.post(LOGIN, {"login": bob.email})
    assert response.status_code == 200
    assert response.context["form"].errors == {"password": ["Skriv din adgangskode."]}


def test_an_identity_provider_that_does_not_answer_gets_a_danish_page(client, fjordbo):
    from organisations.models import IdentityProvider, IdentityProviderDomain

    row = IdentityProvider.objects.create(
        organisation=fjordbo, issuer="http://127.0.0.1:9", client_id="x", client_secret="y"
    )
    IdentityProviderDomain.objects.create(provider=row, domain="fjordbo.example")
    response = client.post(LOGIN, {"login": "kim@fjordbo.example"})
    assert response.status_code == 503
    assert "som ikke svarer lige nu" in response.content.decode()


# --- An organisation that requires single sign-on ---------------------------------------------


@pytest.fixture
def fjordbo_requires_sso(fjordbo_sso):
    fjordbo_sso.require_sso = True
    fjordbo_sso.save()
    return fjordbo_sso


def test_with_sso_required_even_a_password_goes_to_the_identity_provider(
    client,
    bob,
    fjordbo_requires_sso,
    oidc_provider,
):
    response = client.post(LOGIN, {"login": bob.email, "password": PASSWORD})
    assert authorize_url_of(response).startswith(oidc_provider.authorize_endpoint)
    assert SESSION_KEY not in client.session


def test_a_member_with_an_address_elsewhere_may_not_use_the_password(
    client, fjordbo, fjordbo_requires_sso
):
    from core.models import AccessEvent
    from tests.factories import person

    consultant = person("lis@raadgiver.example", fjordbo, ["staff"], "Lis")
    response = client.post(
        LOGIN, {"login": consultant.email, "password": PASSWORD, "next": "/vejledninger/"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "kræver, at du logger ind gennem Testudbyder" in html
    assert reverse("sso_start", kwargs={"provider_id": f"org-{fjordbo.pk}"}) in html
    assert '<input type="hidden" name="next" value="/vejledninger/">' in html
    assert SESSION_KEY not in client.session
    assert AccessEvent.objects.filter(
        subject_id=consultant.pk, action="login_failed", detail__reason="sso_required"
    ).exists()


def test_a_wrong_password_says_only_that_it_is_wrong(client, fjordbo, fjordbo_requires_sso):
    from tests.factories import person

    consultant = person("lis@raadgiver.example", fjordbo, ["staff"], "Lis")
    response = client.post(LOGIN, {"login": consultant.email, "password": "forkert-kodeord"})
    assert response.status_code == 200
    assert "single sign-on" not in str(response.context["form"].errors)


def test_the_button_on_that_page_starts_the_login_at_the_identity_provider(
    client,
    fjordbo,
    fjordbo_requires_sso,
    oidc_provider,
):
    url = reverse("sso_start", kwargs={"provider_id": f"org-{fjordbo.pk}"})
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "https://evil.example/"})
    assert authorize_url_of(response).startswith(oidc_provider.authorize_endpoint)
    assert (
        client.post(reverse("sso_start", kwargs={"provider_id": "org-999999"})).status_code == 404
    )
    assert client.post(reverse("sso_start", kwargs={"provider_id": "google"})).status_code == 404


def test_a_password_reset_tells_them_to_use_single_sign_on(
    client, fjordbo, fjordbo_requires_sso, django_capture_on_commit_callbacks
):
    from tests.factories import person

    consultant = person("lis@raadgiver.example", fjordbo, ["staff"], "Lis")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": consultant.email})
    [message] = mail.outbox
    assert "/konto/password/reset/key/" not in message.body
    assert "Testudbyder" in message.body and "http://testserver/konto/login/" in message.body
    assert "single sign-on" in message.subject


def test_a_password_reset_without_single_sign_on_is_as_before(
    client, charlie, fjordbo_requires_sso, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": charlie.email})
    [message] = mail.outbox
    assert "/konto/password/reset/key/" in message.body
