"""The participant register (deltagerregister) as a workbook, for the room's owners.

Who may download it is the view's question (``rooms.access``); this module builds the file from
the rows the selector gives: the same columns as the page, and only the contact details each
member chose to show. Text is never read as a formula (``core.exports.xlsx_cell``).
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exports import xlsx_cell
from core.slugs import danish_slugify
from rooms import selectors
from rooms.models import Room


def register_filename(room: Room) -> str:
    """``deltagere-<title>-<pk>`` (without extension)."""
    return f"deltagere-{danish_slugify(room.title) or 'rum'}-{room.pk}"


def register_xlsx(room: Room) -> bytes:
    """The register of ``room``: every member (not paged), in a fixed number of queries."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Deltagerregister")[:31])
    header = [
        _("Navn"), _("Organisation"), _("Funktion"), _("Rolle"), _("E-mail"), _("Telefon"),
        _("Medlem siden"),
    ]  # fmt: skip
    sheet.append([str(label) for label in header])
    for row in selectors.register(room):
        values = [
            row.name,
            ", ".join(row.organisations),
            row.function,
            row.role,
            row.email,
            row.phone,
            row.joined_at,
        ]
        sheet.append([xlsx_cell(sheet, value) for value in values])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
