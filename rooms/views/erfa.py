"""An erfaringsgruppe's pages: /rum/<pk>/aftaler/ — the group's aftaler (open first, the
overdue ones said in words), noting and following them up, and sharing a group insight with the
sector as a lesson. Only rooms of kind erfaringsgruppe have them: any other room, and any room
the person is not a member of, answers 404; guests read but do not write (403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import require
from core.views import service_refusal
from organisations.access import me
from rooms import access, selectors_erfa
from rooms.forms_erfa import AgreementEditForm, AgreementForm, LessonShareForm
from rooms.models import Agreement, Room
from rooms.services import erfa as services

PAGE_SIZE = 50


def _contributing_room(request: HttpRequest, pk: int) -> Room:
    room = access.get_erfa_room_for(request.user, pk)
    require(access.actions_for(request.user, room).can_contribute)
    return room


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def agreement_list(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_erfa_room_for(request.user, pk)
    page = Paginator(selectors_erfa.agreements_of(room), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "room": room,
        "tab": "agreements",
        "page": page,
        "groups": selectors_erfa.agreement_groups(page.object_list),
        "actions": access.actions_for(request.user, room),
    }
    return render(request, "rooms/erfa/agreement_list.html", context)


def _agreement_form(room: Room, data: Any = None, **kwargs: Any) -> AgreementForm:
    return AgreementForm(
        data,
        members=selectors_erfa.member_users(room),
        meetings=selectors_erfa.meeting_choices(room),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    room = _contributing_room(request, pk)
    form = _agreement_form(room, _posted(request))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.agreement_create(room=room, actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Aftalen er noteret."))
            return redirect("rooms:agreements", pk=room.pk)
    context = {"room": room, "tab": "agreements", "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "rooms/erfa/agreement_form.html", context, status=status)


def _initial(agreement: Agreement) -> dict[str, Any]:
    return {
        "what": agreement.what,
        "responsible": agreement.responsible_id,
        "due_on": agreement.due_on,
        "meeting": agreement.meeting_id,
        "status": agreement.status,
        "follow_up": agreement.follow_up,
    }


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    room = _contributing_room(request, pk)
    agreement = access.get_agreement_for(request.user, room, agreement_pk)
    form = AgreementEditForm(
        _posted(request),
        members=selectors_erfa.member_users(room),
        meetings=selectors_erfa.meeting_choices(room),
        initial=_initial(agreement),
    )
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.agreement_update(agreement=agreement, actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Aftalen er gemt."))
            return redirect("rooms:agreements", pk=room.pk)
    context = {"room": room, "tab": "agreements", "form": form, "agreement": agreement}
    status = 400 if request.method == "POST" else 200
    return render(request, "rooms/erfa/agreement_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_share(request: HttpRequest, pk: int) -> HttpResponse:
    room = _contributing_room(request, pk)
    form = LessonShareForm(_posted(request), guides=selectors_erfa.guide_choices())
    preview: dict[str, str] | None = None
    if request.method == "POST" and form.is_valid():
        preview = services.lesson_preview(room=room, texts=form.texts())
        if request.POST.get("publish") and form.require_confirmation():
            data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
            with service_refusal(form) as refused:
                lesson = services.lesson_share(room=room, actor=me(request), **data)
            if not refused:
                messages.success(request, _("Erfaringen er delt med hele sektoren."))
                return redirect("onsite:lesson_detail", pk=lesson.pk)
    context = {
        "room": room,
        "tab": "agreements",
        "form": form,
        "preview": preview,
        "network_room": room.organisation_id is None,
    }
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "rooms/erfa/lesson_share.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/aftaler/", agreement_list, name="agreements"),
    path("<int:pk>/aftaler/ny/", agreement_create, name="agreement_create"),
    path("<int:pk>/aftaler/<int:agreement_pk>/", agreement_edit, name="agreement_edit"),
    path("<int:pk>/aftaler/erfaring/", lesson_share, name="lesson_share"),
]
