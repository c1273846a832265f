"""/api/v1/xapi/statements/: the approved learning-log entries of Fjordbo's building projects as
xAPI 1.0.3 statements, checked against the specification's rules that need no network
(required properties, absolute IRIs, UUIDs, language maps, one inverse functional identifier
per Agent, ISO 8601 timestamps) and against the API's own OpenAPI schema.

Entries are written, submitted, approved and revised through the learning log's services.

Fjordbo: Alice (HR, the token's creator), Bob (staff, the author, on the project), Pia
(Fjordbo's project leader, approves). Erik: the contractor's person, on the project only.
Nordlys: Charlie (HR), Nils (project leader) with a project of Nordlys' own.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from competencies.models import Competence, Guide
from onsite.models import BuildingProject, LogEntry, LogEntryRevision
from onsite.services import entries as entry_services
from organisations.models import Organisation, User
from tests.api.conftest import client_for
from tests.factories import BuildingProjectFactory, ProjectMemberFactory, person

pytestmark = pytest.mark.django_db

URL = "/api/v1/xapi/statements/"
STATEMENT_PROPERTIES = {
    "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
    "version", "attachments",
}  # fmt: skip
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
# ISO 8601 date-time with a zone, as xAPI's timestamps must be to be unambiguous.
ISO_8601 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


# --- The specification's rules ------------------------------------------------------------------


def is_absolute_iri(value: object) -> bool:
    parts = urlsplit(str(value))
    return isinstance(value, str) and parts.scheme in {"http", "https"} and bool(parts.netloc)


def check_language_map(value: object) -> None:
    assert isinstance(value, dict) and value
    for tag, text in value.items():
        assert LANGUAGE_TAG.match(tag), tag
        assert isinstance(text, str) and text.strip()


def check_agent(agent: dict[str, Any]) -> None:
    assert agent["objectType"] == "Agent"
    assert [key for key in IFIS if key in agent] == ["account"]  # exactly one IFI
    assert is_absolute_iri(agent["account"]["homePage"])
    assert isinstance(agent["account"]["name"], str) and agent["account"]["name"]


def check_activity(activity: dict[str, Any]) -> None:
    assert activity["objectType"] == "Activity"
    assert is_absolute_iri(activity["id"])
    definition = activity["definition"]
    check_language_map(definition["name"])
    if "description" in definition:
        check_language_map(definition["description"])
    for key in ("type", "moreInfo"):
        if key in definition:
            assert is_absolute_iri(definition[key])


def check_no_empty_values(value: object) -> None:
    """xAPI: no null values, no empty objects (part 2, 2.2)."""
    assert value is not None
    if isinstance(value, dict):
        assert value
        for item in value.values():
            check_no_empty_values(item)
    elif isinstance(value, list):
        for item in value:
            check_no_empty_values(item)


def check_statement(statement: dict[str, Any]) -> None:
    assert set(statement) <= STATEMENT_PROPERTIES
    assert {"actor", "verb", "object"} <= set(statement)
    parsed = uuid.UUID(statement["id"])
    assert parsed.version == 5 and str(parsed) == statement["id"]  # lower case, hyphens
    check_agent(statement["actor"])
    assert is_absolute_iri(statement["verb"]["id"])
    check_language_map(statement["verb"]["display"])
    check_activity(statement["object"])
    context = statement["context"]
    assert set(context["contextActivities"]) <= {"parent", "grouping", "category", "other"}
    for activities in context["contextActivities"].values():
        assert isinstance(activities, list) and activities
        for activity in activities:
            check_activity(activity)
    assert LANGUAGE_TAG.match(context["language"])
    if "team" in context:
        assert context["team"]["objectType"] == "Group"
        for member in context["team"]["member"]:
            check_agent(member)
    if "statement" in context:
        assert context["statement"]["objectType"] == "StatementRef"
        assert uuid.UUID(context["statement"]["id"])
    for extensions in (context.get("extensions", {}), statement["result"].get("extensions", {})):
        assert all(is_absolute_iri(key) for key in extensions)
    for moment in ("timestamp", "stored"):
        assert ISO_8601.match(statement[moment]), statement[moment]
        assert datetime.fromisoformat(statement[moment]).tzinfo is not None
    assert statement["version"].startswith("1.0.")
    check_no_empty_values(statement)


def schema_validator(component: str) -> jsonschema.Draft4Validator:
    """A validator for one component of the API's own OpenAPI schema (as schemathesis uses)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    target = {"$ref": f"#/components/schemas/{component}", **document}
    return jsonschema.Draft4Validator(target)


