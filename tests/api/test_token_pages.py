"""HR's pages for API tokens: list, create (the key shown once), revoke; 404 for everyone else.

Alice is HR of Fjordbo; Bob is staff there; Charlie is HR of Nordlys (with TOTP here, so that
the two-factor gate does not answer for the access policy).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from api.models import ApiToken, TokenScope, hash_key
from tests.api.conftest import client_for, make_token

pytestmark = pytest.mark.django_db


def _list_url(organisation):
    return reverse("api_tokens:list", kwargs={"organisation_pk": organisation.pk})


def _revoke_url(organisation, token):
    return reverse(
        "api_tokens:revoke", kwargs={"organisation_pk": organisation.pk, "token_pk": token.pk}
    )


# --- The list and creating a token -------------------------------------------------------------


def test_hr_sees_the_tokens_without_their_keys(client, fjordbo, alice, fjordbo_read):
    token, key = fjordbo_read
    client.force_login(alice)
    response = client.get(_list_url(fjordbo))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Intranettet" in page and token.key_prefix in page
    assert key not in page


def test_creating_a_token_shows_the_key_once(client, fjordbo, alice):
    client.force_login(alice)
    response = client.post(
        _list_url(fjordbo), {"name": "Lønsystemet", "scope": TokenScope.READ_WRITE}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = response.context["key"]
    token = ApiToken.objects.get()
    assert token.key_hash == hash_key(key) and token.scope == TokenScope.READ_WRITE
    assert token.created_by == alice and token.organisation == fjordbo
    assert key in response.content.decode()
    # The key works, and no later page shows it again.
    assert client_for(key).get("/api/v1/departments/").status_code == 200
    assert key not in client.get(_list_url(fjordbo)).content.decode()
    assert ModelLogEntry.objects.filter(action="api.token.create", user_id=alice.pk).exists()


def test_an_expiry_date_means_the_end_of_that_day(client, fjordbo, alice):
    client.force_login(alice)
    day = timezone.localdate() + timedelta(days=3)
    client.post(_list_url(fjordbo), {"name": "Kort", "scope": "read", "expires_on": day})
    expires = timezone.localtime(ApiToken.objects.get().expires_at)
    assert expires.date() == day + timedelta(days=1)
    assert (expires.hour, expires.minute) == (0, 0)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "scope": "read"}, "name", "Giv nøglen et navn"),
        ({"name": "X", "scope": "admin"}, "scope", "gyldig valgmulighed"),
        ({"name": "X", "scope": "read", "expires_on": "31-12-2030"}, "expires_on", "åååå-mm-dd"),
        ({"name": "X", "scope": "read", "expires_on": "2020-01-01"}, "expires_on", "passeret"),
        ({"name": "X" * 101, "scope": "read"}, "name", "100"),
    ],
    ids=["no name", "unknown scope", "bad date", "past date", "long name"],
)
def test_bad_input_is_explained_beside_the_field_and_kept(
    client, fjordbo, alice, data, field, message
):
    client.force_login(alice)
    response = client.post(_list_url(fjordbo), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form.data["name"] == data["name"]
    assert not ApiToken.objects.exists()


def test_the_page_is_danish_and_labelled(client, fjordbo, alice):
    client.force_login(alice)
    page = client.get(_list_url(fjordbo)).content.decode()
    assert "<h1>API-nøgler</h1>" in page
    assert 'for="id_name"' in page and "Læse og skrive" in page


# --- Revoking ---------------------------------------------------------------------------------


def test_revoking_asks_first_then_revokes(client, fjordbo, alice, fjordbo_read):
    token, key = fjordbo_read
    client.force_login(alice)
    confirm = client.get(_revoke_url(fjordbo, token))
    assert confirm.status_code == 200 and "kan ikke fortrydes" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # a GET changes nothing
    response = client.post(_revoke_url(fjordbo, token))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == alice
    assert client_for(key).get("/api/v1/departments/").status_code == 401
    assert ModelLogEntry.objects.filter(action="api.token.revoke").count() == 1
    # Twice: nothing more happens.
    client.post(_revoke_url(fjordbo, token))
    assert ModelLogEntry.objects.filter(action="api.token.revoke").count() == 1


# --- Access: HR of that organisation only -------------------------------------------------------


def test_staff_gets_404(client, fjordbo, bob, fjordbo_read):
    token, _key = fjordbo_read
    client.force_login(bob)
    assert client.get(_list_url(fjordbo)).status_code == 404
    assert client.post(_list_url(fjordbo), {"name": "X", "scope": "read"}).status_code == 404
    assert client.get(_revoke_url(fjordbo, token)).status_code == 404
    assert client.post(_revoke_url(fjordbo, token)).status_code == 404
    assert ApiToken.objects.count() == 1


def test_hr_of_another_organisation_gets_404(client, fjordbo, charlie_with_totp, fjordbo_read):
    token, _key = fjordbo_read
    client.force_login(charlie_with_totp)
    assert client.get(_list_url(fjordbo)).status_code == 404
    assert client.post(_list_url(fjordbo), {"name": "X", "scope": "read"}).status_code == 404
    assert client.get(_revoke_url(fjordbo, token)).status_code == 404
    assert client.post(_revoke_url(fjordbo, token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_organisations_token_under_ones_own_organisation_is_404(
    client, fjordbo, nordlys, alice, charlie_with_totp
):
    nordlys_token, _key = make_token(nordlys, charlie_with_totp)
    client.force_login(alice)
    assert client.get(_revoke_url(fjordbo, nordlys_token)).status_code == 404
    assert client.post(_revoke_url(fjordbo, nordlys_token)).status_code == 404
    nordlys_token.refresh_from_db()
    assert nordlys_token.revoked_at is None


def test_anonymous_is_sent_to_log_in(client, fjordbo):
    response = client.get(_list_url(fjordbo))
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_the_token_pages_stay_behind_the_two_factor_gate(client, fjordbo, alice):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=alice).delete()
    client.force_login(alice)
    response = client.get(_list_url(fjordbo))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_the_api_is_not_behind_the_two_factor_gate(client, fjordbo, charlie):
    # Charlie (HR, no TOTP) logged in: the gate would redirect a page, but the API answers by
    # its own (token) rules, whatever the browser's session.
    client.force_login(charlie)
    assert client.get("/api/v1/guides/").status_code == 200
    assert client.get("/api/v1/departments/").status_code == 401
    assert client.get("/api/v1/schema/").status_code == 200


def test_the_list_costs_the_same_for_3_and_30_tokens(
    client, fjordbo, alice, django_assert_num_queries
):
    client.force_login(alice)
    url = _list_url(fjordbo)
    for number in range(3):
        make_token(fjordbo, alice, name=f"N{number}")
    client.get(url)  # warm: session, site settings
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(27):
        make_token(fjordbo, alice, name=f"M{number}")
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 30


def test_the_organisation_page_links_to_the_tokens_for_hr_only(client, fjordbo, alice, bob):
    link = _list_url(fjordbo)
    page = reverse("organisations:detail", kwargs={"pk": fjordbo.pk})
    client.force_login(alice)
    assert f'href="{link}"' in client.get(page).content.decode()
    client.force_login(bob)
    assert f'href="{link}"' not in client.get(page).content.decode()
