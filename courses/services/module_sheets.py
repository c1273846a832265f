"""A learner saves their answers to a module's checklist, reflection questions or tool.

Each block's answers are a ``tools.Sheet`` owned by the learner (``ModuleSheet``: user, module,
block), saved with its history like a process's shared tool. Only someone who holds a place in
the module's course may save, the same rule as marking the module done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from courses import selectors
from courses.blocks import SHEET_BLOCKS, sheet_block_schema, sheet_block_title
from courses.models import ModulePage, ModuleSheet
from tools import services as tool_services

if TYPE_CHECKING:
    from organisations.models import User


def _block(module: ModulePage, block_id: str) -> Any:
    for block in module.body:
        if block.id == block_id and block.block_type in SHEET_BLOCKS:
            return block
    raise ValidationError(_("Modulet har ikke de spørgsmål, svarene hører til."))


def _module_sheet(*, user: User, module: ModulePage, block: Any) -> ModuleSheet:
    """The learner's sheet for the block, started on the first save (from the block as it is
    then: a later edit of the block does not change the meaning of saved answers)."""
    found = ModuleSheet.objects.select_related("sheet").filter(
        user=user, module=module, block_id=block.id
    )
    existing = found.first()
    if existing is not None:
        return existing
    schema = sheet_block_schema(block.block_type, block.value, block.id)
    if schema is None:
        raise ValidationError(_("Værktøjet er ikke udgivet og kan ikke udfyldes."))
    tool = block.value["tool"] if block.block_type == "fillable_tool" else None
    sheet = tool_services.sheet_create(
        tool=tool, title=sheet_block_title(block.block_type, block.value), schema=schema, owner=user
    )
    try:
        with transaction.atomic():
            return ModuleSheet.objects.create(
                user=user, module=module, block_id=block.id, sheet=sheet
            )
    except IntegrityError:
        # The same learner saved the block's first answers in another tab at the same moment.
        sheet.delete()
        return found.get()


@transaction.atomic
def module_sheet_save(
    *,
    user: User,
    module: ModulePage,
    block_id: str,
    answers: dict[str, Any],
    base_version: int,
) -> ModuleSheet:
    """Save the learner's answers to one block of the module as a new version.

    Refused (in Danish) for someone without a place in the course, for a block that is not a
    checklist, reflection or tool, for answers of the wrong type (keyed ``f-<id>``) and when
    the learner saved a newer version elsewhere since the form was shown.
    """
    course = module.get_parent().specific
    if not selectors.follows_course(user, course):
        raise ValidationError(_("Du skal være tilmeldt kurset for at gemme dine svar i modulet."))
    block = _block(module, block_id)
    module_sheet = _module_sheet(user=user, module=module, block=block)
    module_sheet.sheet = tool_services.sheet_save(
        sheet=module_sheet.sheet, answers=answers, actor=user, base_version=base_version
    )
    return module_sheet
