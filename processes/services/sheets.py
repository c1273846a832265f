"""Writes of a process's shared tools: saving a filled tool as a new version.

The tools engine (``tools.services.sheet_save``) validates the answers against the sheet's
schema, refuses a save made on an older version (someone else saved in between) and writes the
version with who changed which fields. Here the process's policy is asked first, and the save is
recorded as a ``ProcessEvent`` naming the changed fields, in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from organisations.models import User
from processes.models import ProcessSheet
from processes.services.documents import check_contributes
from processes.services.processes import check_running, process_event
from tools.models import Sheet
from tools.services import sheet_save


def _labels(sheet: Sheet, changed: list[str]) -> str:
    labels = {str(field.get("id")): str(field.get("label", "")) for field in sheet.schema}
    return ", ".join(labels.get(field_id, field_id) for field_id in changed)


@transaction.atomic
def process_sheet_save(
    *, actor: User, process_sheet: ProcessSheet, answers: dict[str, Any], base_version: int
) -> Sheet:
    """Save the answers of a process's shared tool as its next version (the process's people).

    A save on an older version is refused by the tools engine with a Danish message (the form
    keeps the answers); a save that changes nothing makes no version and records nothing.
    """
    process = process_sheet.process
    check_contributes(actor, process)
    check_running(process)
    before = process_sheet.sheet.version
    sheet = sheet_save(
        sheet=process_sheet.sheet, answers=answers, actor=actor, base_version=base_version
    )
    if sheet.version == before:
        return sheet
    latest = sheet.versions.order_by("-number").first()
    changed = list(latest.changed) if latest is not None else []
    process_event(
        process=process,
        milestone=process_sheet.milestone,
        actor=actor,
        action="sheet_saved",
        comment=_("Værktøjet »%(tool)s« er gemt som version %(version)s. Ændret: %(fields)s.")
        % {
            "tool": process_sheet.tool.title,
            "version": sheet.version,
            "fields": _labels(sheet, changed) or _("ingen felter"),
        },
    )
    log(
        process,
        "processes.sheet.save",
        user=actor,
        data={"sheet": process_sheet.pk, "version": sheet.version},
    )
    return sheet
