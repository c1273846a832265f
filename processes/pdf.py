"""The drejebog status of a process as a print-ready Danish PDF (WeasyPrint, ``core.pdf``).

Header (organisation, departments, byggesag, drejebog and version, status), then per phase the
milestones with status, responsible person, due date, reached or skipped (with the reason),
decisions, and late ones marked in words; for a forankring process also the anchoring plan
(helper template ``processes/pdf/_anchoring_plan.html``). Rendered offline like the competence
plan: nothing is fetched while rendering.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from core import pdf

if TYPE_CHECKING:
    import weasyprint
    from weasyprint.urls import URLFetcher

    from processes.selectors_records import ProcessStatusReport

PDF_TEMPLATE = "processes/pdf/status.html"
ANCHORING_TEMPLATE = "processes/pdf/_anchoring_plan.html"


def _anchoring_partial() -> str:
    """The anchoring plan's partial, or "" while it does not exist."""
    try:
        get_template(ANCHORING_TEMPLATE)
    except TemplateDoesNotExist:
        return ""
    return ANCHORING_TEMPLATE


def status_html(report: ProcessStatusReport) -> str:
    """The status as HTML, always in Danish whatever the visitor's language."""
    with translation.override("da"):
        return render_to_string(
            PDF_TEMPLATE,
            {
                "report": report,
                "process": report.process,
                "anchoring_plan": report.anchoring_plan,
                "anchoring_partial": _anchoring_partial() if report.anchoring_plan else "",
                "printed": timezone.localdate(),
            },
        )


def _offline_fetcher() -> URLFetcher:
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def status_document(report: ProcessStatusReport) -> weasyprint.Document:
    """The laid-out status (tests read its text from here)."""
    import weasyprint

    html = weasyprint.HTML(
        string=status_html(report), base_url=None, url_fetcher=_offline_fetcher()
    )
    return html.render()


def status_pdf(report: ProcessStatusReport) -> bytes:
    """The status as an A4 PDF, tagged for screen readers (see ``core.pdf``)."""
    return pdf.write_pdf(status_document(report))
