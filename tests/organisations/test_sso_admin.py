"""The admin of organisations' identity providers (issue 15, item 2).

Maria (network secretariat) configures Fjordbo's identity provider; Alice (Fjordbo's HR) and
Charlie (Nordlys' HR) may not open it. The secret is written and never shown back; a domain of
another organisation, an http:// issuer and an issuer that does not answer are refused beside
their field, and nothing is saved.
"""

from __future__ import annotations

import http.server
import socket
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from organisations.models import IdentityProvider, IdentityProviderDomain, Organisation
from tests.support.oidc_provider import QUIET, configure_identity_provider, local_oidc_provider

pytestmark = [pytest.mark.django_db, QUIET]

LIST = "/admin/identitetsudbydere/"
NEW = LIST + "new/"


def edit_url(provider: IdentityProvider) -> str:
    return f"{LIST}edit/{provider.pk}/"


@pytest.fixture
def oidc_provider():
    with local_oidc_provider() as provider:
        yield provider


def _data(organisation: Organisation, issuer: str, domains=("fjordbo.example",), **fields):
    data = {
        "organisation": organisation.pk,
        "name": "Fjordbo Entra ID",
        "issuer": issuer,
        "client_id": "almenlaering-fjordbo",
        "client_secret": "meget-hemmelig-værdi",
        "is_enabled": "on",
        "trust_idp_mfa": "on",
        "domains-TOTAL_FORMS": str(len(domains)),
        "domains-INITIAL_FORMS": "0",
        "domains-MIN_NUM_FORMS": "0",
        "domains-MAX_NUM_FORMS": "1000",
    }
    for number, domain in enumerate(domains):
        data[f"domains-{number}-domain"] = domain
        data[f"domains-{number}-id"] = ""
    for name, value in fields.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def _field_errors(response, name: str) -> list[str]:
    return list(response.context["form"].errors.get(name, []))


def _domain_errors(response) -> list[str]:
    formset = response.context["form"].formsets["domains"]
    return [error for form in formset.forms for error in form.errors.get("domain", [])]


def test_only_the_network_secretariat_opens_it(client, maria, alice, charlie_with_totp):
    client.force_login(maria)
    assert client.get(LIST).status_code == 200
    assert client.get(NEW).status_code == 200
    for person in (alice, charlie_with_totp):
        client.force_login(person)
        assert client.get(LIST).status_code in (302, 403)
        assert client.get(NEW).status_code in (302, 403)


def test_the_form_speaks_danish(client, maria):
    client.force_login(maria)
    html = client.get(NEW).content.decode()
    for label in ("Udsteder (issuer)", "Klienthemmelighed", "E-maildomæner", "Kræv single sign-on"):
        assert label.lower() in html.lower(), label


def test_a_provider_is_saved_with_its_domains(client, maria, fjordbo, oidc_provider):
    client.force_login(maria)
    response = client.post(
        NEW, _data(fjordbo, oidc_provider.issuer, ("fjordbo.example", "fjordbo.dk"))
    )
    assert response.status_code == 302, response.context["form"].errors
    provider = IdentityProvider.objects.get(organisation=fjordbo)
    assert provider.client_secret == "meget-hemmelig-værdi"
    assert set(provider.domains.values_list("domain", flat=True)) == {
        "fjordbo.example",
        "fjordbo.dk",
    }


def test_the_secret_is_never_shown_back_and_an_empty_field_keeps_it(
    client, maria, fjordbo, oidc_provider
):
    provider = configure_identity_provider(
        fjordbo, oidc_provider, ["fjordbo.example"], client_secret="gemt-hemmelighed"
    )
    client.force_login(maria)
    html = client.get(edit_url(provider)).content.decode()
    assert "gemt-hemmelighed" not in html
    assert "vises ikke igen" in html
    # The redirect URI to register at the identity provider is shown, in full.
    assert f"http://testserver/konto/oidc/org-{fjordbo.pk}/login/callback/" in html

    data = _data(fjordbo, oidc_provider.issuer, ("fjordbo.example",), client_secret="")
    data.update({"domains-INITIAL_FORMS": "1", "domains-0-id": str(provider.domains.get().pk)})
    data["name"] = "Nyt navn"
    response = client.post(edit_url(provider), data)
    assert response.status_code == 302, response.context["form"].errors
    provider.refresh_from_db()
    assert (provider.name, provider.client_secret) == ("Nyt navn", "gemt-hemmelighed")

    data["client_secret"] = "ny-hemmelighed"
    client.post(edit_url(provider), data)
    provider.refresh_from_db()
    assert provider.client_secret == "ny-hemmelighed"


def test_a_form_with_errors_does_not_send_the_typed_secret_back(client, maria, fjordbo):
    client.force_login(maria)
    response = client.post(NEW, _data(fjordbo, "ftp://example.org", client_secret="skrevet-ind"))
    assert response.status_code == 200
    assert "skrevet-ind" not in response.content.decode()
    assert not IdentityProvider.objects.exists()


@pytest.mark.parametrize(
    "issuer",
    ["http://login.example.org/tenant/v2.0", "ftp://example.org", "https://x.example/?a=1"],
)
def test_an_issuer_must_be_https(client, maria, fjordbo, issuer):
    client.force_login(maria)
    response = client.post(NEW, _data(fjordbo, issuer))
    assert response.status_code == 200
    assert _field_errors(response, "issuer")
    assert not IdentityProvider.objects.exists()


