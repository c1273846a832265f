"""Wagtail admin of the process tools: the network's drejebøger (process templates).

A drejebog is a snippet with drafts, revisions, locking and publishing; publishing counts its
``version`` up (``processes.services.templates``), and a running process keeps the version it
started from. Permissions are Django model permissions that only the network editors' group
receives (``ProcessesConfig.network_editor_permissions``), as for the guides. Running processes
are the organisations' own and are not shown here.

Also registers the audit-log actions the process services write (``processes.log_actions``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from processes.log_actions import LOG_ACTIONS
from processes.models import ProcessTemplate


class ProcessTemplateViewSet(SnippetViewSet):
    """Drejebøger: phases → milestones, who does what, advice, guides, competences, tools."""

    model = ProcessTemplate
    icon = "list-ol"
    menu_label = gettext_lazy("Drejebøger")
    menu_order = 215
    add_to_admin_menu = True
    list_display = ["title", "kind", "version", "live", "updated_at"]
    list_filter = ["kind", "live"]
    search_fields = ["title", "summary"]
    list_export = ["title", "slug", "kind", "version", "source", "summary"]
    export_filename = "drejeboeger"
    ordering = ["title"]
    copy_view_enabled = False

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("slug"),
                    FieldPanel("kind"),
                    FieldPanel("summary"),
                    FieldPanel("source"),
                    MultiFieldPanel(
                        [FieldPanel("needs_project"), FieldPanel("milestones_in_order")],
                        heading=gettext_lazy("Regler for forløbet"),
                    ),
                ],
                heading=gettext_lazy("Drejebog"),
            ),
            ObjectList([FieldPanel("roles")], heading=gettext_lazy("Roller")),
            ObjectList([FieldPanel("phases")], heading=gettext_lazy("Faser og milepæle")),
            ObjectList([FieldPanel("advice")], heading=gettext_lazy("Gode råd")),
        ]
    )


register_snippet(ProcessTemplateViewSet)


@hooks.register("register_log_actions")
def register_process_log_actions(actions: Any) -> None:
    for action, label in LOG_ACTIONS:
        actions.register_action(action, label, label)
