"""The tools admin: network editors create, draft and publish tools; provider editors choose
published tools for their modules but cannot edit them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from organisations.models import User
from tests.factories.tools import ToolFactory
from tools.models import Tool

pytestmark = pytest.mark.django_db


def tool_form_data(**fields: object) -> dict[str, object]:
    return nested_form_data(
        {
            "title": "Oplæg om muligheder og udfordringer",
            "slug": "oplaeg",
            "kind": "process",
            "source": "Drejebog for samdrift, bilag 1",
            "introduction": "Skriv oplægget til bestyrelserne.",
            "fields": streamfield(
                [
                    (
                        "text",
                        {"label": "Hvilke muligheder ser I?", "help_text": "", "multiline": True},
                    ),
                    (
                        "scale",
                        {
                            "label": "Hvor enige er bestyrelserne?",
                            "help_text": "",
                            "minimum": 1,
                            "maximum": 5,
                            "low_label": "Uenige",
                            "high_label": "Enige",
                        },
                    ),
                ]
            ),
            **fields,
        }
    )


def test_a_network_editor_creates_and_publishes_a_tool(client, maria: User) -> None:
    client.force_login(maria)
    index = client.get(reverse("wagtailsnippets_tools_tool:list"))
    assert index.status_code == 200
    response = client.post(
        reverse("wagtailsnippets_tools_tool:add"),
        {**tool_form_data(), "action-publish": "action-publish"},
    )
    assert response.status_code == 302, response.context["form"].errors
    tool = Tool.objects.get(slug="oplaeg")
    assert tool.live
    assert [field["kind"] for field in tool.schema()] == ["text", "scale"]
    assert tool.schema()[1]["low_label"] == "Uenige"


def test_a_draft_stays_unpublished(client, maria: User) -> None:
    client.force_login(maria)
    client.post(reverse("wagtailsnippets_tools_tool:add"), tool_form_data(slug="kladde"))
    assert not Tool.objects.get(slug="kladde").live


def test_the_menu_shows_tools_to_network_editors_only(client, maria: User, sofie: User) -> None:
    from tools.wagtail_hooks import ToolViewSet

    assert ToolViewSet.menu_label == "Værktøjer"
    listing = reverse("wagtailsnippets_tools_tool:list")
    client.force_login(maria)
    assert listing in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(sofie)
    assert listing not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_provider_editor_cannot_edit_but_may_choose(client, sofie: User) -> None:
    tool = ToolFactory(title="Interessentanalyse")
    draft = ToolFactory(title="Kladdeværktøj", live=False)
    client.force_login(sofie)
    edit = client.get(reverse("wagtailsnippets_tools_tool:edit", args=[tool.pk]))
    assert edit.status_code in (302, 403)
    add = client.post(reverse("wagtailsnippets_tools_tool:add"), tool_form_data(slug="nej"))
    assert add.status_code in (302, 403) and not Tool.objects.filter(slug="nej").exists()
    chooser = client.get(reverse("wagtailsnippetchoosers_tools_tool:choose"))
    assert chooser.status_code == 200
    content = chooser.content.decode()
    assert tool.title in content and draft.title not in content


def test_the_preview_shows_the_questions(client, maria: User) -> None:
    tool = ToolFactory(title="Interessentanalyse")
    client.force_login(maria)
    url = reverse("wagtailsnippets_tools_tool:preview_on_edit", args=[tool.pk])
    posted = client.post(url, tool_form_data(slug=tool.slug, title="Ny titel"))
    assert posted.json()["is_valid"]
    content = client.get(url).content.decode()
    assert "Ny titel" in content and "Hvor enige er bestyrelserne?" in content
    assert "1 – Uenige" in content
