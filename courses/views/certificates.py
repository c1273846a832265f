"""Certificate pages: the public confirmation, the PDF download and revocation.

Access goes through ``courses.access``; a certificate outside a person's reach is a 404,
exactly like a code that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.audit import AccessAction, audit_access
from core.views import service_refusal
from courses import access, certificates, services
from courses.badges import verify
from courses.forms.certificates import RevokeForm
from courses.models import Certificate
from organisations.access import me


def _status(certificate: Certificate) -> dict[str, object]:
    """What the public page says about the certificate: valid, revoked or expired."""
    if certificate.revoked_at is not None:
        return {"state": "revoked", "date": timezone.localdate(certificate.revoked_at)}
    if certificate.is_expired:
        return {"state": "expired", "date": certificate.expires_on}
    return {"state": "valid", "date": certificate.expires_on}


@never_cache
def certificate_public(request: HttpRequest, code: str) -> HttpResponse:
    """Public: confirms a certificate with name, course and date only (the QR code's target)."""
    certificate = access.get_public_certificate(code)
    actions = access.actions_for(request.user, certificate)
    context = {
        "certificate": certificate,
        "status": _status(certificate),
        "actions": actions,
        # Kept beside ``actions``: tests read the download flag from the context.
        "can_download": actions.can_download,
        # The Open Badge issued for it, verified here as any verifier would (None: not taken).
        "badge": verify.check_certificate(certificate),
    }
    response = render(request, "courses/certificates/public.html", context)
    # The page names a person: confirm it to whoever has the link, never to a search engine.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF, for its owner, their HR or manager, the provider's and the network's editors."""
    certificate = access.get_certificate_for_download(request.user, code)
    audit_access(
        request,
        action=AccessAction.CERTIFICATE_DOWNLOADED,
        subject=certificate.enrolment.user_id,
        obj=certificate,
    )
    response = HttpResponse(certificates.certificate_pdf(certificate), "application/pdf")
    filename = certificates.certificate_filename(certificate)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
def certificate_revoke(request: HttpRequest, code: str) -> HttpResponse:
    """A provider or network editor revokes a certificate with a reason."""
    certificate = access.get_certificate_for_revoke(request.user, code)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and not certificate.is_revoked and form.is_valid():
        with service_refusal(form) as refused:
            services.certificate_revoke(
                certificate=certificate, actor=me(request), reason=form.cleaned_data["reason"]
            )
        if not refused:
            messages.success(request, _("Kursusbeviset er tilbagekaldt."))
            return redirect("certificate_public", code=certificate.code)
    context = {"certificate": certificate, "status": _status(certificate), "form": form}
    return render(request, "courses/certificates/revoke.html", context)
