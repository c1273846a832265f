"""Wagtail admin hooks of the privacy app.

Sections are kept apart because several parts of issue 11 hook into the admin here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from core.views import service_refusal
from organisations.access import me

# --- Erasure (H6b): deleting a user in the admin erases the person -------------------------
#
# Wagtail's own delete would run Django's cascade: it fails with a 500 for anyone whose name
# stands on a protected row (a learning-log author), and where it succeeds it removes records
# other people rely on. Both the single and the bulk delete go through ``person_erase``
# instead, which keeps those records under "Slettet bruger". Wagtail's permission check
# (may this admin delete that user?) has already run when the hooks are called.


def _erase(request: HttpRequest, users: list[Any]) -> int:
    from privacy.erasure import person_erase

    erased = 0
    for user in users:
        with service_refusal(request) as refused:
            person_erase(person=user, erased_by=me(request))
        if not refused:
            erased += 1
    return erased


@hooks.register("before_delete_user")
def erase_instead_of_delete(request: HttpRequest, user: Any) -> HttpResponse | None:
    # The hook also runs when the confirmation page is shown; only the POST erases.
    if request.method != "POST":
        return None
    if _erase(request, [user]):
        messages.success(request, _("Personen er slettet, og deres data er fjernet."))
    return HttpResponseRedirect(reverse("wagtailusers_users:index"))


@hooks.register("before_bulk_action")
def erase_instead_of_bulk_delete(
    request: HttpRequest, action_type: str, objects: list[Any], action_class_instance: Any
) -> HttpResponse | None:
    if action_type != "delete" or getattr(action_class_instance, "model", None) is not (
        get_user_model()
    ):
        return None
    erased = _erase(request, list(objects))
    messages.success(
        request, _("%(count)s personer er slettet, og deres data er fjernet.") % {"count": erased}
    )
    return HttpResponseRedirect(reverse("wagtailusers_users:index"))
