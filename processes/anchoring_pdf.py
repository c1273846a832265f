"""The anchoring plan (forankringsplan) as a print-ready PDF, in Danish (``core.pdf``).

Rendered offline like the competence plan's PDF (``competencies/plan_pdf.py``): system fonts,
no network. The body is the partial ``processes/pdf/_anchoring_plan.html``, which the process
status PDF includes too (context variable ``anchoring_plan``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import pdf
from core.slugs import danish_slugify

if TYPE_CHECKING:
    import weasyprint
    from weasyprint.urls import URLFetcher

    from processes.models import Process
    from processes.selectors_anchoring import AnchoringPlanView

PDF_TEMPLATE = "processes/anchoring/pdf.html"


def anchoring_plan_html(plan: AnchoringPlanView) -> str:
    """The plan as HTML, always in Danish whatever the visitor's language."""
    with translation.override("da"):
        return render_to_string(
            PDF_TEMPLATE,
            {"anchoring_plan": plan, "process": plan.process, "printed": timezone.localdate()},
        )


def _offline_fetcher() -> URLFetcher:
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def anchoring_plan_document(plan: AnchoringPlanView) -> weasyprint.Document:
    """The laid-out plan (tests read its text from here)."""
    import weasyprint

    html = weasyprint.HTML(
        string=anchoring_plan_html(plan), base_url=None, url_fetcher=_offline_fetcher()
    )
    return html.render()


def anchoring_plan_pdf(plan: AnchoringPlanView) -> bytes:
    """The plan as an A4 PDF, tagged for screen readers (see ``core.pdf``)."""
    return pdf.write_pdf(anchoring_plan_document(plan))


def anchoring_plan_filename(process: Process) -> str:
    name = danish_slugify(process.title) or "forloeb"
    return f"forankringsplan-{name}-{process.pk}.pdf"
