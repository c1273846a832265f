"""Calendar downloads: one session's .ics, and a person's secret feed for Outlook or Google."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from courses import calendar, services
from organisations.access import me


def _ics_response(content: str, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
@login_required
def session_ics(request: HttpRequest, session_id: int) -> HttpResponse:
    """The .ics of a session the person holds a seat in; 404 for anyone else."""
    user = me(request)
    session = calendar.get_booked_session(user, session_id)
    content = calendar.session_ics(session, user=user, method="PUBLISH")
    return _ics_response(content, filename=f"hold-{session.pk}.ics", attachment=True)


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's calendar feed, behind a signed token instead of a login."""
    user = calendar.user_from_feed_token(token)
    if user is None:
        raise Http404
    content = calendar.feed_ics(
        calendar.feed_sessions(user), user=user, name=_("AlmenLæring – mine kurser")
    )
    response = _ics_response(content, filename="almenlaering.ics", attachment=False)
    # The URL is the secret: keep it out of shared caches and search engines.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def feed_rotate(request: HttpRequest) -> HttpResponse:
    """A new secret link (also switches a disabled feed on); the old link stops working."""
    services.calendar_feed_rotate(user=me(request))
    messages.success(
        request,
        _("Du har fået et nyt kalenderlink. Det gamle virker ikke længere: abonnér på det nye."),
    )
    return redirect("min_side")


@login_required
@require_POST
def feed_disable(request: HttpRequest) -> HttpResponse:
    """Switch the feed off: every link made so far answers 404."""
    services.calendar_feed_disable(user=me(request))
    messages.success(request, _("Kalenderlinket er slået fra."))
    return redirect("min_side")
