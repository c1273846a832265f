"""The public newsletter pages: sign-up, confirmation, topics, unsubscribe and the archive.

None needs a login: a subscriber is known only by the signed link in their e-mail.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.rich_text import expand_db_html

from core.views import error_text, service_refusal
from newsletter import access, selectors
from newsletter.content import issue_items
from newsletter.forms import CONSENT_TEXT, SignupForm, TopicsForm
from newsletter.models import SubscriberStatus
from newsletter.services import subscriptions

ARCHIVE_PAGE_SIZE = 20


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    # The home page's box brings the address along (?email=…); the rest is chosen here.
    form = SignupForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refusal:
            subscriptions.subscriber_signup(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                topics=form.cleaned_data["topics"],
                consent=form.cleaned_data["consent"],
                consent_text=str(CONSENT_TEXT),
            )
        if not refusal:
            # The same answer whether the address is new, waiting or already on the list.
            return redirect("newsletter:signup_done")
    return render(request, "newsletter/signup.html", {"form": form})


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/signup_done.html")


def _link_error(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "newsletter/link_error.html", {"message": message}, status=400)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriptions.subscriber_confirm(token=token)
    except ValidationError as error:
        return _link_error(request, error_text(error))
    return render(request, "newsletter/confirmed.html")


# Mail clients send the one-click unsubscribe of RFC 8058 as a bare POST with no cookies and no
# CSRF token; the signed token in the URL is what proves the request, so CSRF is off here only.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = subscriptions.subscriber_from_token(token)
    except ValidationError as error:
        return _link_error(request, error_text(error))
    if request.method == "POST":
        subscriptions.subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "newsletter/unsubscribed.html")
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        # Opened again after the mail client's one click: say it is done, offer no button.
        return render(request, "newsletter/unsubscribed.html")
    # A GET (a link checker, a preview) never unsubscribes: it shows the one button.
    return render(request, "newsletter/unsubscribe.html", {"token": token})


@require_http_methods(["GET", "POST"])
def topics(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = subscriptions.subscriber_from_token(token)
    except ValidationError as error:
        return _link_error(request, error_text(error))
    form = TopicsForm(request.POST or None, initial={"topics": selectors.topic_ids_of(subscriber)})
    saved = False
    if request.method == "POST" and form.is_valid():
        subscriptions.subscriber_topics_set(
            subscriber=subscriber, topics=form.cleaned_data["topics"]
        )
        saved = True
    return render(
        request,
        "newsletter/topics.html",
        {"form": form, "token": token, "saved": saved, "subscriber": subscriber},
    )


def archive(request: HttpRequest) -> HttpResponse:
    issues = access.archive_issues_for(request.user)
    page = Paginator(issues, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "newsletter/archive.html", {"page": page})


def archive_issue(request: HttpRequest, pk: int) -> HttpResponse:
    issue = access.get_archive_issue_for(request.user, pk)
    return render(
        request,
        "newsletter/archive_issue.html",
        {"issue": issue, "intro_html": expand_db_html(issue.intro), "items": issue_items(issue)},
    )


urlpatterns = [
    path("", signup, name="signup"),
    path("tak/", signup_done, name="signup_done"),
    path("bekraeft/<str:token>/", confirm, name="confirm"),
    path("afmeld/<str:token>/", unsubscribe, name="unsubscribe"),
    path("emner/<str:token>/", topics, name="topics"),
    path("arkiv/", archive, name="archive"),
    path("arkiv/<int:pk>/", archive_issue, name="archive_issue"),
]
