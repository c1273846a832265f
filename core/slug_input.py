"""The Wagtail admin's slug field, made to write æ, ø and å the Danish way (see core.slugs).

With ``WAGTAIL_ALLOW_UNICODE_SLUGS = False`` the admin's JavaScript transliterates a title into a
slug with Django's old Latin map, which writes ø as "o" and å as "a". Wagtail's ``SlugInput``
runs its ``formatters`` (regex → replacement) before that map, so the Danish letters are written
out first and the browser proposes the same slug as ``core.slugs.danish_slugify`` on the server.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.admin.widgets.slug import SlugInput

from core.slugs import DANISH_LETTERS


class DanishSlugInput(SlugInput):
    """Wagtail's slug input with the Danish letters written out before transliteration."""

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        formatters = [(letter, ascii_form) for letter, ascii_form in DANISH_LETTERS.items()]
        kwargs.setdefault("formatters", formatters)
        super().__init__(attrs, **kwargs)


def danish_slug_input_register() -> None:
    """Every SlugField in Wagtail's generated admin forms (page promote tab, snippets) uses it."""
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(models.SlugField, override={"widget": DanishSlugInput})
