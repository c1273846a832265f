"""Malformed posts to Wagtail's page editor and copy form: a clear refusal, not a server error.

Wagtail's page views trust the structure of what the editor's JavaScript posts. A hand-made or
tampered post (broken Draftail JSON, a StreamField without its ``-count``, a copy to parent
``-1`` or a 10,000-character title) raised inside Wagtail and gave a 500. A form cannot show such
a field again with an error beside it, because rendering reads the same broken data, so these
hooks (Wagtail's documented ``before_*`` hooks, which may answer instead of the view) check the
post first and send the editor back to the editor with a Danish message. Nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Page

from core.safety import int_or_none, unreadable_fields

# Page.title and Page.slug are both 255 characters in the database.
TITLE_MAX = Page._meta.get_field("title").max_length or 255
SLUG_MAX = Page._meta.get_field("slug").max_length or 255


def _refuse_unreadable(request: HttpRequest, page_class: type[Page]) -> HttpResponse | None:
    if request.method != "POST":
        return None
    form_class: Any = page_class.get_edit_handler().get_form_class()
    broken = unreadable_fields(form_class.base_fields, request.POST, request.FILES)
    if not broken:
        return None
    labels = ", ".join(str(form_class.base_fields[name].label or name) for name in broken)
    messages.error(
        request,
        _("Siden blev ikke gemt: indholdet i %(fields)s kunne ikke læses. Prøv igen.")
        % {"fields": labels},
    )
    return redirect(request.get_full_path())


@hooks.register("before_create_page")
def refuse_malformed_create(
    request: HttpRequest, parent_page: Page, page_class: type[Page]
) -> HttpResponse | None:
    return _refuse_unreadable(request, page_class)


@hooks.register("before_edit_page")
def refuse_malformed_edit(request: HttpRequest, page: Page) -> HttpResponse | None:
    return _refuse_unreadable(request, page.specific_class)


@hooks.register("before_copy_page")
def refuse_malformed_copy(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Wagtail looks the parent up before its form runs; a bad id must not get that far."""
    if request.method != "POST":
        return None
    problem = None
    parent_pk = int_or_none(request.POST.get("new_parent_page", ""))
    if parent_pk is None or not Page.objects.filter(pk=parent_pk).exists():
        problem = _("Vælg en gyldig overordnet side.")
    elif len(request.POST.get("new_title", "")) > TITLE_MAX:
        problem = _("Titlen må højst være %(max)d tegn.") % {"max": TITLE_MAX}
    elif len(request.POST.get("new_slug", "")) > SLUG_MAX:
        problem = _("Adressen (slug) må højst være %(max)d tegn.") % {"max": SLUG_MAX}
    if problem is None:
        return None
    messages.error(request, _("Siden blev ikke kopieret: %(problem)s") % {"problem": problem})
    return redirect(request.get_full_path())