# --- The world ------------------------------------------------------------------------------------


@pytest.fixture
def pia(fjordbo: Organisation) -> User:
    return person("pia@fjordbo.example", fjordbo, ["staff", "project_leader"], "Pia", "Poulsen")


@pytest.fixture
def erik(db: None) -> User:
    return person("erik@entreprise.example", None, (), "Erik", "Entreprenørsen")


@pytest.fixture
def project(fjordbo: Organisation, bob: User, erik: User) -> BuildingProject:
    project = BuildingProjectFactory.create(
        organisation=fjordbo, name="Helhedsplan Fjordparken", description="312 boliger."
    )
    ProjectMemberFactory.create(project=project, user=bob)
    ProjectMemberFactory.create(project=project, user=erik)
    return project


@pytest.fixture
def nils(nordlys: Organisation) -> User:
    return person("nils@nordlys.example", nordlys, ["staff", "project_leader"], "Nils")


@pytest.fixture
def nordlys_project(nordlys: Organisation, nils: User) -> BuildingProject:
    project = BuildingProjectFactory.create(organisation=nordlys, name="Nordlyset")
    ProjectMemberFactory.create(project=project, user=nils, is_leader=True)
    return project


def write_entry(project: BuildingProject, author: User, **fields: Any) -> LogEntry:
    """A submitted entry, written by ``author`` through the learning log's service."""
    values: dict[str, Any] = {
        "occurred_on": date(2025, 10, 14),
        "kind": "lesson",
        "title": "Beboermøde før genhusning",
        "what_happened": "Bob holdt beboermødet sammen med Erik fra entreprenøren.",
        "what_we_learned": "Beboerne skal høre om genhusningen tre måneder før.",
        "do_differently": "Næste gang inviterer vi beboerne med til byggemødet.",
        "effect_category": "social",
        **fields,
    }
    return entry_services.log_entry_create(project=project, author=author, submit=True, **values)


def approved_entry(
    project: BuildingProject, author: User, approver: User, **fields: Any
) -> LogEntry:
    entry = write_entry(project, author, **fields)
    return entry_services.log_entry_approve(entry=entry, actor=approver)


@pytest.fixture
def entry(
    project: BuildingProject,
    bob: User,
    erik: User,
    pia: User,
    a3: Guide,
    fremtidsanalyse: Competence,
) -> LogEntry:
    level = entry_services.CompetenceLevel(competence=fremtidsanalyse, level=2)
    return approved_entry(
        project, bob, pia, guide=a3, participants=[bob, erik], competences=[level]
    )


def statements(token: tuple[Any, str], params: dict[str, Any] | None = None) -> list[Any]:
    response = client_for(token[1]).get(URL, params or {})
    assert response.status_code == 200, response.content
    return list(response.json()["statements"])


# --- Tests ------------------------------------------------------------------------------------


class TestShape:
    def test_every_statement_follows_the_specification(
        self, fjordbo_read, project, bob, pia, entry
    ):
        approved_entry(project, bob, pia, what_we_learned="", do_differently="")
        found = statements(fjordbo_read)
        assert len(found) == 2
        for statement in found:
            check_statement(statement)

    def test_the_answer_matches_the_apis_schema(self, fjordbo_read, entry):
        response = client_for(fjordbo_read[1]).get(URL)
        errors = list(schema_validator("StatementResult").iter_errors(response.json()))
        assert errors == []

    def test_it_is_a_statement_result_with_xapi_headers(self, fjordbo_read, entry):
        response = client_for(fjordbo_read[1]).get(URL)
        assert set(response.json()) == {"statements", "more"}
        assert response.json()["more"] == ""
        assert response["X-Experience-API-Version"] == "1.0.3"
        assert datetime.fromisoformat(response["X-Experience-API-Consistent-Through"]).tzinfo


