"""HR's access log (/persondatalog/) and the person's "Hvem har set mine data": what is
recorded when HR looks at a person's data, who sees which events, and a flat query count.

Alice is HR of Fjordbo, Bob and Dorte work there; Charlie is HR of Nordlys.
"""

# ruff: noqa: F811  (pytest fixtures imported from tests.competencies.conftest)
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.audit import audit_record
from core.models import AccessAction, AccessEvent
from tests.competencies.conftest import alice, bob, charlie, dorte, fjordbo, nordlys  # noqa: F401
from tests.competencies.plans_fixtures import make_plan, pending_prior_learning

pytestmark = pytest.mark.django_db


def log_url(organisation, **query):
    url = reverse("audit:log", kwargs={"org_pk": organisation.pk})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def rows(response):
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup.select("[data-testid=access-log] tbody tr")
    ]


# --- Recording where HR looks --------------------------------------------------------------


def test_hr_opening_a_plan_is_recorded_and_the_owner_opening_it_is_not(client, alice, bob, fjordbo):
    plan = make_plan(bob, bob, fjordbo)
    client.force_login(bob)
    assert client.get(reverse("competencies:plan_detail", args=[plan.pk])).status_code == 200
    assert not AccessEvent.objects.filter(action=AccessAction.PLAN_VIEWED).exists()

    client.force_login(alice)
    assert client.get(reverse("competencies:plan_detail", args=[plan.pk])).status_code == 200
    event = AccessEvent.objects.get(action=AccessAction.PLAN_VIEWED)
    assert (event.actor, event.subject, event.organisation_id) == (alice, bob, fjordbo.pk)
    assert event.object_id == str(plan.pk)


