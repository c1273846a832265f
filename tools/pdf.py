"""A filled tool as a PDF, in Danish and print-ready.

Rendered like the competence plan (``competencies.plan_pdf``): WeasyPrint with no network
access (the logo is a ``data:`` URI, every other scheme is refused), tagged PDF/A-3a through
``core.pdf``, ``lang="da"`` whatever the visitor's language.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import pdf
from core.slugs import danish_slugify
from tools.answers import answers_for_display

if TYPE_CHECKING:
    import weasyprint
    from weasyprint.urls import URLFetcher

    from tools.models import Sheet

PDF_TEMPLATE = "tools/pdf.html"
LOGO = "img/logo.svg"


def _logo_data_uri() -> str:
    path = finders.find(LOGO)
    if not path or isinstance(path, list):
        return ""
    with open(path, "rb") as logo:
        return "data:image/svg+xml;base64," + base64.b64encode(logo.read()).decode("ascii")


def sheet_html(
    *, sheet: Sheet, heading: str, lines: list[tuple[str, str]], data: dict[str, Any] | None = None
) -> str:
    """The filled tool as HTML, always in Danish. ``data`` prints an earlier version."""
    answers = sheet.data if data is None else data
    with translation.override("da"):
        return render_to_string(
            PDF_TEMPLATE,
            {
                "sheet": sheet,
                "heading": heading,
                "lines": lines,
                "rows": answers_for_display(sheet.schema, answers or {}),
                "introduction": sheet.tool.introduction if sheet.tool_id and sheet.tool else "",
                "source": sheet.tool.source if sheet.tool_id and sheet.tool else "",
                "logo": _logo_data_uri(),
                "printed": timezone.localdate(),
                # An earlier version: the holder names it in ``lines``.
                "earlier": data is not None,
            },
        )


def _offline_fetcher() -> URLFetcher:
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def sheet_document(
    *, sheet: Sheet, heading: str, lines: list[tuple[str, str]], data: dict[str, Any] | None = None
) -> weasyprint.Document:
    """The laid-out sheet (tests read its text from here)."""
    import weasyprint

    html = sheet_html(sheet=sheet, heading=heading, lines=lines, data=data)
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=_offline_fetcher()).render()


def sheet_pdf(
    *, sheet: Sheet, heading: str, lines: list[tuple[str, str]], data: dict[str, Any] | None = None
) -> bytes:
    """The filled tool as an A4 PDF, tagged for screen readers (see ``core.pdf``).

    ``lines`` are context rows printed under the heading, like ("Forløb", "Samdrift i
    Fjordbo"); ``data`` prints an earlier version's answers instead of the current ones.
    """
    return pdf.write_pdf(sheet_document(sheet=sheet, heading=heading, lines=lines, data=data))


def sheet_filename(sheet: Sheet, version: int | None = None) -> str:
    """``interessentanalyse-12.pdf`` (``-v3`` for an earlier version)."""
    name = danish_slugify(sheet.title) or "vaerktoej"
    suffix = f"-v{version}" if version is not None else ""
    return f"{name}-{sheet.pk}{suffix}.pdf"
