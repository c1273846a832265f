"""Rooms (projektrum): /rum/ my rooms, /rum/nyt/ create, /rum/<pk>/ the room page with what
happened lately, /rum/<pk>/ret/ edit (owners).

Views stay thin: rooms come through ``rooms.access`` (404 for non-members), reads through
``rooms.selectors``, every change is one call to ``rooms.services.rooms``.
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

from core.access import require
from core.submissions import once_per_submission
from core.views import service_refusal
from organisations.access import me
from rooms import access, selectors
from rooms.forms import RoomForm
from rooms.models import Room
from rooms.services import rooms as services

PAGE_SIZE = 25


@login_required
def room_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.my_rooms(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "may_create": access.may_create_room(request.user)}
    return render(request, "rooms/room_list.html", context)


def _create_form(request: HttpRequest, data: Any = None) -> RoomForm:
    organisations = access.creatable_organisations(request.user)
    return RoomForm(
        data,
        organisations=organisations,
        network=access.may_create_network_room(request.user),
        departments=selectors.departments_of(organisations),
        projects=selectors.projects_of(request.user, organisations),
    )


@login_required
@once_per_submission
def room_create(request: HttpRequest) -> HttpResponse:
    require(access.may_create_room(request.user))
    form = _create_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            room = services.room_create(actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Projektrummet %(room)s er oprettet.") % {"room": room})
            return redirect("rooms:detail", pk=room.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "rooms/room_form.html", {"form": form}, status=status)


@login_required
def room_detail(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    context = {
        "room": room,
        "tab": "overview",
        "actions": access.actions_for(request.user, room),
        "departments": selectors.room_departments(room),
        "activities": selectors.recent_activity(room),
        "member_count": selectors.member_count(room),
    }
    return render(request, "rooms/room_detail.html", context)


def _edit_form(request: HttpRequest, room: Room, data: Any = None) -> RoomForm:
    owner = [room.organisation] if room.organisation is not None else []
    initial = {
        "title": room.title,
        "kind": room.kind,
        "description": room.description,
        "departments": [d.pk for d in selectors.room_departments(room)],
        "project": room.project_id,
    }
    return RoomForm(
        data,
        initial=initial,
        organisations=None,
        network=False,
        departments=selectors.departments_of(owner),
        projects=selectors.projects_for_room(request.user, room),
    )


@login_required
def room_edit(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    require(access.actions_for(request.user, room).can_manage)
    form = _edit_form(request, room, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.room_update(room=room, actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Rummet er gemt."))
            return redirect("rooms:detail", pk=room.pk)
    context = {"room": room, "tab": "overview", "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "rooms/room_form.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("", room_list, name="list"),
    path("nyt/", room_create, name="create"),
    path("<int:pk>/", room_detail, name="detail"),
    path("<int:pk>/ret/", room_edit, name="edit"),
]
