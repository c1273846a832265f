"""The competence plan as a PDF for the annual development talk (MUS), in Danish.

Rendered by WeasyPrint with no network access, like the course certificates: the logo is a
``data:`` URI and the fetcher refuses every other scheme, so a plan never depends on (or leaks
to) another server. Fonts come from the operating system (DejaVu Sans).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import pdf
from core.slugs import danish_slugify

if TYPE_CHECKING:
    import weasyprint
    from weasyprint.urls import URLFetcher

    from competencies.models import CompetencePlan

PDF_TEMPLATE = "competencies/plans/pdf.html"
LOGO = "img/logo.svg"


def _logo_data_uri() -> str:
    path = finders.find(LOGO)
    if not path:
        return ""
    with open(path, "rb") as logo:
        return "data:image/svg+xml;base64," + base64.b64encode(logo.read()).decode("ascii")


def plan_html(context: dict[str, Any]) -> str:
    """The plan as HTML, always in Danish whatever the visitor's language.

    ``context`` is the plan page's (``competencies.selectors.plan_context``): the plan, its
    goals with current and target level, its activities, totals and history.
    """
    with translation.override("da"):
        return render_to_string(
            PDF_TEMPLATE, {**context, "logo": _logo_data_uri(), "printed": timezone.localdate()}
        )


def _offline_fetcher() -> URLFetcher:
    from weasyprint.urls import URLFetcher

    # Only data: URIs; anything else is a bug in the template and must fail loudly, not
    # silently reach out to the network.
    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def plan_document(context: dict[str, Any]) -> weasyprint.Document:
    """The laid-out plan (tests read its text from here)."""
    # Imported here: WeasyPrint loads Pango at import, which only this code path needs.
    import weasyprint

    html = weasyprint.HTML(string=plan_html(context), base_url=None, url_fetcher=_offline_fetcher())
    return html.render()


def plan_pdf(context: dict[str, Any]) -> bytes:
    """The plan as an A4 PDF, tagged for screen readers (see ``core.pdf``)."""
    return pdf.write_pdf(plan_document(context))


def plan_filename(plan: CompetencePlan) -> str:
    name = danish_slugify(plan.user.name) or "person"
    return f"kompetenceplan-{name}-{plan.starts_on:%Y}-{plan.pk}.pdf"