class TestContent:
    def test_what_the_statement_says(self, fjordbo_read, project, entry, bob, erik, pia, a3):
        (statement,) = statements(fjordbo_read)
        revision = LogEntryRevision.objects.get(entry=entry)
        assert statement["actor"] == {
            "objectType": "Agent",
            "name": bob.name,
            "account": {"homePage": "http://testserver/", "name": str(bob.pk)},
        }
        assert statement["verb"] == {
            "id": "http://adlnet.gov/expapi/verbs/experienced",
            "display": {"da-DK": "erfarede", "en-US": "experienced"},
        }
        assert statement["object"]["id"] == f"http://testserver/byggesager/log/{entry.pk}/"
        assert statement["object"]["definition"] == {
            "name": {"da-DK": "Beboermøde før genhusning"},
            "description": {"da-DK": entry.what_happened},
            "type": "https://almenlaering.dk/xapi/activity-types/learning-log-entry",
        }
        activities = statement["context"]["contextActivities"]
        (parent,) = activities["parent"]
        assert parent["id"] == (
            f"https://almenlaering.dk/xapi/activities/building-project/{project.pk}"
        )
        assert parent["definition"]["name"] == {"da-DK": "Helhedsplan Fjordparken"}
        assert [activity["id"] for activity in activities["category"]] == [
            "https://almenlaering.dk/xapi/activities/guide/A3",
            "https://almenlaering.dk/xapi/activities/competence/fremtidsanalyse",
        ]
        team = statement["context"]["team"]["member"]
        assert sorted(member["account"]["name"] for member in team) == sorted(
            [str(bob.pk), str(erik.pk)]
        )
        assert "statement" not in statement["context"]
        assert statement["result"]["response"] == entry.what_we_learned
        assert statement["timestamp"] == "2025-10-14T00:00:00+02:00"  # Danish summer time
        assert datetime.fromisoformat(statement["stored"]) == revision.approved_at
        assert statement["version"] == "1.0.0"
        # No e-mail address leaves the site in a statement.
        assert bob.email not in str(statement) and erik.email not in str(statement)

    def test_ids_are_stable_and_the_same_whatever_the_host(self, fjordbo_read, entry, settings):
        first = statements(fjordbo_read)[0]
        settings.ALLOWED_HOSTS = ["*"]
        again = client_for(fjordbo_read[1]).get(URL, HTTP_HOST="intern.fjordbo.example")
        second = again.json()["statements"][0]
        assert second["id"] == first["id"]
        assert second["object"]["id"] == first["object"]["id"]
        assert second["actor"] == first["actor"]

    def test_a_statement_does_not_change_after_approval(self, fjordbo_read, entry, bob, project):
        """An LRS refuses the same id with other content: what a statement says is frozen."""
        (before,) = statements(fjordbo_read)
        User.objects.filter(pk=bob.pk).update(first_name="Robert")
        LogEntry.objects.filter(pk=entry.pk).update(title="Ændret bagefter")
        (after,) = statements(fjordbo_read)
        assert after == before

    def test_a_reapproved_entry_is_a_new_statement_that_points_to_the_old(
        self, fjordbo_read, entry, bob, pia
    ):
        (before,) = statements(fjordbo_read)
        entry_services.log_entry_revise(entry=entry, actor=bob)
        # Under revision the entry is a draft again: it leaves the list until it is approved.
        assert statements(fjordbo_read) == []
        entry_services.log_entry_update(
            entry=entry, actor=bob, submit=True, what_we_learned="Fire måneder før er bedre."
        )
        entry_services.log_entry_approve(entry=entry, actor=pia)
        (after,) = statements(fjordbo_read)
        assert after["id"] != before["id"]
        assert after["context"]["statement"] == {"objectType": "StatementRef", "id": before["id"]}
        assert after["result"]["response"] == "Fire måneder før er bedre."
        assert (
            after["context"]["extensions"]["https://almenlaering.dk/xapi/extensions/revision"]
            == "2"
        )


