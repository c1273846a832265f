"""A room's meeting calendar (mødekalender): the list, a meeting with its agenda, minutes and
replies; calling, changing and cancelling a meeting; the person's reply; the minutes and their
access-checked download; the person's own calendar file.

Every route asks ``rooms.access`` for the room first (404 for anyone who is not a member), then
for the meeting inside it (404 for an id from another room). Calling, changing, cancelling and
writing minutes need ``can_contribute`` (403 for guests); every member replies. A refused input
(a meeting that ends before it starts, a minutes file that is not what its name says) is shown
again with the message beside the field and the rest of the input kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import require
from core.ical import CONTENT_TYPE
from core.views import service_refusal
from organisations.access import me
from rooms import access
from rooms import calendar as room_calendar
from rooms import selectors_meetings as selectors
from rooms.forms_meetings import RENAME, MeetingForm, MinutesForm, ReplyForm
from rooms.models import Meeting, Room
from rooms.services import meetings as services


def _meeting_url(meeting: Meeting) -> str:
    return reverse("rooms:meeting", kwargs={"pk": meeting.room_id, "m": meeting.pk})


def _contributing(request: HttpRequest, pk: int) -> Room:
    """The room (404 for non-members), refusing guests (403)."""
    room = access.get_room_for(request.user, pk)
    require(access.actions_for(request.user, room).can_contribute)
    return room


def _meeting(request: HttpRequest, pk: int, m: int) -> tuple[Room, Meeting]:
    room = access.get_room_for(request.user, pk)
    meeting = access.get_meeting_for(request.user, room, m)
    meeting.room = room
    return room, meeting


def _contributing_meeting(request: HttpRequest, pk: int, m: int) -> tuple[Room, Meeting]:
    room, meeting = _meeting(request, pk, m)
    require(access.actions_for(request.user, room).can_contribute)
    return room, meeting


@login_required
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    meetings = selectors.room_meetings(
        room,
        me(request),
        coming_page=request.GET.get("kommende"),
        past_page=request.GET.get("tidligere"),
    )
    context = {
        "room": room,
        "tab": "meetings",
        "actions": access.actions_for(request.user, room),
        "coming": meetings.coming,
        "past": meetings.past,
    }
    return render(request, "rooms/meetings/meeting_list.html", context)


@login_required
def meeting_detail(request: HttpRequest, pk: int, m: int) -> HttpResponse:
    room, meeting = _meeting(request, pk, m)
    answer = selectors.my_answer(meeting, me(request))
    context = {
        "room": room,
        "tab": "meetings",
        "meeting": meeting,
        "actions": access.actions_for(request.user, room),
        "replies": selectors.meeting_replies(meeting),
        "my_answer": answer,
        "reply_form": ReplyForm(initial={"answer": answer}),
        "started": meeting.starts_at <= timezone.now(),
        "over": meeting.ends_at <= timezone.now(),
    }
    return render(request, "rooms/meetings/meeting_detail.html", context)


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    room = _contributing(request, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form, rename=RENAME) as refused:
            meeting = services.meeting_create(actor=me(request), room=room, **form.service_fields())
        if not refused:
            messages.success(
                request,
                _("Mødet »%(title)s« er indkaldt. Rummets medlemmer får en invitation.")
                % {"title": meeting.title},
            )
            return redirect(_meeting_url(meeting))
    context = {"room": room, "tab": "meetings", "form": form, "meeting": None}
    status = 400 if form.is_bound else 200
    return render(request, "rooms/meetings/meeting_form.html", context, status=status)


@login_required
def meeting_edit(request: HttpRequest, pk: int, m: int) -> HttpResponse:
    room, meeting = _contributing_meeting(request, pk, m)
    if meeting.cancelled_at is not None:
        messages.error(request, _("Mødet er aflyst og kan ikke ændres."))
        return redirect(_meeting_url(meeting))
    form = MeetingForm.for_meeting(meeting, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form, rename=RENAME) as refused:
            services.meeting_update(actor=me(request), meeting=meeting, **form.service_fields())
        if not refused:
            messages.success(request, _("Mødet er ændret."))
            return redirect(_meeting_url(meeting))
    context = {"room": room, "tab": "meetings", "form": form, "meeting": meeting}
    status = 400 if form.is_bound else 200
    return render(request, "rooms/meetings/meeting_form.html", context, status=status)


@login_required
def meeting_cancel(request: HttpRequest, pk: int, m: int) -> HttpResponse:
    """GET asks for confirmation; POST cancels and sends every member the cancellation."""
    room, meeting = _contributing_meeting(request, pk, m)
    if request.method == "POST":
        with service_refusal(request) as refused:
            services.meeting_cancel(actor=me(request), meeting=meeting)
        if not refused:
            messages.success(request, _("Mødet er aflyst. Rummets medlemmer får besked."))
        return redirect(_meeting_url(meeting))
    context = {"room": room, "tab": "meetings", "meeting": meeting}
    return render(request, "rooms/meetings/meeting_cancel.html", context)


@login_required
def meeting_reply(request: HttpRequest, pk: int, m: int) -> HttpResponse:
    """POST the member's answer; a GET (after the same 404 check) goes to the meeting."""
    room, meeting = _meeting(request, pk, m)
    require(access.actions_for(request.user, room).can_post)
    if request.method != "POST":
        return redirect(_meeting_url(meeting))
    form = ReplyForm(request.POST)
    if form.is_valid():
        with service_refusal(request) as refused:
            services.meeting_reply(
                actor=me(request), meeting=meeting, answer=form.cleaned_data["answer"]
            )
        if not refused:
            messages.success(request, _("Tak for dit svar."))
    else:
        messages.error(request, _("Vælg, om du deltager."))
    return redirect(_meeting_url(meeting))


