"""Views of the project web: the voting room (afstemningsrum).

Members vote (and change their vote until the deadline); owners open, close early and export
the result. What a person sees of a result — counts, and names only for an open vote after it
closed — is the selector's decision (``rooms.selectors_votes``), the same for page and workbook.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import require
from core.exports import XLSX_CONTENT_TYPE
from core.views import service_refusal
from organisations.access import me
from rooms import access, selectors_votes
from rooms.forms_votes import BallotForm, VoteForm
from rooms.models import Room, Vote
from rooms.services import votes as services


def _vote(request: HttpRequest, pk: int, v: int) -> tuple[Room, Vote]:
    """The room and the vote, or 404 (not a member, or a vote of another room)."""
    room = access.get_room_for(request.user, pk)
    vote = access.get_vote_for(request.user, room, v)
    vote.room = room
    return room, vote


@login_required
def votes(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    context = {
        "room": room,
        "tab": "votes",
        "actions": access.actions_for(request.user, room),
        "page_obj": selectors_votes.votes_page(room, me(request), request.GET.get("page")),
        "members": selectors_votes.member_count(room),
    }
    return render(request, "rooms/votes/vote_list.html", context)


def _detail(
    request: HttpRequest, room: Room, vote: Vote, form: BallotForm | None = None
) -> HttpResponse:
    view = selectors_votes.vote_view(vote, me(request))
    actions = access.actions_for(request.user, room)
    if form is None and view.is_open and actions.can_post:
        initial = {"options": [str(pk) for pk in view.my_option_ids]}
        form = BallotForm(vote=vote, options=view.options, initial=initial)
    context = {"room": room, "tab": "votes", "view": view, "actions": actions, "form": form}
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "rooms/votes/vote_detail.html", context, status=status)


@login_required
def vote(request: HttpRequest, pk: int, v: int) -> HttpResponse:
    room, vote = _vote(request, pk, v)
    return _detail(request, room, vote)


@login_required
@require_POST
def vote_cast(request: HttpRequest, pk: int, v: int) -> HttpResponse:
    room, vote = _vote(request, pk, v)
    require(access.actions_for(request.user, room).can_post)
    view = selectors_votes.vote_view(vote, me(request))
    form = BallotForm(request.POST, vote=vote, options=view.options)
    if form.is_valid():
        with service_refusal(form) as refused:
            services.vote_cast(vote=vote, voter=me(request), option_ids=form.option_ids())
        if not refused:
            if view.i_voted:
                messages.success(request, _("Din stemme er ændret."))
            else:
                messages.success(request, _("Tak. Din stemme er afgivet."))
            return redirect("rooms:vote", pk=room.pk, v=vote.pk)
    return _detail(request, room, vote, form)


@login_required
def vote_create(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    require(access.actions_for(request.user, room).can_open_votes)
    form = VoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form, rename={"deadline": "deadline_date"}) as refused:
            vote = services.vote_create(room=room, actor=me(request), **form.service_arguments())
        if not refused:
            messages.success(request, _("Afstemningen er åbnet."))
            return redirect("rooms:vote", pk=room.pk, v=vote.pk)
    context = {"room": room, "tab": "votes", "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "rooms/votes/vote_form.html", context, status=status)


@login_required
@require_POST
def vote_close(request: HttpRequest, pk: int, v: int) -> HttpResponse:
    room, vote = _vote(request, pk, v)
    require(access.actions_for(request.user, room).can_open_votes)
    with service_refusal(request) as refused:
        services.vote_close(vote=vote, actor=me(request))
    if not refused:
        messages.success(request, _("Afstemningen er lukket. Resultatet kan nu ses."))
    return redirect("rooms:vote", pk=room.pk, v=vote.pk)


@login_required
def vote_results_xlsx(request: HttpRequest, pk: int, v: int) -> HttpResponse:
    """The result as a workbook for owners, once the result may be seen at all."""
    room, vote = _vote(request, pk, v)
    require(access.actions_for(request.user, room).can_open_votes)
    require(selectors_votes.results_visible(vote))
    response = HttpResponse(selectors_votes.results_xlsx(vote), content_type=XLSX_CONTENT_TYPE)
    filename = selectors_votes.results_filename(vote)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("<int:pk>/afstemninger/", votes, name="votes"),
    path("<int:pk>/afstemninger/ny/", vote_create, name="vote_create"),
    path("<int:pk>/afstemninger/<int:v>/", vote, name="vote"),
    path("<int:pk>/afstemninger/<int:v>/stem/", vote_cast, name="vote_cast"),
    path("<int:pk>/afstemninger/<int:v>/luk/", vote_close, name="vote_close"),
    path(
        "<int:pk>/afstemninger/<int:v>/resultat.xlsx", vote_results_xlsx, name="vote_results_xlsx"
    ),
]
