"""How every PDF the platform hands out is written: tagged, in Danish, and archivable.

A certificate or a competence plan is kept for years and read by people with screen readers, so
each PDF is written as PDF/A-3 level A (``pdf/a-3a``): WeasyPrint then tags the structure
(headings, paragraphs, tables, figures with their ``alt`` text), sets the document language
from ``<html lang>``, shows the ``<title>`` as the window title (``DisplayDocTitle``), embeds
every font and an sRGB output intent, and says PDF/A-3A in the XMP metadata. Level A is the
accessible level of PDF/A; part 3 allows attached files (an Open Badge could travel with its
certificate). The templates follow the PDF/UA rules that WeasyPrint cannot check for us: a
``lang``, a title, ``alt`` on every image (``alt=""`` for decoration), headings in order.
WeasyPrint writes one variant's identification only, so the file does not claim PDF/UA-1 as
well; see ``docs/operations.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import weasyprint

PDF_VARIANT = "pdf/a-3a"


def write_pdf(document: weasyprint.Document) -> bytes:
    """The laid-out ``document`` as a tagged PDF/A-3a."""
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    return pdf
