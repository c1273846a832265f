"""Erasure views: the person's request (from Mine data) and HR's or the network's queue.

Thin: each validates, calls one service in ``privacy.erasure`` and redirects. Which requests a
person may see and decide comes from ``privacy.access`` (a request outside it answers 404; the
queue for someone who decides none is the 403 page).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.access import require
from core.views import service_refusal
from organisations.access import me
from privacy import access, erasure, selectors
from privacy.models import ErasureStatus


class RequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse (valgfri)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    understood = forms.BooleanField(
        label=gettext_lazy(
            "Jeg forstår, at mine data slettes, og at jeg ikke længere kan logge ind."
        ),
        error_messages={"required": gettext_lazy("Bekræft, at du forstår, hvad sletning betyder.")},
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Bemærkning (skal udfyldes ved afvisning)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _my_data_url() -> str:
    try:
        return reverse("privacy:my_data")
    except NoReverseMatch:  # the Mine data page is another part of issue 11
        return reverse("erasure:request")


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    """The person asks to have their data erased."""
    open_request = selectors.open_erasure_request(request.user)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and open_request is None and form.is_valid():
        with service_refusal(form) as refused:
            erasure.erasure_request_create(
                person=me(request), requested_by=me(request), reason=form.cleaned_data["reason"]
            )
        if not refused:
            messages.success(
                request,
                _("Din anmodning om sletning er sendt. HR eller netværket behandler den."),
            )
            return redirect(_my_data_url())
    return render(
        request, "privacy/erasure_request.html", {"form": form, "open_request": open_request}
    )


@login_required
@require_POST
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The person withdraws their own waiting request."""
    own = access.get_own_erasure_request(request.user, pk)
    with service_refusal(request) as refused:
        erasure.erasure_request_cancel(request=own, actor=me(request))
    if not refused:
        messages.success(request, _("Din anmodning om sletning er trukket tilbage."))
    return redirect(_my_data_url())


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """HR's (or the network's) list of erasure requests for their people."""
    require(access.may_decide_any(request.user))
    rows = selectors.erasure_queue(request.user)
    return render(request, "privacy/erasure_queue.html", {"requests": rows})


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: what erasure will do (a dry run), and confirm or reject."""
    item = access.get_erasure_request_for(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        confirm = request.POST.get("action") == "confirm"
        try:
            with service_refusal(form) as refused:
                if confirm:
                    erasure.erasure_request_confirm(request=item, decided_by=me(request), note=note)
                else:
                    erasure.erasure_request_reject(request=item, decided_by=me(request), note=note)
        except PermissionDenied:
            messages.error(request, _("Du kan ikke behandle din egen anmodning."))
        else:
            if not refused:
                if confirm:
                    messages.success(request, _("Sletningen er bekræftet og gennemføres nu."))
                else:
                    messages.success(request, _("Anmodningen er afvist."))
                return redirect("erasure:queue")
    preview: dict[str, int] = {}
    if item.status == ErasureStatus.REQUESTED and item.person is not None:
        preview = erasure.person_erase(person=item.person, erased_by=me(request), dry_run=True)
    return render(
        request,
        "privacy/erasure_decide.html",
        {
            "item": item,
            "form": form,
            "preview": sorted((area, n) for area, n in preview.items() if n),
            "actions": access.actions_for(request.user, item),
        },
    )
