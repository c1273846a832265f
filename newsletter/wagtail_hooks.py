"""Wagtail admin of the newsletter, under "Nyhedsbrev": issues (compose, then the sending page
with preview, test and "Send til alle") and topics. Permissions are Django model permissions
that only the network editors' group receives (``NewsletterConfig.network_editor_permissions``).

Also registers the lesson chooser (``newsletter.choosers``), the newsletter's own admin pages
(``newsletter.views.admin``) and the audit-log actions the services write.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import include, path
from django.urls.resolvers import URLPattern, URLResolver
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from newsletter.choosers import lesson_chooser_viewset
from newsletter.log_actions import LOG_ACTIONS
from newsletter.models import Issue, Topic
from newsletter.views import admin as admin_views


def _sending_link(issue: Issue) -> str:
    return format_html(
        '<a href="{}">{}</a>', admin_views.overview_url(issue), gettext_lazy("Udsendelse")
    )


class IssueViewSet(SnippetViewSet):
    """Udgaver: subject, intro and chosen news, events and lessons; sent from its sending page."""

    model = Issue
    icon = "mail"
    menu_label = gettext_lazy("Udgaver")
    list_display = [
        "subject",
        "status",
        "sent_at",
        "recipient_count",
        Column("sending", label=gettext_lazy("Afsendelse"), accessor=_sending_link),
    ]
    list_filter = ["status"]
    search_fields = ["subject"]
    ordering = ["-created_at"]
    copy_view_enabled = False
    panels = [
        FieldPanel("subject"),
        FieldPanel("intro"),
        FieldPanel("items"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = gettext_lazy("Emner")
    list_display = ["name", "slug", "order"]
    ordering = ["order", "name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("order"),
    ]


class NewsletterGroup(SnippetViewSetGroup):
    items = (IssueViewSet, TopicViewSet)
    menu_icon = "mail"
    menu_label = gettext_lazy("Nyhedsbrev")
    menu_order = 230


register_snippet(NewsletterGroup)


@hooks.register("register_admin_viewset")
def register_lesson_chooser() -> Any:
    return lesson_chooser_viewset


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls() -> list[URLPattern | URLResolver]:
    return [
        path(
            "nyhedsbrev/",
            include((admin_views.urlpatterns, "newsletter_admin"), namespace="newsletter_admin"),
        )
    ]


@hooks.register("register_log_actions")
def register_newsletter_log_actions(actions: Any) -> None:
    for action, label in LOG_ACTIONS:
        actions.register_action(action, label, label)
