"""Certificates: the PDF (WeasyPrint) and its QR code. Who may see, download or revoke one is
``courses.access``.

The PDF is rendered from an HTML template with no network access: the QR code and the logo are
embedded as ``data:`` URIs and the fetcher refuses every other scheme, so a certificate never
depends on (or leaks to) another server. Fonts come from the operating system (DejaVu Sans).
The file is tagged PDF/A-3a, in Danish, with a title and the QR code's alt text (``core.pdf``).
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

import qrcode
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from qrcode.image.svg import SvgPathImage

from core import pdf
from core.site_url import absolute_url
from courses.models import Certificate

if TYPE_CHECKING:
    import weasyprint
    from weasyprint.urls import URLFetcher


PDF_TEMPLATE = "courses/certificates/pdf.html"
LOGO = "img/logo.svg"


# --- The PDF ---------------------------------------------------------------------------------


def verification_url(certificate: Certificate) -> str:
    """The absolute URL of the public page that confirms the certificate (the QR code's target)."""
    return absolute_url(reverse("certificate_public", kwargs={"code": certificate.code}))


def _data_uri(content: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"


def qr_code_data_uri(url: str) -> str:
    """An SVG QR code for ``url`` as a data: URI (vector, so it prints sharply at any size)."""
    image = qrcode.make(url, image_factory=SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return _data_uri(buffer.getvalue(), "image/svg+xml")


def _logo_data_uri() -> str:
    path = finders.find(LOGO)
    if not path:
        return ""
    with open(path, "rb") as logo:
        return _data_uri(logo.read(), "image/svg+xml")


def _hours_label(certificate: Certificate) -> str:
    hours = certificate.hours.normalize()
    # "1 time", "7 timer", "7,5 timer": Danish decimal comma.
    text = f"{hours:f}".replace(".", ",")
    return ngettext("%(hours)s time", "%(hours)s timer", 1 if hours == 1 else 2) % {"hours": text}


def certificate_html(certificate: Certificate) -> str:
    """The certificate as HTML, always in Danish whatever the visitor's language."""
    url = verification_url(certificate)
    with translation.override("da"):
        return render_to_string(
            PDF_TEMPLATE,
            {
                "certificate": certificate,
                "hours_label": _hours_label(certificate),
                "verification_url": url,
                "qr_code": qr_code_data_uri(url),
                "logo": _logo_data_uri(),
            },
        )


def _offline_fetcher() -> URLFetcher:
    from weasyprint.urls import URLFetcher

    # Only data: URIs; anything else is a bug in the template and must fail loudly, not
    # silently reach out to the network.
    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def certificate_document(certificate: Certificate) -> weasyprint.Document:
    """The laid-out certificate (tests read its text from here)."""
    # Imported here: WeasyPrint loads Pango at import, which only this code path needs.
    import weasyprint

    html = weasyprint.HTML(
        string=certificate_html(certificate), base_url=None, url_fetcher=_offline_fetcher()
    )
    return html.render()


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a one-page A4 PDF, tagged for screen readers (see ``core.pdf``)."""
    return pdf.write_pdf(certificate_document(certificate))


def certificate_filename(certificate: Certificate) -> str:
    return f"kursusbevis-{certificate.code}.pdf"
