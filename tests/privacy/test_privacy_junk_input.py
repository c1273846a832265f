"""The privacy routes (/mine-data/, /sletning/, /persondatalog/) under junk input: other
people's ids, ids that overflow, non-numeric pages and extreme dates answer 404 or a normal page
(never a 500, never someone else's data).

Alice is HR of Fjordbo, Bob staff there; Charlie is HR of Nordlys.
"""

# ruff: noqa: F811  (pytest fixtures imported from tests.competencies.conftest)
import pytest
from django.urls import reverse

from privacy import erasure
from privacy import export as exports
from tests.competencies.conftest import alice, bob, charlie, fjordbo, nordlys  # noqa: F401

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        f"person={HUGE}",
        "person=abc",
        "action=ukendt",
        "since=abc",
        # The earliest date a date field accepts: local midnight is still year 0 in UTC,
        # which SQLite's adapter cannot convert (OverflowError, a 500, before the fix).
        "since=0001-01-01",
        "until=9999-12-31",
        "since=9999-12-31&until=0001-01-01",
    ],
)
@pytest.mark.parametrize("name", ["audit:log", "audit:log_export"])
def test_the_access_log_and_its_export_survive_junk_filters(client, alice, fjordbo, name, query):
    client.force_login(alice)
    response = client.get(reverse(name, kwargs={"org_pk": fjordbo.pk}) + "?" + query)
    assert response.status_code == 200


def test_staff_get_404_for_other_peoples_exports_requests_and_logs(
    client, django_capture_on_commit_callbacks, alice, bob, charlie, fjordbo, nordlys
):
    with django_capture_on_commit_callbacks(execute=True):
        own = exports.export_request_create(person=alice, requested_by=alice)
        for_hr = exports.export_request_create(person=bob, requested_by=alice, organisation=fjordbo)
    request = erasure.erasure_request_create(person=alice, requested_by=alice, reason="")
    client.force_login(bob)
    urls = [
        reverse("privacy:export_status", kwargs={"pk": own.pk}),
        reverse("privacy:export_download", kwargs={"pk": own.pk}),
        reverse("privacy:person_export", kwargs={"user_id": alice.pk}),
        reverse("erasure:decide", kwargs={"pk": request.pk}),
        reverse("audit:log", kwargs={"org_pk": fjordbo.pk}),
        reverse("audit:log_export", kwargs={"org_pk": fjordbo.pk}),
        f"/mine-data/udtraek/{HUGE}/status/",
        f"/mine-data/udtraek/{HUGE}/hent/",
        f"/mine-data/person/{HUGE}/",
        f"/sletning/{HUGE}/",
        f"/persondatalog/{HUGE}/",
        "/mine-data/udtraek/abc/hent/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("erasure:cancel", kwargs={"pk": request.pk})).status_code == 404
    assert client.post(f"/sletning/{HUGE}/annuller/").status_code == 404
    # HR of another organisation reaches none of Fjordbo's.
    client.force_login(charlie)
    for url in (
        reverse("privacy:export_download", kwargs={"pk": for_hr.pk}),
        reverse("privacy:person_export", kwargs={"user_id": bob.pk}),
        reverse("erasure:decide", kwargs={"pk": request.pk}),
        reverse("audit:log", kwargs={"org_pk": fjordbo.pk}),
    ):
        assert client.get(url).status_code == 404, url