def test_hr_opening_evidence_its_file_and_a_persons_page_is_recorded(client, alice, bob, fjordbo):
    evidence = pending_prior_learning(bob, fjordbo)
    client.force_login(alice)
    client.get(reverse("competencies:evidence_detail", args=[evidence.pk]))
    response = client.get(reverse("competencies:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    # Read to the end (which closes the file); not response.close(): that sends
    # request_finished, which closes the test's database connection.
    assert b"".join(response.streaming_content)
    client.get(reverse("competencies:person", kwargs={"org_pk": fjordbo.pk, "user_pk": bob.pk}))
    actions = set(
        AccessEvent.objects.filter(actor=alice, subject=bob).values_list("action", flat=True)
    )
    assert actions == {
        AccessAction.EVIDENCE_VIEWED,
        AccessAction.EVIDENCE_FILE_DOWNLOADED,
        AccessAction.PERSON_VIEWED,
    }


def test_a_refused_look_records_nothing(client, charlie, bob, fjordbo):
    plan = make_plan(bob, bob, fjordbo)
    client.force_login(charlie)
    assert client.get(reverse("competencies:plan_detail", args=[plan.pk])).status_code == 404
    assert not AccessEvent.objects.filter(action=AccessAction.PLAN_VIEWED).exists()


# --- Who sees what -------------------------------------------------------------------------


@pytest.fixture
def events(alice, bob, dorte, charlie, fjordbo, nordlys):
    """Alice saw Bob's plan; Charlie saw a Nordlys person's; Bob was viewed by a Nordlys HR
    (cross-organisation: belongs to Fjordbo's log); an anonymous failed log-in."""
    audit_record(actor=alice, action=AccessAction.PLAN_VIEWED, subject=bob, organisation=fjordbo)
    audit_record(actor=charlie, action=AccessAction.PERSON_VIEWED, subject=charlie)
    audit_record(actor=charlie, action=AccessAction.EVIDENCE_VIEWED, subject=dorte)
    audit_record(actor=None, action=AccessAction.LOGIN_FAILED)
    audit_record(actor=alice, action=AccessAction.HR_EXPORT, organisation=fjordbo)
    audit_record(actor=charlie, action=AccessAction.HR_EXPORT, organisation=nordlys)


def test_hr_sees_the_events_about_and_by_its_own_people_only(client, alice, fjordbo, events):
    client.force_login(alice)
    found = rows(client.get(log_url(fjordbo)))
    described = sorted((row[1], row[2], row[3]) for row in found)
    assert ("Kompetenceplan set", "Alice Testesen", "Bob Testesen") in described
    assert ("Dokumentation set", "Charlie Testesen", "Dorte Testesen") in described
    assert ("Eksport af medarbejderdata", "Alice Testesen", "–") in described
    assert all("Charlie Testesen" != row[3] for row in found)  # Nordlys' person
    assert ("Eksport af medarbejderdata", "Charlie Testesen", "–") not in described
    assert not any(row[1] == "Mislykket log ind" and row[3] == "–" for row in found)


def test_the_log_filters_by_person_action_and_date(client, alice, bob, dorte, fjordbo, events):
    client.force_login(alice)
    found = rows(client.get(log_url(fjordbo, person=dorte.pk)))
    assert [row[3] for row in found if row[1] != "Logget ind"] == ["Dorte Testesen"]
    found = rows(client.get(log_url(fjordbo, action=AccessAction.PLAN_VIEWED)))
    assert [row[3] for row in found] == ["Bob Testesen"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert rows(client.get(log_url(fjordbo, since=tomorrow))) == []


def test_another_organisations_person_in_the_filter_shows_nothing(
    client, alice, charlie, fjordbo, events
):
    client.force_login(alice)
    response = client.get(log_url(fjordbo, person=charlie.pk))
    assert rows(response) == []
    assert "Vælg en af organisationens personer på listen." in response.content.decode()


def test_bad_dates_are_explained_beside_the_field(client, alice, fjordbo, events):
    client.force_login(alice)
    response = client.get(log_url(fjordbo, since="igår", until="2026-01-01"))
    assert rows(response) == []
    html = response.content.decode()
    assert "Skriv datoen som åååå-mm-dd." in html
    assert 'value="2026-01-01"' in html  # what was typed is kept


def test_another_organisations_log_is_404(client, alice, charlie, nordlys, fjordbo):
    client.force_login(alice)
    assert client.get(log_url(nordlys)).status_code == 404
    assert client.get(reverse("audit:log_export", kwargs={"org_pk": nordlys.pk})).status_code == 404


def test_staff_have_no_log_to_read(client, bob, fjordbo):
    client.force_login(bob)
    assert client.get(reverse("audit:index")).status_code == 404
    assert client.get(log_url(fjordbo)).status_code == 404


def test_the_index_leads_hr_to_their_organisations_log(client, alice, fjordbo):
    client.force_login(alice)
    response = client.get(reverse("audit:index"))
    assert response.status_code == 302
    assert response["Location"] == log_url(fjordbo)


def test_the_export_is_the_filtered_log_and_is_itself_recorded(client, alice, bob, fjordbo, events):
    client.force_login(alice)
    response = client.get(
        reverse("audit:log_export", kwargs={"org_pk": fjordbo.pk})
        + f"?action={AccessAction.PLAN_VIEWED}"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("Tidspunkt", "Hændelse", "Udført af", "Hvis data")
    assert [row[1:4] for row in values[1:]] == [
        ("Kompetenceplan set", "Alice Testesen", "Bob Testesen")
    ]
    assert AccessEvent.objects.filter(
        actor=alice, action=AccessAction.HR_EXPORT, detail__export="access_log"
    ).exists()


def test_the_log_runs_the_same_queries_for_10_and_1000_events(
    client, alice, bob, dorte, fjordbo, django_assert_num_queries
):
    client.force_login(alice)
    now = timezone.now()

    def add(count):
        AccessEvent.objects.bulk_create(
            AccessEvent(
                at=now - timedelta(minutes=n),
                actor=alice,
                subject=bob if n % 2 else dorte,
                action=AccessAction.PLAN_VIEWED,
                organisation_id=fjordbo.pk,
            )
            for n in range(count)
        )

    add(10)
    url = log_url(fjordbo)
    client.get(url)  # warm the session and the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as at_10:
        assert len(rows(client.get(url))) >= 10
    add(990)
    with django_assert_num_queries(len(at_10.captured_queries)):
        assert len(rows(client.get(url))) == 50


# --- The person's own view -----------------------------------------------------------------


def test_mine_data_shows_who_saw_my_data(client, alice, bob, fjordbo):
    plan = make_plan(bob, bob, fjordbo)
    client.force_login(alice)
    client.get(reverse("competencies:plan_detail", args=[plan.pk]))
    client.force_login(bob)
    response = client.get(reverse("privacy:my_data"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one("[data-testid=access-log-section]")
    text = section.get_text(" ", strip=True)
    assert "Kompetenceplan set" in text and "Alice Testesen" in text
    assert "Logget ind" in text  # Bob's own log-in, shown as "Dig"
    assert "Dig" in text
