"""Writes of tools: starting a sheet and saving its answers as a new version.

Who may read or write a sheet is its holder's business (a process's people, a learner in a
module): the holder's service asks its own policy, then calls these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from tools.answers import answer_errors, changed_fields, normalise_answers
from tools.models import Sheet, SheetVersion, Tool

if TYPE_CHECKING:
    from organisations.models import User


def sheet_create(
    *,
    tool: Tool | None,
    title: str,
    schema: list[dict[str, Any]] | None = None,
    owner: User | None = None,
) -> Sheet:
    """Start an empty sheet (version 0) of ``tool``, or of a given schema without a tool.

    The sheet keeps the schema as it is now, so a later edit of the tool never changes the
    meaning of answers already given. A tool that is not published is refused. ``owner`` is
    the person a personal sheet belongs to (a learner's answers): their export carries it and
    their erasure deletes it; a shared sheet (a process's) has none.
    """
    if tool is not None and not tool.live:
        raise ValidationError({"tool": _("Værktøjet er ikke udgivet.")})
    if schema is None:
        if tool is None:
            raise ValidationError({"schema": _("Et udfyldt værktøj skal have felter.")})
        schema = tool.schema()
    sheet = Sheet(tool=tool, title=title, schema=schema, owner=owner)
    sheet.full_clean()
    sheet.save()
    return sheet


def answers_refusal(schema: list[dict[str, Any]], answers: Any) -> ValidationError | None:
    """The answers' type errors as one ValidationError keyed ``f-<id>``, or None when valid."""
    errors = answer_errors(schema, answers)
    if not errors:
        return None
    return ValidationError(
        {
            (f"f-{field_id}" if field_id else NON_FIELD_ERRORS): message
            for field_id, message in errors.items()
        }
    )


@transaction.atomic
def sheet_save(*, sheet: Sheet, answers: dict[str, Any], actor: User, base_version: int) -> Sheet:
    """Save ``answers`` as the sheet's next version, by ``actor``.

    The answers are checked against the sheet's schema again (a POST that bypasses the form is
    refused the same way, keyed ``f-<id>``). ``base_version`` is the version the person's form
    showed: if someone saved since, the save is refused so it does not silently overwrite
    their answers (the form keeps what the person wrote). Saving the same answers again writes
    no new version.
    """
    locked = Sheet.objects.select_for_update().get(pk=sheet.pk)
    if base_version != locked.version:
        raise ValidationError(
            _(
                "Nogen har gemt en nyere version (version %(version)s), mens du skrev. Dine svar "
                "står stadig i formularen: se den nye version, og gem igen."
            )
            % {"version": locked.version}
        )
    refusal = answers_refusal(locked.schema, answers)
    if refusal is not None:
        raise refusal
    clean = normalise_answers(locked.schema, answers)
    changed = changed_fields(locked.schema, locked.data or {}, clean)
    if not changed:
        return locked
    locked.data = clean
    locked.version += 1
    locked.updated_by = actor
    locked.full_clean()
    locked.save(update_fields=["data", "version", "updated_by", "updated_at"])
    SheetVersion.objects.create(
        sheet=locked, number=locked.version, data=clean, changed=changed, saved_by=actor
    )
    log(locked, "lms.sheet.save", user=actor, data={"version": locked.version, "changed": changed})
    return locked


@transaction.atomic
def sheet_delete(*, sheet: Sheet) -> None:
    """Delete a sheet with its versions (the holder's erasure calls this)."""
    Sheet.objects.filter(pk=sheet.pk).delete()
