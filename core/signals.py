"""Security events on accounts, from Django's and allauth's own signals (libraries, not apps of
ours, so the kernel may listen). Connected in ``core.apps.CoreConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from core.audit import audit_record
from core.models import AccessAction


def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AccessAction.LOGIN, subject=user, request=request)


def _on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:  # logging out with no session: nothing happened to any account
        return
    audit_record(actor=user, action=AccessAction.LOGOUT, subject=user, request=request)


def _matched_user(credentials: dict[str, Any]) -> Any:
    """The account the attempt was against, if one exists. The typed e-mail itself is not
    stored: it may name someone who has no account here."""
    login = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not login or not isinstance(login, str):
        return None
    user_model = get_user_model()
    field = user_model.EMAIL_FIELD if "@" in login else user_model.USERNAME_FIELD
    return user_model._default_manager.filter(**{f"{field}__iexact": login.strip()}).first()


def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    user = _matched_user(credentials)
    audit_record(
        actor=None,
        action=AccessAction.LOGIN_FAILED,
        subject=user,
        request=request,
        detail={"step": "password"},
    )


def _on_authenticator_added(
    sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    action = (
        AccessAction.RECOVERY_CODES_GENERATED
        if authenticator.type == "recovery_codes"
        else AccessAction.MFA_ACTIVATED
    )
    audit_record(
        actor=user,
        action=action,
        subject=user,
        request=request,
        detail={"type": authenticator.type},
    )


def _on_authenticator_removed(
    sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    audit_record(
        actor=user,
        action=AccessAction.MFA_DEACTIVATED,
        subject=user,
        request=request,
        detail={"type": authenticator.type},
    )


def _on_authenticator_reset(
    sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    audit_record(
        actor=user,
        action=AccessAction.RECOVERY_CODES_GENERATED,
        subject=user,
        request=request,
        detail={"type": authenticator.type},
    )


def _on_mfa_failed(
    sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    # The password was right but the code was not: worth knowing for the account's owner.
    audit_record(
        actor=None,
        action=AccessAction.LOGIN_FAILED,
        subject=user,
        request=request,
        detail={"step": "mfa", "type": authenticator.type},
    )


def connect() -> None:
    """Connect the receivers (dispatch_uid keeps a second call harmless)."""
    from allauth.mfa import signals as mfa_signals

    user_logged_in.connect(_on_login, dispatch_uid="core.audit.login")
    user_logged_out.connect(_on_logout, dispatch_uid="core.audit.logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="core.audit.login_failed")
    mfa_signals.authenticator_added.connect(_on_authenticator_added, dispatch_uid="core.audit.mfa+")
    mfa_signals.authenticator_removed.connect(
        _on_authenticator_removed, dispatch_uid="core.audit.mfa-"
    )
    mfa_signals.authenticator_reset.connect(_on_authenticator_reset, dispatch_uid="core.audit.rc")
    mfa_signals.authentication_failed.connect(_on_mfa_failed, dispatch_uid="core.audit.mfa_fail")
