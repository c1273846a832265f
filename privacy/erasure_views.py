"""Erasure views: the person's request (from Mine data) and HR's or the network's queue.

Thin: each validates, calls one service in ``privacy.erasure`` and redirects. Which requests a
person may see comes from ``erasure.requests_for`` (a request outside it answers 404).
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organisations import access
from organisations.models import User
from privacy import erasure
from privacy.models import ErasureRequest, ErasureStatus


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


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _may_decide_any(user: User) -> bool:
    return access.is_network_editor(user) or bool(erasure.decider_organisation_ids(user))


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    """The person asks to have their data erased."""
    open_request = ErasureRequest.objects.filter(
        person=_user(request), status__in=erasure.OPEN
    ).first()
    form = RequestForm(request.POST or None)
    if request.method == "POST" and open_request is None and form.is_valid():
        try:
            erasure.erasure_request_create(
                person=request.user,  # type: ignore[arg-type]
                requested_by=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
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
    own = get_object_or_404(ErasureRequest, pk=pk, person=request.user)
    try:
        erasure.erasure_request_cancel(request=own, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Din anmodning om sletning er trukket tilbage."))
    return redirect(_my_data_url())


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """HR's (or the network's) list of erasure requests for their people."""
    if not _may_decide_any(_user(request)):
        raise PermissionDenied
    rows = erasure.requests_for(_user(request)).order_by("-created_at")[:200]
    return render(request, "privacy/erasure_queue.html", {"requests": rows})


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: what erasure will do (a dry run), and confirm or reject."""
    item = get_object_or_404(erasure.requests_for(_user(request)), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if request.POST.get("action") == "confirm":
                erasure.erasure_request_confirm(request=item, decided_by=request.user, note=note)  # type: ignore[arg-type]
                messages.success(request, _("Sletningen er bekræftet og gennemføres nu."))
            else:
                erasure.erasure_request_reject(request=item, decided_by=request.user, note=note)  # type: ignore[arg-type]
                messages.success(request, _("Anmodningen er afvist."))
        except PermissionDenied:
            messages.error(request, _("Du kan ikke behandle din egen anmodning."))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return redirect("erasure:queue")
    preview: dict[str, int] = {}
    if item.status == ErasureStatus.REQUESTED and item.person is not None:
        preview = erasure.person_erase(person=item.person, erased_by=_user(request), dry_run=True)
    return render(
        request,
        "privacy/erasure_decide.html",
        {
            "item": item,
            "form": form,
            "preview": sorted((area, n) for area, n in preview.items() if n),
            "own": item.person_id == request.user.pk,
        },
    )
