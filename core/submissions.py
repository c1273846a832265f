"""One form submission, one result: a double-click or a re-sent post never creates twice.

A create form carries a one-time key (``{% submission_key %}`` from ``core``'s template tags,
a hidden field with a random value made when the form is shown). A view decorated with
``@once_per_submission`` claims the key before it runs:

* the first post with the key runs the view; when it answers with a redirect (the object was
  created), the redirect's address is stored as the key's result;
* a later post with the same key, or one that arrives while the first is still running, gets
  that same redirect, and nothing is created again;
* when the first post does not succeed (the form is shown again with errors, or an error is
  raised), the key is released, so correcting the form and sending it again works.

The claim is a row of ``core.FormSubmission``, unique per person and key: of two simultaneous
inserts the database lets exactly one through (the other gets ``IntegrityError`` inside its
savepoint, which means "a twin got there first"). Not the cache: the Redis cache fails open, so
with Redis down (or a key evicted) a cache claim would let duplicates through exactly when the
site is degraded. Rows are purged by the nightly retention job after ``KEEP_DAYS``. Posts
without a key (API clients, old pages still open) are handled as before.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import FormSubmission, SubmissionState
from core.safety import bad_request

logger = logging.getLogger(__name__)

FIELD = "submission_key"
KEEP_DAYS = 2  # a claim and its result are kept this long (retention rule "form_submissions")
WAIT_SECONDS = 15.0  # how long a second post waits for the first one's result
POLL_SECONDS = 0.05
# A claim still pending after this long belongs to a post that died (worker killed mid-request):
# a re-post may take it over rather than be refused until the purge.
STALE_AFTER = timedelta(minutes=10)
KEY_LENGTH = 32


def new_key() -> str:
    """A fresh, unguessable submission key for a form being shown."""
    return secrets.token_hex(KEY_LENGTH // 2)


def _valid(key: str) -> bool:
    return len(key) == KEY_LENGTH and all(c in "0123456789abcdef" for c in key)


def _claim(user_id: Any, key: str) -> FormSubmission | None:
    """Insert the claim; ``None`` when a twin's row already holds the key."""
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(user_id=user_id, key=key)
    except IntegrityError:
        return None


def _twin(user_id: Any, key: str) -> FormSubmission | None:
    return FormSubmission.objects.filter(user_id=user_id, key=key).first()


def _wait_for_result(user_id: Any, key: str) -> FormSubmission | None:
    """The twin's row once it is done, or still pending at the deadline; ``None`` if released."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        twin = _twin(user_id, key)
        if twin is None or twin.state == SubmissionState.DONE:
            return twin
        if twin.created_at < timezone.now() - STALE_AFTER:
            FormSubmission.objects.filter(pk=twin.pk, state=SubmissionState.PENDING).delete()
            return None
        if time.monotonic() >= deadline:
            return twin
        time.sleep(POLL_SECONDS)


def _release(claim: FormSubmission) -> None:
    try:
        FormSubmission.objects.filter(pk=claim.pk).delete()
    except DatabaseError:  # the claim goes stale and is taken over (STALE_AFTER) or purged
        logger.exception("Could not release form submission %s", claim.pk)


def _run(
    claim: FormSubmission, view: Callable[..., HttpResponse], *args: Any, **kwargs: Any
) -> HttpResponse:
    """Run the view under the claim: keep its redirect as the result, or release the key."""
    try:
        response = view(*args, **kwargs)
    except BaseException:
        _release(claim)
        raise
    location = response.get("Location") if response.status_code in (301, 302, 303) else None
    if location:
        FormSubmission.objects.filter(pk=claim.pk).update(
            state=SubmissionState.DONE, result_url=location
        )
    else:
        _release(claim)
    return response


def once_per_submission(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run a create view at most once per submission key (see the module's docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not key or not request.user.is_authenticated or not _valid(key):
            return view(request, *args, **kwargs)
        user_id = request.user.pk
        claim = _claim(user_id, key)
        if claim is None:
            twin = _wait_for_result(user_id, key)
            if twin is not None and twin.state == SubmissionState.DONE:
                return HttpResponseRedirect(twin.result_url)
            if twin is not None:
                return bad_request(
                    request, _("Formularen er allerede sendt og bliver behandlet. Vent et øjeblik.")
                )
            # The first post failed meanwhile: this one may try again.
            claim = _claim(user_id, key)
            if claim is None:
                return bad_request(request, _("Formularen er allerede sendt."))
        return _run(claim, view, request, *args, **kwargs)

    return wrapper


def submission_retention_queryset() -> QuerySet[FormSubmission]:
    """Claims older than ``KEEP_DAYS``: their twin posts are long over (privacy.retention)."""
    return FormSubmission.objects.filter(created_at__lt=timezone.now() - timedelta(days=KEEP_DAYS))
