"""The network secretariat edits the fillable tools (værktøjer) in the admin.

A tool is a snippet with drafts, revisions, locking and publishing; only a published (live)
tool can be filled in. Permissions are Django model permissions that the network editors'
group receives (``ToolsConfig.network_editor_permissions``); a course provider's editors have
none of them, so they do not see the menu and cannot edit a tool, but they may pick a
published tool for a module's "Udfyldeligt værktøj" block through the chooser, which asks only
for admin access.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from tools.models import Tool
from tools.selectors import live_tools


class LiveToolsMixin:
    """The chooser offers published tools only: a draft cannot be filled in."""

    def get_object_list(self) -> QuerySet[Tool]:
        return live_tools()


class ToolChooseView(LiveToolsMixin, ChooseView):
    pass


class ToolChooseResultsView(LiveToolsMixin, ChooseResultsView):
    pass


class ToolChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ToolChooseView
    choose_results_view_class = ToolChooseResultsView


class ToolViewSet(SnippetViewSet):
    """Værktøjer: forms of typed questions that processes and course modules fill in."""

    model = Tool
    icon = "form"
    menu_label = gettext_lazy("Værktøjer")
    menu_name = "tools"
    menu_order = 215
    add_to_admin_menu = True
    url_prefix = "vaerktoejer"
    chooser_viewset_class = ToolChooserViewSet
    list_display = ["title", "kind", "source", "updated_at"]
    list_filter = ["kind", "live"]
    search_fields = ["title", "introduction"]
    # Plain database matching, like the competences: a few dozen tools, and seeded ones never
    # reach the search index (migrations send no signals).
    search_backend_name = None
    list_export = ["title", "slug", "kind", "source", "live", "updated_at"]
    export_filename = "vaerktoejer"
    ordering = ["title"]
    copy_view_enabled = False
    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("kind")]),
        FieldPanel("source"),
        FieldPanel("introduction"),
        FieldPanel("fields"),
    ]


register_snippet(ToolViewSet)


@hooks.register("register_log_actions")
def register_tool_log_actions(actions: Any) -> None:
    label = gettext_lazy("Udfyldt værktøj gemt")
    actions.register_action("lms.sheet.save", label, label)
