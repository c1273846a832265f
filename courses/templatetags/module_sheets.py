"""The answer form of a module's checklist, reflection or tool block, for the block templates.

The module page (``ModulePage.get_context``) loads the learner's saved answers for every block
in one query (``module_sheets``) and says whether they may save (``follows_course``); the
module template passes each block's id (``{% include_block block with block_id=block.id %}``).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from courses.blocks import sheet_block_schema, sheet_form_prefix
from tools.forms import SheetForm

register = template.Library()


@register.simple_tag(takes_context=True)
def module_sheet_panel(
    context: template.Context, block_type: str, value: Any, block_id: str | None
) -> dict[str, Any] | None:
    """What the block shows: the form (for a learner with a place in the course) with their
    saved answers and links to the history and PDF, or None to show the questions read-only.
    """
    page = context.get("page")
    if not block_id or page is None or not context.get("follows_course"):
        return None
    own = (context.get("module_sheets") or {}).get(block_id)
    schema = own.sheet.schema if own else sheet_block_schema(block_type, value, block_id)
    if schema is None:
        return None
    action = reverse("module_sheet", args=[page.pk, block_id])
    form = SheetForm(
        schema,
        initial_answers=own.sheet.data if own else None,
        base_version=own.sheet.version if own else 0,
        prefix=sheet_form_prefix(block_id),
    )
    return {
        "form": form,
        "sheet": own.sheet if own else None,
        "action": action,
        "history_url": action if own and own.sheet.version else "",
        "pdf_url": reverse("module_sheet_pdf", args=[own.pk]) if own and own.sheet.version else "",
    }