class TestWhichEntries:
    def test_only_approved_entries_of_the_organisations_projects(
        self, fjordbo_read, nordlys_read, project, nordlys_project, entry, bob, pia, nils, charlie
    ):
        write_entry(project, bob, title="Indsendt, ikke godkendt")
        draft = entry_services.log_entry_create(
            project=project, author=bob, occurred_on=date(2025, 10, 1), kind="observation",
            title="Kladde", what_happened="Endnu ikke indsendt.",
        )  # fmt: skip
        assert draft.status == "draft"
        nordlys_author = person("nora@nordlys.example", nordlys_project.organisation, ["staff"])
        ProjectMemberFactory.create(project=nordlys_project, user=nordlys_author)
        nordlys_entry = approved_entry(nordlys_project, nordlys_author, nils)
        fjordbos = statements(fjordbo_read)
        assert [s["object"]["id"].rsplit("/", 2)[-2] for s in fjordbos] == [str(entry.pk)]
        nordlys_ = statements(nordlys_read)
        assert [s["object"]["id"].rsplit("/", 2)[-2] for s in nordlys_] == [str(nordlys_entry.pk)]

    def test_a_fjordbo_entry_on_another_organisations_project_is_not_fjordbos(
        self, fjordbo_read, nordlys_project, bob, nils
    ):
        """Bob works on Nordlys' project: its log is Nordlys', not Fjordbo's (404 by absence)."""
        ProjectMemberFactory.create(project=nordlys_project, user=bob)
        approved_entry(nordlys_project, bob, nils)
        assert statements(fjordbo_read) == []

    def test_updated_since_is_on_stored(self, fjordbo_read, project, entry, bob, pia):
        LogEntryRevision.objects.filter(entry=entry).update(
            approved_at=timezone.now() - timedelta(days=5)
        )
        newer = approved_entry(project, bob, pia, title="Nyere")
        since = (timezone.now() - timedelta(days=1)).isoformat()
        (statement,) = statements(fjordbo_read, {"updated_since": since})
        assert statement["object"]["id"].endswith(f"/log/{newer.pk}/")
        response = client_for(fjordbo_read[1]).get(URL, {"updated_since": "igår"})
        assert response.status_code == 400 and "ISO 8601" in response.json()["updated_since"][0]

    def test_more_leads_to_every_statement_once(self, fjordbo_read, project, bob, pia):
        made = [approved_entry(project, bob, pia, title=f"Indlæg {i}") for i in range(5)]
        client = client_for(fjordbo_read[1])
        seen, url = [], f"{URL}?page_size=2"
        while url:
            body = client.get(url).json()
            seen.extend(body["statements"])
            assert body["more"] == "" or body["more"].startswith("/api/v1/xapi/statements/?")
            url = body["more"]
        assert len(seen) == 5 and len({s["id"] for s in seen}) == 5
        assert {s["object"]["id"].rsplit("/", 2)[-2] for s in seen} == {str(e.pk) for e in made}

    def test_query_count_is_flat(
        self, fjordbo_read, project, bob, erik, pia, a3, fremtidsanalyse, django_assert_num_queries
    ):
        level = entry_services.CompetenceLevel(competence=fremtidsanalyse, level=2)

        def approve(count: int) -> None:
            for i in range(count):
                approved_entry(
                    project, bob, pia, title=f"Indlæg {i}", guide=a3, participants=[bob, erik],
                    competences=[level],
                )  # fmt: skip

        client = client_for(fjordbo_read[1])
        approve(2)
        client.get(URL)
        with CaptureQueriesContext(connection) as small:
            client.get(URL)
        approve(15)
        with django_assert_num_queries(len(small.captured_queries)):
            assert len(client.get(URL).json()["statements"]) == 17


LISTS = [
    "/api/v1/enrolments/",
    "/api/v1/completions/",
    "/api/v1/evidence/",
    "/api/v1/competence-levels/",
    URL,
]


class TestTokens:
    @pytest.mark.parametrize("url", LISTS)
    def test_a_read_token_is_refused_a_write_everywhere(self, fjordbo_read, url):
        response = client_for(fjordbo_read[1]).post(url, {}, format="json")
        assert response.status_code == 403
        assert "Læse og skrive" in response.json()["detail"]

    @pytest.mark.parametrize("url", [url for url in LISTS if url != "/api/v1/enrolments/"])
    def test_the_read_only_lists_take_no_writes(self, fjordbo_write, url):
        assert client_for(fjordbo_write[1]).post(url, {}, format="json").status_code == 405

    @pytest.mark.parametrize("url", LISTS)
    def test_no_token_no_answer(self, url, db):
        response = client_for(None).get(url)
        assert response.status_code == 401
        assert "Bearer" in response.json()["detail"]
