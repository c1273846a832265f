"""A second factor asserted by the identity provider, remembered for the session it logged in.

When an organisation trusts its identity provider's second factor (``trust_idp_mfa``) and the
ID token says one was used (``amr``, RFC 8176), the login remembers which account it was for.
It counts only while allauth's own record of how this session was authenticated, which allauth
ties to the logged-in user, still names that same account: another person's login in the same
browser, or a log-out, leaves nothing behind that could count for them.
"""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from django.http import HttpRequest

SESSION_KEY = "lms_sso_second_factor"


def remember_second_factor(
    request: HttpRequest, *, provider_id: str, uid: str, asserted: bool
) -> None:
    """Note (or forget) that this login's identity provider asserted a trusted second factor."""
    if asserted:
        request.session[SESSION_KEY] = {"provider": provider_id, "uid": uid}
    else:
        request.session.pop(SESSION_KEY, None)


def has_idp_second_factor(request: HttpRequest, user: Any) -> bool:
    """Whether ``user`` is (being) logged in by an identity provider that asserted a second
    factor their organisation trusts. Reads the session only: no query."""
    session = getattr(request, "session", None)
    if session is None or user is None or not getattr(user, "pk", None):
        return False
    marker = session.get(SESSION_KEY)
    if not isinstance(marker, dict):
        return False
    social = [
        record
        for record in get_authentication_records(request, user)
        if record.get("method") == "socialaccount"
    ]
    if not social:
        return False
    last = social[-1]
    same_provider = last.get("provider") == marker.get("provider")
    return bool(same_provider and last.get("uid") == marker.get("uid"))
