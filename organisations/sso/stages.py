"""allauth's login stage that asks for the TOTP code, aware of the identity provider's factor."""

from __future__ import annotations

from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage
from django.http import HttpRequest

from organisations.sso.session import has_idp_second_factor

ALLAUTH_STAGE = "allauth.mfa.stages.AuthenticateStage"
STAGE = "organisations.sso.stages.AuthenticateStage"


class AuthenticateStage(AllauthAuthenticateStage):
    """Ask for the TOTP code as allauth does, unless this login came through an identity
    provider that asserted a second factor its organisation trusts (see ``session``).

    It keeps allauth's key, so the trust-this-browser stage that follows still finds it.
    """

    def _should_handle(self, request: HttpRequest) -> bool:
        if self.login.user is not None and has_idp_second_factor(request, self.login.user):
            return False
        return bool(super()._should_handle(request))


def with_sso_stage(stages: list[str]) -> list[str]:
    """allauth's login stages with its TOTP stage replaced by ours."""
    return [STAGE if path == ALLAUTH_STAGE else path for path in stages]
