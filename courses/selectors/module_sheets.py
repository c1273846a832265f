"""Reads of learners' own answers in modules (checklist, reflection and tool blocks)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import Http404

from courses import access
from courses.blocks import SHEET_BLOCKS, sheet_block_schema, sheet_block_title
from courses.models import CoursePage, ModulePage, ModuleSheet
from courses.selectors.learning import follows_course

if TYPE_CHECKING:
    from organisations.access import AnyUser


def module_sheets_by_block(user: AnyUser, module: ModulePage) -> dict[str, ModuleSheet]:
    """The person's saved answers in one module by block id, with their sheets: one query,
    however many blocks the module has."""
    rows = access.module_sheets_for(user).filter(module=module).select_related("sheet")
    return {row.block_id: row for row in rows}


@dataclass(frozen=True)
class SheetBlock:
    """One fillable block of a module as the person meets it."""

    module: ModulePage
    course: CoursePage
    block_id: str
    block_type: str
    value: Any
    title: str
    schema: list[dict[str, Any]]
    own: ModuleSheet | None
    can_fill: bool

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.own.sheet.data) if self.own else {}

    @property
    def version(self) -> int:
        return self.own.sheet.version if self.own else 0


def get_sheet_block(user: AnyUser, module: ModulePage, block_id: str) -> SheetBlock:
    """A checklist, reflection or tool block of the module with the person's own answers;
    404 for any other block, or a tool nobody can fill in (unpublished, nothing saved)."""
    block = next(
        (b for b in module.body if b.id == block_id and b.block_type in SHEET_BLOCKS), None
    )
    if block is None:
        raise Http404
    course = module.get_parent().specific
    own = module_sheets_by_block(user, module).get(block_id)
    schema = (
        own.sheet.schema if own else sheet_block_schema(block.block_type, block.value, block_id)
    )
    if schema is None:
        raise Http404
    return SheetBlock(
        module=module,
        course=course,
        block_id=block_id,
        block_type=block.block_type,
        value=block.value,
        title=own.sheet.title if own else sheet_block_title(block.block_type, block.value),
        schema=schema,
        own=own,
        can_fill=follows_course(user, course),
    )