@login_required
def meeting_minutes(request: HttpRequest, pk: int, m: int) -> HttpResponse:
    room, meeting = _contributing_meeting(request, pk, m)
    form = MinutesForm(
        request.POST or None, request.FILES or None, initial={"minutes": meeting.minutes}
    )
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.meeting_minutes(
                actor=me(request),
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                file=form.cleaned_data["minutes_file"],
            )
        if not refused:
            messages.success(request, _("Referatet er lagt op."))
            return redirect(_meeting_url(meeting))
    context = {"room": room, "tab": "meetings", "meeting": meeting, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "rooms/meetings/meeting_minutes.html", context, status=status)


@login_required
def meeting_minutes_download(request: HttpRequest, pk: int, m: int) -> FileResponse:
    """The minutes file, only for the room's members; always a download, never sniffed."""
    _room, meeting = _meeting(request, pk, m)
    if not meeting.minutes_file:
        raise Http404
    response = FileResponse(
        meeting.minutes_file.open("rb"),
        as_attachment=True,
        filename=meeting.minutes_file_name or f"referat-{meeting.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def meeting_ics(request: HttpRequest, pk: int, m: int) -> HttpResponse:
    """The person's own event (PUBLISH), with the same UID as their invitation."""
    _room, meeting = _meeting(request, pk, m)
    response = HttpResponse(
        room_calendar.meeting_ics(meeting, me(request), method="PUBLISH"),
        content_type=CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="moede-{meeting.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("<int:pk>/moeder/", meeting_list, name="meetings"),
    path("<int:pk>/moeder/nyt/", meeting_create, name="meeting_create"),
    path("<int:pk>/moeder/<int:m>/", meeting_detail, name="meeting"),
    path("<int:pk>/moeder/<int:m>/ret/", meeting_edit, name="meeting_edit"),
    path("<int:pk>/moeder/<int:m>/aflys/", meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/moeder/<int:m>/svar/", meeting_reply, name="meeting_reply"),
    path("<int:pk>/moeder/<int:m>/referat/", meeting_minutes, name="meeting_minutes"),
    path(
        "<int:pk>/moeder/<int:m>/referat/fil/",
        meeting_minutes_download,
        name="meeting_minutes_download",
    ),
    path("<int:pk>/moeder/<int:m>/kalender.ics", meeting_ics, name="meeting_ics"),
]