@override_settings(LMS_SSO_ALLOW_LOOPBACK_HTTP=False, DEBUG=False)
def test_http_on_the_loopback_only_in_development_and_tests(client, maria, fjordbo, oidc_provider):
    client.force_login(maria)
    response = client.post(NEW, _data(fjordbo, oidc_provider.issuer))
    assert "https://" in " ".join(_field_errors(response, "issuer"))


def test_a_domain_of_another_organisation_is_refused_beside_the_field(
    client, maria, fjordbo, nordlys, oidc_provider
):
    configure_identity_provider(nordlys, oidc_provider, ["nordlys.example"])
    client.force_login(maria)
    response = client.post(NEW, _data(fjordbo, oidc_provider.issuer, ("NORDLYS.example",)))
    assert response.status_code == 200
    errors = _domain_errors(response)
    assert errors and all("Nordlys" in error for error in errors), errors
    assert not IdentityProvider.objects.filter(organisation=fjordbo).exists()
    assert IdentityProviderDomain.objects.count() == 1


def test_a_domain_twice_in_one_form_is_refused(client, maria, fjordbo, oidc_provider):
    client.force_login(maria)
    response = client.post(
        NEW, _data(fjordbo, oidc_provider.issuer, ("fjordbo.example", "fjordbo.example"))
    )
    assert response.status_code == 200
    assert "Domænet står der allerede." in _domain_errors(response)
    assert not IdentityProvider.objects.exists()


def test_a_domain_must_look_like_one(client, maria, fjordbo, oidc_provider):
    client.force_login(maria)
    response = client.post(NEW, _data(fjordbo, oidc_provider.issuer, ("@fjordbo.example",)))
    assert response.status_code == 200
    assert _domain_errors(response)


def test_an_enabled_provider_needs_a_domain(client, maria, fjordbo, oidc_provider):
    client.force_login(maria)
    response = client.post(NEW, _data(fjordbo, oidc_provider.issuer, ()))
    assert response.status_code == 200
    assert "mindst ét e-maildomæne" in " ".join(_field_errors(response, "is_enabled"))


def test_an_issuer_that_does_not_answer_is_refused_while_enabling(client, maria, fjordbo):
    client.force_login(maria)
    response = client.post(NEW, _data(fjordbo, "http://127.0.0.1:9/tenant"))
    assert response.status_code == 200
    assert "kunne ikke nås" in " ".join(_field_errors(response, "issuer"))
    # Switched off, it may be saved (to finish the configuration later).
    response = client.post(NEW, _data(fjordbo, "http://127.0.0.1:9/tenant", is_enabled=None))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (200, b"<html>Velkommen</html>", "ikke et OpenID Connect discovery-dokument"),
        (200, b'{"issuer": "x"}', "ikke et OpenID Connect discovery-dokument"),
        (404, b"", "svarede med status 404"),
    ],
)
def test_an_address_that_is_no_discovery_document_is_refused(
    client, maria, fjordbo, status, body, message
):
    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client.force_login(maria)
        issuer = f"http://127.0.0.1:{server.server_port}/tenant"
        response = client.post(NEW, _data(fjordbo, issuer))
    finally:
        server.shutdown()
        server.server_close()
    assert message in " ".join(_field_errors(response, "issuer"))
    assert not IdentityProvider.objects.exists()


@override_settings(LMS_SSO_DISCOVERY_TIMEOUT=0.5)
def test_an_issuer_that_hangs_does_not_hang_the_save(client, maria, fjordbo):
    # A server that accepts the connection and never answers.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        client.force_login(maria)
        issuer = f"http://127.0.0.1:{listener.getsockname()[1]}/tenant"
        response = client.post(NEW, _data(fjordbo, issuer))
    finally:
        stop.set()
        thread.join(timeout=2)
        for peer in accepted:
            peer.close()
        listener.close()
    assert response.status_code == 200
    assert "svarede ikke inden for 0.5 sekunder" in " ".join(_field_errors(response, "issuer"))


def test_the_export_leaves_the_secret_out(client, maria, fjordbo, oidc_provider):
    configure_identity_provider(
        fjordbo, oidc_provider, ["fjordbo.example"], client_secret="topsecret"
    )
    client.force_login(maria)
    response = client.get(LIST, {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Fjordbo" in body
    assert b"topsecret" not in body
    assert b"topsecret" not in client.get(LIST).content


def test_the_listing_is_flat(client, maria):
    def add(count: int, start: int) -> None:
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Org {start + n}", kind="housing") for n in range(count)
        )
        providers = IdentityProvider.objects.bulk_create(
            IdentityProvider(
                organisation=organisation,
                issuer="https://login.example/tenant",
                client_id="x",
                client_secret="y",
            )
            for organisation in organisations
        )
        IdentityProviderDomain.objects.bulk_create(
            IdentityProviderDomain(provider=provider, domain=f"org{start + n}.example")
            for n, provider in enumerate(providers)
        )

    client.force_login(maria)
    add(10, 0)
    client.get(LIST)
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST).status_code == 200
    add(990, 10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(LIST).status_code == 200
    assert len(small) == len(large), "\n".join(q["sql"] for q in large.captured_queries)
