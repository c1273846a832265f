"""The network's drejebøger in the Wagtail admin: a snippet with drafts, revisions and
publishing; publishing counts the version up; only network editors edit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organisations import services as org_services
from organisations.models import User
from processes.models import ProcessTemplate
from processes.services.processes import process_start
from tests.factories.processes import TemplateFactory

pytestmark = pytest.mark.django_db

INDEX = "wagtailsnippets_processes_processtemplate:list"
EDIT = "wagtailsnippets_processes_processtemplate:edit"


@pytest.fixture
def template() -> ProcessTemplate:
    return TemplateFactory.create(version=0)


def _publish(template: ProcessTemplate, user: User, **changes: object) -> ProcessTemplate:
    """Edit as the admin does: from the latest revision, save a revision, publish it."""
    draft = template.get_latest_revision_as_object() if template.latest_revision else template
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision(user=user).publish(user=user)
    template.refresh_from_db()
    return template


def test_publishing_counts_the_version_up(maria: User, template: ProcessTemplate) -> None:
    assert _publish(template, maria).version == 1
    assert _publish(template, maria, summary="Ny tekst.").version == 2
    # A draft saved from the last revision, then published: still one more, not back to 1.
    assert _publish(template, maria, title="Samdrift, 2. udgave").version == 3
    assert template.title == "Samdrift, 2. udgave"


def test_a_draft_does_not_count(maria: User, template: ProcessTemplate) -> None:
    _publish(template, maria)
    template.summary = "Kladde."
    template.save_revision(user=maria)
    template.refresh_from_db()
    assert template.version == 1


def test_a_running_process_keeps_its_version(
    maria: User, alice: User, fjordbo, template: ProcessTemplate
) -> None:
    _publish(template, maria)
    process = process_start(
        actor=alice,
        template=template,
        organisation=fjordbo,
        title="Samdrift",
        starts_on=template.updated_at.date(),
    )
    _publish(template, maria, summary="Ændret.")
    process.refresh_from_db()
    assert process.template_version == 1
    assert template.version == 2


def test_a_network_editor_opens_the_admin(client, maria: User, template: ProcessTemplate) -> None:
    client.force_login(maria)
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    assert template.title in response.content.decode()
    edit = client.get(reverse(EDIT, args=[template.pk]))
    assert edit.status_code == 200
    html = edit.content.decode()
    for label in ("Faser og milepæle", "Roller", "Gode råd", "Milepæle nås i rækkefølge"):
        assert label.lower() in html.lower(), label
    assert maria.has_perm("processes.publish_processtemplate")


@pytest.mark.parametrize("who", ["alice", "sofie"])
def test_nobody_else_may(client, who: str, request, template: ProcessTemplate) -> None:
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse(INDEX)).status_code in (302, 403)
    assert client.get(reverse(EDIT, args=[template.pk])).status_code in (302, 403)
    assert not user.has_perm("processes.change_processtemplate")


def test_the_group_carries_the_template_permissions(maria: User) -> None:
    group = org_services.network_editors_group()
    codenames = set(group.permissions.values_list("codename", flat=True))
    for action in ("add", "change", "delete", "view", "publish"):
        assert f"{action}_processtemplate" in codenames


def _form(title: str, summary: str) -> dict[str, object]:
    """The admin form of a drejebog with one phase and one milestone (StreamField's POST)."""
    milestone = "phases-0-value-milestones-0"
    return {
        "title": title,
        "slug": "samdrift-test",
        "kind": "samdrift",
        "summary": summary,
        "source": "Drejebog for samdrift (2010)",
        "roles-count": "0",
        "advice-count": "0",
        "phases-count": "1",
        "phases-0-type": "phase",
        "phases-0-deleted": "",
        "phases-0-order": "0",
        "phases-0-id": "",
        "phases-0-value-title": "Forarbejde",
        "phases-0-value-description": "",
        "phases-0-value-milestones-count": "1",
        f"{milestone}-deleted": "",
        f"{milestone}-order": "0",
        f"{milestone}-id": "",
        f"{milestone}-value-title": "Beslutning om at undersøge samdrift",
        f"{milestone}-value-purpose": "At afklare, om samdrift er en mulighed.",
        f"{milestone}-value-done_when": "Organisationsbestyrelsen har besluttet.",
        f"{milestone}-value-tasks-count": "0",
        f"{milestone}-value-advice": "",
        f"{milestone}-value-guides-count": "0",
        f"{milestone}-value-competences-count": "0",
        f"{milestone}-value-tools-count": "0",
        f"{milestone}-value-weeks_after_start": "",
        "action-publish": "action-publish",
    }


def test_publishing_in_the_admin_counts_the_version_up(client, maria: User) -> None:
    client.force_login(maria)
    response = client.post(
        reverse("wagtailsnippets_processes_processtemplate:add"),
        _form("Samdrift", "Første udgave."),
    )
    assert response.status_code == 302, response.context["form"].errors
    template = ProcessTemplate.objects.get(slug="samdrift-test")
    assert template.live and template.version == 1
    response = client.post(reverse(EDIT, args=[template.pk]), _form("Samdrift", "Anden udgave."))
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.version, template.summary) == (2, "Anden udgave.")
    # Saving a draft does not count.
    draft = _form("Samdrift", "Kladde.")
    del draft["action-publish"]
    client.post(reverse(EDIT, args=[template.pk]), draft)
    template.refresh_from_db()
    assert (template.version, template.summary) == (2, "Anden udgave.")
