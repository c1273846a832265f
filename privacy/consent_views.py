"""Withdrawing a consent from the Mine data page (core.consents)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.consents import ConsentNotFound, consent_withdraw


@login_required
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    """Take back one of the person's consents; anything not theirs (or already withdrawn) is a
    404, so a forged form withdraws nothing."""
    key = request.POST.get("key", "")
    object_id = request.POST.get("object_id", "")
    try:
        kind = consent_withdraw(user=request.user, key=key, object_id=object_id, request=request)
    except ConsentNotFound as exc:
        raise Http404 from exc
    messages.success(request, _("Samtykket er trukket tilbage: %(title)s.") % {"title": kind.title})
    return redirect("privacy:my_data")
