"""The API's foundation: token authentication, scopes, pagination, updated_since, errors.

Alice (HR of Fjordbo) makes Fjordbo's tokens; Charlie (HR of Nordlys) makes Nordlys'. The
endpoints used here are the simplest ones (departments, people); their own tests are elsewhere.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from api import services
from api.authentication import LAST_USED_RESOLUTION
from api.base import parse_updated_since
from api.models import ApiToken, TokenScope, hash_key
from organisations.models import Membership
from tests.api.conftest import client_for, make_token
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

DEPARTMENTS = "/api/v1/departments/"
PEOPLE = "/api/v1/people/"


# --- Authentication ---------------------------------------------------------------------------


def test_a_token_reads_its_organisation(fjordbo_read):
    _token, key = fjordbo_read
    response = client_for(key).get(DEPARTMENTS)
    assert response.status_code == 200
    assert [d["name"] for d in response.json()["results"]] == ["Fjordparken"]


def test_only_the_hash_of_the_key_is_stored(fjordbo_read):
    token, key = fjordbo_read
    token.refresh_from_db()
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert key.startswith(token.key_prefix) and len(token.key_prefix) == 12
    assert not ApiToken.objects.filter(key_hash=key).exists()


def test_without_a_token_the_answer_is_401_in_danish(db):
    response = client_for(None).get(DEPARTMENTS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "API-nøgle" in response.json()["detail"]


@pytest.mark.parametrize(
    "header",
    ["Bearer alm_unknownkey", "Bearer", "Bearer two parts", "Bearer æøå".encode()],
    ids=["unknown", "no key", "spaces", "not ascii"],
)
def test_an_unknown_or_malformed_key_is_refused(db, header):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(DEPARTMENTS)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_an_expired_token_is_refused(fjordbo, alice):
    token, key = make_token(fjordbo, alice, expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client_for(key).get(DEPARTMENTS)
    assert response.status_code == 401
    assert response.json()["detail"] == "API-nøglen er udløbet."


def test_a_revoked_token_is_refused(fjordbo_read, alice):
    token, key = fjordbo_read
    services.token_revoke(token=token, actor=alice)
    response = client_for(key).get(DEPARTMENTS)
    assert response.status_code == 401
    assert response.json()["detail"] == "API-nøglen er tilbagekaldt."


@pytest.mark.parametrize("change", ["hr_role_removed", "membership_ended", "account_closed"])
def test_a_token_stops_when_its_creator_is_no_longer_hr_there(fjordbo_read, alice, change):
    _token, key = fjordbo_read
    membership = Membership.objects.get(user=alice, organisation__name="Fjordbo")
    if change == "hr_role_removed":
        Membership.objects.filter(pk=membership.pk).update(role_hr=False)
    elif change == "membership_ended":
        Membership.objects.filter(pk=membership.pk).update(is_active=False)
    else:
        type(alice).objects.filter(pk=alice.pk).update(is_active=False)
    response = client_for(key).get(DEPARTMENTS)
    assert response.status_code == 401
    assert "ikke længere HR" in response.json()["detail"]


def test_a_token_of_an_erased_creator_stops(fjordbo_read, alice):
    token, key = fjordbo_read
    ApiToken.objects.filter(pk=token.pk).update(created_by=None)
    assert client_for(key).get(DEPARTMENTS).status_code == 401


def test_a_session_login_does_not_authenticate_the_api(client, alice):
    # Only tokens: no session, so no CSRF questions either.
    client.force_login(alice)
    assert client.get(DEPARTMENTS).status_code == 401


def test_last_use_is_written_at_most_once_a_minute(fjordbo_read, django_assert_num_queries):
    token, key = fjordbo_read
    api = client_for(key)
    api.get(DEPARTMENTS)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    # Second request within the minute: token query + the list, no UPDATE.
    with django_assert_num_queries(2):
        api.get(DEPARTMENTS)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=first - LAST_USED_RESOLUTION - timedelta(seconds=1)
    )
    api.get(DEPARTMENTS)
    token.refresh_from_db()
    assert token.last_used_at > first


# --- Scope ------------------------------------------------------------------------------------


def test_a_read_token_may_not_write(fjordbo_read):
    _token, key = fjordbo_read
    response = client_for(key).post(PEOPLE, {"rows": [{"email": "ny@fjordbo.example"}]})
    assert response.status_code == 403
    assert "kun læse" in response.json()["detail"]
    assert not Membership.objects.filter(user__email="ny@fjordbo.example").exists()


def test_a_read_write_token_may_read(fjordbo_write):
    _token, key = fjordbo_write
    assert client_for(key).get(DEPARTMENTS).status_code == 200


# --- Another organisation -----------------------------------------------------------------


def test_a_token_of_another_organisation_sees_only_its_own(fjordbo, nordlys_read, bob):
    _token, key = nordlys_read
    names = [d["name"] for d in client_for(key).get(DEPARTMENTS).json()["results"]]
    assert names == ["Nordlyset"]
    emails = [p["email"] for p in client_for(key).get(PEOPLE).json()["results"]]
    assert "bob@fjordbo.example" not in emails


def test_a_creator_in_two_organisations_reads_only_the_tokens_one(fjordbo, nordlys, alice):
    # Alice becomes HR of Nordlys too; her Nordlys token still never shows Fjordbo.
    from tests.factories import MembershipFactory

    MembershipFactory.create(user=alice, organisation=nordlys, roles=["staff", "hr"])
    _token, key = make_token(nordlys, alice)
    names = [d["name"] for d in client_for(key).get(DEPARTMENTS).json()["results"]]
    assert names == ["Nordlyset"]
    fjordpark = fjordbo.departments.get().pk
    assert client_for(key).get(f"{DEPARTMENTS}{fjordpark}/").status_code == 404


# --- Pagination -------------------------------------------------------------------------------


def _departments(organisation, count):
    for number in range(count):
        DepartmentFactory.create(organisation=organisation, number=f"9{number:03d}")


def test_cursor_pages_cover_every_row_once(fjordbo, fjordbo_read):
    _departments(fjordbo, 11)
    _token, key = fjordbo_read
    api = client_for(key)
    seen, url, pages = [], f"{DEPARTMENTS}?page_size=5", 0
    while url:
        body = api.get(url).json()
        seen += [d["id"] for d in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert sorted(seen) == seen and len(set(seen)) == 12


def test_a_huge_page_size_is_capped_at_500(fjordbo, fjordbo_read):
    _departments(fjordbo, 3)
    _token, key = fjordbo_read
    api = client_for(key)
    response = api.get(f"{DEPARTMENTS}?page_size=100000000000")
    assert response.status_code == 200 and len(response.json()["results"]) == 4


@pytest.mark.parametrize("size", ["0", "-3", "abc", "", "1.5"])
def test_a_page_size_that_is_not_a_whole_number_from_1_is_a_400(fjordbo_read, size):
    _token, key = fjordbo_read
    response = client_for(key).get(DEPARTMENTS, {"page_size": size})
    assert response.status_code == 400
    assert "helt tal fra 1 til 500" in response.json()["page_size"][0]


def test_a_nul_byte_in_the_query_is_a_json_400(fjordbo_read):
    _token, key = fjordbo_read
    response = client_for(key).get(f"{DEPARTMENTS}?cursor=%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_an_unknown_api_address_is_a_json_404(db):
    for path in ("/api/v1/nothing/", "/api/v1/people/1.5/x/", "/api/v1/people//"):
        response = client_for(None).get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert "findes ikke" in response.json()["detail"]


@pytest.mark.parametrize("pk", ["x", "1.5", "99999999999999999999999", "-1"])
def test_a_malformed_id_is_a_json_404(fjordbo_read, pk):
    _token, key = fjordbo_read
    response = client_for(key).get(f"{PEOPLE}{pk}/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_page_size_cap_is_500(fjordbo_read):
    from api.pagination import ApiCursorPagination

    assert ApiCursorPagination.max_page_size == 500
    assert ApiCursorPagination.page_size == 100


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "cD0xMjM=",  # DRF's own unsigned format: p=123
        signing.dumps({"o": 0, "r": 0, "p": "1"}, salt="another"),
        signing.dumps({"o": -1, "r": 0, "p": "1"}, salt="api.cursor"),
        signing.dumps({"o": 0, "r": 0, "p": 5}, salt="api.cursor"),
        signing.dumps(["x"], salt="api.cursor"),
    ],
    ids=["garbage", "unsigned", "wrong salt", "negative offset", "not text", "not an object"],
)
def test_a_bad_cursor_is_a_400_in_danish(fjordbo_read, cursor):
    _token, key = fjordbo_read
    response = client_for(key).get(DEPARTMENTS, {"cursor": cursor})
    assert response.status_code == 400
    assert "Markøren" in response.json()["cursor"][0]


# --- updated_since ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["igår", "2025-13-01", "2025-02-30T10:00:00", "", "12"],
)
def test_a_bad_updated_since_is_a_400_in_danish(fjordbo_read, value):
    _token, key = fjordbo_read
    response = client_for(key).get(PEOPLE, {"updated_since": value})
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["updated_since"][0]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2025-03-01T08:00:00+01:00", "2025-03-01T07:00:00+00:00"),
        ("2025-03-01T08:00:00 01:00", "2025-03-01T07:00:00+00:00"),  # "+" sent unencoded
        ("2025-03-01T07:00:00Z", "2025-03-01T07:00:00+00:00"),
        ("2025-03-01", "2025-02-28T23:00:00+00:00"),  # midnight, Danish time
        ("2025-07-01T08:00", "2025-07-01T06:00:00+00:00"),  # naive: Danish summer time
        ("0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00+00:00"),  # the edge: clamped
        ("9999-12-31T23:59:59-01:00", "9999-12-31T23:59:59.999999+00:00"),
    ],
)
def test_updated_since_reads_iso_8601(raw, iso):
    assert parse_updated_since(raw).isoformat() == iso


def test_updated_since_filters_the_list(fjordbo, fjordbo_read, bob):
    _token, key = fjordbo_read
    later = timezone.now() + timedelta(hours=1)
    assert client_for(key).get(PEOPLE, {"updated_since": later.isoformat()}).json()["results"] == []
    everyone = client_for(key).get(PEOPLE, {"updated_since": "2000-01-01"}).json()["results"]
    assert {p["email"] for p in everyone} >= {"bob@fjordbo.example", "alice@fjordbo.example"}


# --- Malformed requests -----------------------------------------------------------------------


def test_malformed_json_is_a_400_in_danish_and_saves_nothing(fjordbo_write):
    _token, key = fjordbo_write
    response = client_for(key).post(
        PEOPLE, data='{"rows": [{"email": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert "gyldig JSON" in response.json()["detail"]
    assert response.json()["applied"] is False


def test_malformed_json_on_another_endpoint_is_a_400_in_danish(fjordbo_write):
    # The exception handler's message, for endpoints that read the body the ordinary way.
    from rest_framework.exceptions import ParseError

    from api.exceptions import api_exception_handler

    response = api_exception_handler(ParseError("JSON parse error - x"), {})
    assert response is not None and response.status_code == 400
    assert response.data == {"detail": "Forespørgslens indhold er ikke gyldig JSON."}


def test_a_wrong_content_type_is_a_415_in_danish(fjordbo_write):
    _token, key = fjordbo_write
    response = client_for(key).post(
        PEOPLE, data="email=ny@fjordbo.example", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]


def test_json_is_the_only_answer(fjordbo_read):
    _token, key = fjordbo_read
    response = client_for(key).get(DEPARTMENTS, HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert "JSON" in response.json()["detail"]


def test_an_unknown_method_is_a_405_in_danish(fjordbo_write):
    _token, key = fjordbo_write
    response = client_for(key).delete(DEPARTMENTS)
    assert response.status_code == 405
    assert response.json()["detail"] == "Metoden er ikke tilladt her."


# --- Throttling -------------------------------------------------------------------------------


def test_requests_are_limited_per_token(fjordbo, alice, monkeypatch):
    from api.throttling import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "2/minute"})
    _a, key_a = make_token(fjordbo, alice, name="A")
    _b, key_b = make_token(fjordbo, alice, name="B")
    statuses = [client_for(key_a).get(DEPARTMENTS).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = client_for(key_a).get(DEPARTMENTS)
    assert "For mange forespørgsler" in limited.json()["detail"]
    assert int(limited["Retry-After"]) > 0
    # Another token of the same organisation has its own count.
    assert client_for(key_b).get(DEPARTMENTS).status_code == 200


def test_the_public_catalogue_is_limited_per_ip_address(db, monkeypatch):
    from api.throttling import AnonymousRateThrottle

    monkeypatch.setattr(AnonymousRateThrottle, "THROTTLE_RATES", {"anonymous": "2/minute"})
    statuses = [client_for(None).get("/api/v1/guides/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_throttling_fails_open_without_a_cache(fjordbo_read, monkeypatch):
    # The project's cache fails open (core.cache): a cache that remembers nothing never limits.
    from django.core.cache.backends.dummy import DummyCache

    from api.throttling import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "1/minute"})
    monkeypatch.setattr(TokenRateThrottle, "cache", DummyCache("dummy", {}))
    _token, key = fjordbo_read
    assert [client_for(key).get(DEPARTMENTS).status_code for _ in range(3)] == [200] * 3


# --- Scope values -----------------------------------------------------------------------------


def test_scope_labels_are_danish():
    assert [str(label) for _value, label in TokenScope.choices] == ["Læse", "Læse og skrive"]
