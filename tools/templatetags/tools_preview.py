"""The admin preview of a tool: its questions as the empty form people fill in."""

from __future__ import annotations

from django import template

from tools.forms import SheetForm
from tools.models import Tool

register = template.Library()


@register.simple_tag
def tool_preview_form(tool: Tool) -> SheetForm:
    """An empty, unbound form of the tool's questions as they are in the editor."""
    return SheetForm(tool.schema())
