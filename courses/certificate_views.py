"""Certificate pages: the public confirmation, the PDF download and revocation.

Access goes through ``courses.certificates``; a certificate outside a person's reach is a 404,
exactly like a code that does not exist.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from core.audit import AccessAction, audit_access
from core.views import apply_errors
from courses import certificates, services
from courses.models import Certificate
from organisations.models import User


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        help_text=gettext_lazy(
            "Begrundelsen gemmes hos beviset. Den offentlige side viser kun, at beviset er "
            "tilbagekaldt, og hvornår."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Skriv hvorfor beviset tilbagekaldes.")},
    )


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
    certificate = certificates.get_public_certificate(code)
    user = request.user
    can_download = can_revoke = False
    if user.is_authenticated:
        downloadable = certificates.certificates_for_download(user)
        can_download = downloadable.filter(pk=certificate.pk).exists()
        can_revoke = not certificate.is_revoked and (
            certificates.certificates_for_revoke(user).filter(pk=certificate.pk).exists()
        )
    context = {
        "certificate": certificate,
        "status": _status(certificate),
        "can_download": can_download,
        "can_revoke": can_revoke,
    }
    response = render(request, "courses/certificates/public.html", context)
    # The page names a person: confirm it to whoever has the link, never to a search engine.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF, for its owner, their HR or manager, the provider's and the network's editors."""
    certificate = certificates.get_certificate_for_download(request.user, code)
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
    certificate = certificates.get_certificate_for_revoke(request.user, code)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and not certificate.is_revoked and form.is_valid():
        try:
            services.certificate_revoke(
                certificate=certificate,
                actor=cast(User, request.user),  # login_required: never anonymous here
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kursusbeviset er tilbagekaldt."))
            return redirect("certificate_public", code=certificate.code)
    context = {"certificate": certificate, "status": _status(certificate), "form": form}
    return render(request, "courses/certificates/revoke.html", context)
