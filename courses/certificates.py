"""Certificates: the PDF (WeasyPrint), its QR code, and who may see or revoke one.

The PDF is rendered from an HTML template with no network access: the QR code and the logo are
embedded as ``data:`` URIs and the fetcher refuses every other scheme, so a certificate never
depends on (or leaks to) another server. Fonts come from the operating system (DejaVu Sans).
The file is tagged PDF/A-3a, in Danish, with a title and the QR code's alt text (``core.pdf``).
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING, cast

import qrcode  # type: ignore[import-untyped]
from django.contrib.staticfiles import finders
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from qrcode.image.svg import SvgPathImage  # type: ignore[import-untyped]

from core import pdf
from core.site_url import absolute_url
from courses.models import Certificate, ProviderSectionPage
from organisations import access
from organisations.models import Membership, Role

if TYPE_CHECKING:
    import weasyprint  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    from organisations.access import AnyUser
    from organisations.models import User

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
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    # Only data: URIs; anything else is a bug in the template and must fail loudly, not
    # silently reach out to the network.
    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def certificate_document(certificate: Certificate) -> weasyprint.Document:
    """The laid-out certificate (tests read its text from here)."""
    # Imported here: WeasyPrint loads Pango at import, which only this code path needs.
    import weasyprint  # type: ignore[import-untyped]

    html = weasyprint.HTML(
        string=certificate_html(certificate), base_url=None, url_fetcher=_offline_fetcher()
    )
    return html.render()


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a one-page A4 PDF, tagged for screen readers (see ``core.pdf``)."""
    return pdf.write_pdf(certificate_document(certificate))


def certificate_filename(certificate: Certificate) -> str:
    return f"kursusbevis-{certificate.code}.pdf"


# --- Access ----------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """Codes are issued in upper case; accept what a person types or a scanner reads."""
    return code.strip().upper()


def get_public_certificate(code: str) -> Certificate:
    """The certificate behind a public /bevis/<code>/ link; 404 for an unknown code."""
    return get_object_or_404(Certificate.objects.all(), code=normalise_code(code))


def _provider_ids(user: AnyUser) -> QuerySet:
    # Callers have checked is_authenticated, which mypy cannot see through.
    return (
        Membership.objects.active()
        .filter(user=cast("User", user))
        .with_role(Role.PROVIDER_EDITOR)
        .values("organisation_id")
    )


def _of_providers(user: AnyUser) -> Q:
    """Certificates of courses run by a provider the person edits."""
    provider_ids = _provider_ids(user)
    condition = Q(enrolment__session__provider_id__in=provider_ids)
    # Self-paced enrolments have no session: their provider is the course's section in the tree.
    for path in ProviderSectionPage.objects.filter(provider_id__in=provider_ids).values_list(
        "path", flat=True
    ):
        condition |= Q(enrolment__session__isnull=True, enrolment__course__path__startswith=path)
    return condition


def certificates_for_download(user: AnyUser) -> QuerySet[Certificate]:
    """Certificates whose PDF the person may download: their own, those of the people they look
    after (HR: the organisation; a manager: their department), their provider's (provider
    editors); all for network editors."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    if access.is_network_editor(user):
        return Certificate.objects.all()
    own_or_looked_after = access.own_or_looked_after(
        user,
        Certificate.objects.all(),
        person_field="enrolment__user",
        organisation_field="enrolment__organisation",
    )
    return (own_or_looked_after | Certificate.objects.filter(_of_providers(user))).distinct()


def get_certificate_for_download(user: AnyUser, code: str) -> Certificate:
    return get_object_or_404(certificates_for_download(user), code=normalise_code(code))


def certificates_for_revoke(user: AnyUser) -> QuerySet[Certificate]:
    """Certificates the person may revoke: those of their provider's sessions; all for network
    editors. Mirrors ``services.certificate_revoke``, which decides in the end."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    if access.is_network_editor(user):
        return Certificate.objects.all()
    return Certificate.objects.filter(enrolment__session__provider_id__in=_provider_ids(user))


def get_certificate_for_revoke(user: AnyUser, code: str) -> Certificate:
    return get_object_or_404(certificates_for_revoke(user), code=normalise_code(code))
