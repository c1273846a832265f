"""xAPI statements (specification 1.0.3) of a project's approved entries, checked against the rules of the
specification that need no network: required properties, IRIs, UUIDs, language maps,
inverse functional identifiers, ISO 8601 timestamps."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import date, datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from onsite.models import EntryStatus, LogEntry, LogEntryRevision
from onsite.xapi import ID_NAMESPACE, project_statements
from tests.core.export_jobs_client import fetch_export
from tests.onsite.fixtures_effects import *  # noqa: F403
from tests.onsite.fixtures_effects import make_approved_entry, snapshot_of

pytestmark = pytest.mark.django_db

STATEMENT_PROPERTIES = {
    "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
    "version", "attachments",
}  # fmt: skip
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
# RFC 5646 language tags as the xAPI language maps use them (da-DK, en-US).
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


def is_iri(value: object) -> bool:
    parts = urlsplit(str(value))
    return isinstance(value, str) and bool(parts.scheme) and bool(parts.netloc or parts.path)


def check_language_map(value: object) -> None:
    assert isinstance(value, dict) and value
    for tag, text in value.items():
        assert LANGUAGE_TAG.match(tag), tag
        assert isinstance(text, str) and text


def check_agent(agent: dict) -> None:  # type: ignore[type-arg]
    assert agent.get("objectType", "Agent") == "Agent"
    assert [key for key in IFIS if key in agent] == ["mbox_sha1sum"]  # exactly one IFI
    assert re.fullmatch(r"[0-9a-f]{40}", agent["mbox_sha1sum"])


def check_activity(activity: dict) -> None:  # type: ignore[type-arg]
    assert activity.get("objectType", "Activity") == "Activity"
    assert is_iri(activity["id"])
    definition = activity.get("definition", {})
    for key in ("name", "description"):
        if key in definition:
            check_language_map(definition[key])
    if "type" in definition:
        assert is_iri(definition["type"])


def check_statement(statement: dict) -> None:  # type: ignore[type-arg]
    assert set(statement) <= STATEMENT_PROPERTIES
    assert {"id", "actor", "verb", "object"} <= set(statement)
    assert uuid.UUID(statement["id"]).version == 5
    assert str(uuid.UUID(statement["id"])) == statement["id"]  # lower-case, hyphenated
    check_agent(statement["actor"])
    assert is_iri(statement["verb"]["id"])
    check_language_map(statement["verb"]["display"])
    check_activity(statement["object"])
    context = statement["context"]
    assert set(context["contextActivities"]) <= CONTEXT_ACTIVITY_KEYS
    for activities in context["contextActivities"].values():
        assert isinstance(activities, list)
        for activity in activities:
            check_activity(activity)
    assert LANGUAGE_TAG.match(context["language"])
    assert isinstance(context["platform"], str)
    if "team" in context:
        assert context["team"]["objectType"] == "Group"
        for member in context["team"]["member"]:
            check_agent(member)
    for extensions in (context.get("extensions", {}), statement["result"].get("extensions", {})):
        assert all(is_iri(key) for key in extensions)
    assert isinstance(statement["result"]["response"], str)
    stamp = datetime.fromisoformat(statement["timestamp"])
    assert stamp.tzinfo is not None
    # A Learning Record Provider should not set "version", and may only ever set "1.0.0".
    assert statement.get("version", "1.0.0") == "1.0.0"


def xapi_url(project):  # type: ignore[no-untyped-def]
    return reverse("onsite:xapi", args=[project.pk])


class TestStatements:
    def test_one_valid_statement_per_approved_entry(self, project, entry, bob, dorte):
        LogEntry.objects.create(
            project=project,
            author=dorte,
            occurred_on=date(2025, 11, 1),
            kind="observation",
            title="Kladde",
            what_happened="Ikke godkendt endnu.",
        )
        statements = project_statements(project)
        assert len(statements) == 1
        for statement in statements:
            check_statement(statement)

    def test_its_content(self, project, entry, dorte, erik, a3):
        (statement,) = project_statements(project)
        revision = entry.revisions.get()
        assert statement["actor"]["name"] == dorte.name
        assert (
            statement["actor"]["mbox_sha1sum"]
            == hashlib.sha1(f"mailto:{dorte.email}".encode()).hexdigest()
        )
        assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/experienced"
        assert set(statement["verb"]["display"]) == {"da-DK", "en-US"}
        assert statement["object"]["id"] == (
            f"https://almenlaering.dk/xapi/activities/building-project/{project.pk}"
        )
        assert statement["object"]["definition"]["moreInfo"] == (
            f"http://testserver/byggesager/{project.pk}/"
        )
        assert statement["object"]["definition"]["name"] == {"da-DK": project.name}
        assert statement["object"]["definition"]["description"] == {"da-DK": project.description}
        (guide,) = statement["context"]["contextActivities"]["other"]
        assert guide["id"] == "https://almenlaering.dk/xapi/activities/guide/A3"
        assert guide["definition"]["moreInfo"] == "http://testserver/vejledninger/A3/"
        assert guide["definition"]["name"]["da-DK"].startswith("A3 ")
        assert statement["context"]["language"] == "da-DK"
        members = statement["context"]["team"]["member"]
        assert sorted(m["name"] for m in members) == sorted([dorte.name, erik.name])
        extensions = statement["context"]["extensions"]
        assert extensions["https://almenlaering.dk/xapi/extensions/entry-kind"] == "lesson"
        assert extensions["https://almenlaering.dk/xapi/extensions/effect-category"] == "social"
        assert statement["result"]["response"] == entry.what_we_learned
        result_ext = statement["result"]["extensions"]
        assert (
            result_ext["https://almenlaering.dk/xapi/extensions/what-happened"]
            == entry.what_happened
        )
        assert (
            result_ext["https://almenlaering.dk/xapi/extensions/do-differently"]
            == entry.do_differently
        )
        assert statement["timestamp"] == "2025-10-14T00:00:00+02:00"  # Danish summer time
        assert statement["id"] == str(uuid.uuid5(ID_NAMESPACE, f"log-entry-revision:{revision.pk}"))
        assert "version" not in statement

    def test_ids_are_the_same_on_every_export(self, project, entry):
        first = [s["id"] for s in project_statements(project)]
        assert [s["id"] for s in project_statements(project)] == first

    def test_ids_do_not_change_with_the_sites_address(self, project, entry, settings):
        """A moved site must not make an LRS store every statement (and activity) again."""
        (before,) = project_statements(project)
        settings.LMS_BASE_URL = settings.WAGTAILADMIN_BASE_URL = "https://kurser.example.dk:8443"
        (after,) = project_statements(project)
        assert after["id"] == before["id"]
        assert after["object"]["id"] == before["object"]["id"]
        assert after["context"]["contextActivities"] == {
            **before["context"]["contextActivities"],
            "other": [
                {
                    **before["context"]["contextActivities"]["other"][0],
                    "definition": {
                        **before["context"]["contextActivities"]["other"][0]["definition"],
                        "moreInfo": "https://kurser.example.dk:8443/vejledninger/A3/",
                    },
                }
            ],
        }
        assert after["context"]["extensions"] == before["context"]["extensions"]
        # Only the human-readable link follows the site.
        assert after["object"]["definition"]["moreInfo"].startswith(
            "https://kurser.example.dk:8443/"
        )

    def test_the_latest_approved_revision_counts(self, project, entry, bob):
        first_id = project_statements(project)[0]["id"]
        # A revision 2, approved: the export says what revision 2 says, under a new id.
        entry.revision = 2
        entry.what_we_learned = "Revision to: beboerne skal høre det fire måneder før."
        entry.save(update_fields=["revision", "what_we_learned"])
        LogEntryRevision.objects.create(
            entry=entry,
            number=2,
            snapshot=snapshot_of(entry),
            approved_by=bob,
            approved_at=timezone.now(),
        )
        (statement,) = project_statements(project)
        assert statement["result"]["response"].startswith("Revision to")
        assert statement["id"] != first_id

    def test_an_entry_without_guide_or_participants(self, project, bob, dorte):
        make_approved_entry(project, author=bob, approver=dorte, guide=None, what_we_learned="")
        (statement,) = project_statements(project)
        check_statement(statement)
        assert "other" not in statement["context"]["contextActivities"]
        assert "team" not in statement["context"]
        assert statement["result"]["response"] == "Beboermøde før genhusning"  # the title

    def test_query_count_does_not_grow_with_entries(self, project, bob, dorte, erik, a3, django_assert_num_queries):  # fmt: skip
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        make_approved_entry(project, author=dorte, approver=bob, participants=[dorte], guide=a3)
        with CaptureQueriesContext(connection) as small:
            project_statements(project)
        for _ in range(15):
            make_approved_entry(
                project, author=dorte, approver=bob, participants=[dorte, erik], guide=a3
            )
        with django_assert_num_queries(len(small.captured_queries)):
            assert len(project_statements(project)) == 16


class TestDownload:
    @pytest.mark.parametrize("who", ["bob", "dorte", "erik"])
    def test_leaders_and_members_download_json(self, client, request, who, project, entry):
        client.force_login(request.getfixturevalue(who))
        fetched = fetch_export(client, xapi_url(project))
        assert fetched.response["Content-Type"].startswith("application/json")
        assert fetched.response["Content-Disposition"] == (
            f'attachment; filename="byggesag-{project.pk}-xapi.json"'
        )
        statements = json.loads(fetched.content)
        assert isinstance(statements, list) and len(statements) == 1
        check_statement(statements[0])
        assert "Beboermøde" in fetched.content.decode()  # Danish letters as they are

    @pytest.mark.parametrize("who", ["alice", "mads", "charlie", "nina", "otto"])
    def test_everybody_else_gets_404(self, client, request, who, project, entry):
        client.force_login(request.getfixturevalue(who))
        assert client.get(xapi_url(project)).status_code == 404
        assert client.post(xapi_url(project)).status_code == 404

    def test_anonymous_is_sent_to_log_in(self, client, project):
        response = client.get(xapi_url(project))
        assert response.status_code == 302 and "/konto/" in response["Location"]

    def test_a_project_without_approved_entries_gives_an_empty_list(self, client, bob, project):
        client.force_login(bob)
        assert json.loads(fetch_export(client, xapi_url(project)).content) == []

    def test_submitted_entries_are_left_out(self, client, bob, project, entry):
        entry.status = EntryStatus.SUBMITTED
        entry.save(update_fields=["status"])
        client.force_login(bob)
        assert json.loads(fetch_export(client, xapi_url(project)).content) == []
