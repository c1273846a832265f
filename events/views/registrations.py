"""Sign up, confirm, cancel and download: the forms on an event's page post here.

A refused sign-up (deadline passed, already signed up) shows the event's page again with the
message beside the field or on top, the input kept (400). The e-mail links (confirm, cancel)
show a page with one button, so a mail scanner's GET changes nothing; a changed or old link
gets a Danish page (400), a registration that is gone 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import service_refusal
from events import access, calendar, links, selectors
from events.forms import GuestRegistrationForm
from events.models import EventPage, EventRegistration
from events.pages import event_context
from events.services import registrations as services
from organisations.access import me

EVENT_TEMPLATE = "events/event_page.html"


def _show_again(
    request: HttpRequest, event: EventPage, form: GuestRegistrationForm | None
) -> HttpResponse:
    return render(request, EVENT_TEMPLATE, event_context(event, request, form), status=400)


def _done_message(request: HttpRequest, registration: EventRegistration) -> None:
    texts = {
        "confirmed": _("Du er tilmeldt. Vi har sendt en bekræftelse med en kalenderinvitation."),
        "waitlisted": _("Arrangementet er fuldt, så du er skrevet på ventelisten."),
        "pending": _(
            "Tak. Vi har sendt dig en e-mail: bekræft tilmeldingen med linket i den "
            "inden for tre dage."
        ),
    }
    messages.success(request, texts.get(registration.status, ""))


@require_POST
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for(request.user, pk)
    form = None
    if request.user.is_authenticated:
        with service_refusal(request) as refused:
            created = services.register_member(event=event, user=me(request))
        if refused:
            return _show_again(request, event, None)
    else:
        form = GuestRegistrationForm(request.POST)
        if not form.is_valid():
            return _show_again(request, event, form)
        with service_refusal(form) as refused:
            created = services.register_guest(event=event, **form.cleaned_data)
        if refused:
            return _show_again(request, event, form)
    _done_message(request, created)
    return redirect(event.url)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = access.get_registration_for(request.user, pk)
    event = registration.event
    with service_refusal(request) as refused:
        services.registration_cancel(registration=registration, actor=me(request))
    if not refused:
        messages.success(request, _("Du er afmeldt arrangementet."))
    return redirect(event.url)


def _from_link(request: HttpRequest, signed: str, purpose: str) -> EventRegistration | HttpResponse:
    try:
        token = links.token_from(signed, purpose=purpose)
    except links.BadLink:
        return render(request, "events/link_invalid.html", {"purpose": purpose}, status=400)
    registration = selectors.registration_by_token(token)
    if registration is None:
        return render(request, "events/link_invalid.html", {"purpose": purpose}, status=404)
    return registration


def confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """The guest's confirmation link: a button on GET, the seat or waitlist on POST."""
    found = _from_link(request, signed, "confirm")
    if isinstance(found, HttpResponse):
        return found
    context = {"registration": found, "event": found.event, "purpose": "confirm"}
    if request.method == "POST":
        with service_refusal(request) as refused:
            found = services.registration_confirm(registration=found)
        if not refused:
            _done_message(request, found)
            return redirect(found.event.url)
        return render(request, "events/link_action.html", context, status=400)
    return render(request, "events/link_action.html", context)


def cancel_link(request: HttpRequest, signed: str) -> HttpResponse:
    """The cancel link of an e-mail: a button on GET, the cancellation on POST."""
    found = _from_link(request, signed, "cancel")
    if isinstance(found, HttpResponse):
        return found
    context = {"registration": found, "event": found.event, "purpose": "cancel"}
    if request.method == "POST":
        with service_refusal(request) as refused:
            services.registration_cancel(registration=found)
        if not refused:
            messages.success(request, _("Du er afmeldt arrangementet."))
            return redirect(found.event.url)
        return render(request, "events/link_action.html", context, status=400)
    return render(request, "events/link_action.html", context)


def ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The event for one's own calendar (PUBLISH)."""
    event = access.get_event_for(request.user, pk)
    response = HttpResponse(calendar.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="arrangement-{event.pk}.ics"'
    return response
