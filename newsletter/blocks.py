"""The items of an issue: chosen news, events and shared lessons.

The newsletter sits below the site's pages (cms), so the news page type is named only by the
configuration (``settings.NEWSLETTER_NEWS_PAGE_TYPE``), never in the code.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from newsletter.choosers import lesson_chooser_viewset

LessonChooserBlock = lesson_chooser_viewset.get_block_class(
    name="LessonChooserBlock", module_path="newsletter.blocks"
)


class IssueItemsBlock(blocks.StreamBlock):
    news = blocks.PageChooserBlock(
        page_type=settings.NEWSLETTER_NEWS_PAGE_TYPE, label=_("Nyhed"), icon="doc-full"
    )
    event = blocks.PageChooserBlock(
        page_type="events.EventPage", label=_("Arrangement"), icon="date"
    )
    lesson = LessonChooserBlock(label=_("Delt erfaring"))

    class Meta:
        label = _("Indhold")
