"""The one invitation mechanism: a single-use link, sent by e-mail, that lets a person in.

Two apps invite: ``organisations`` into an organisation (a membership), ``onsite`` a partner's
person into one building project (a project member). What they invite into differs, so they
stay two tables; everything else is here, once:

- ``Invitation``: the abstract model (address, name, token, expiry, who invited, accepted and
  revoked) and its QuerySet (``open``, ``expired``, ``closed_before`` …);
- the steps their services share: ``lock_open`` (the row locked and checked, with the Danish
  refusals), ``accepting_person`` (a new account, or the logged-in person with the invited
  address), ``mark_accepted`` and ``mark_revoked``;
- the accept page's flow (``accept_page``) and its one template, ``invitations/accept.html``,
  which each app extends for its own headings.

The token is the key: whoever holds the link may open its page (``get_by_token``), and an
unknown token answers 404 like any missing page. The kernel imports no app of ours: the app
passes what differs (its wording, its service, its form, where the person lands).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import apply_errors, error_text

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.forms import Form
    from django.utils.functional import _StrPromise

# How long a link stays open.
VALID_DAYS = 14

ACCEPT_TEMPLATE = "invitations/accept.html"


def new_token() -> str:
    """A fresh, unguessable link token."""
    return secrets.token_urlsafe(32)


def default_expiry() -> datetime:
    """When a link sent now runs out."""
    return timezone.now() + timedelta(days=VALID_DAYS)


def normalise_email(email: str) -> str:
    """The invited address as stored: trimmed, lower case."""
    return get_user_model().objects.normalize_email(email).strip().lower()


_I = TypeVar("_I", bound="Invitation")


class InvitationQuerySet(models.QuerySet[_I], Generic[_I]):
    def open(self) -> InvitationQuerySet[_I]:
        """Invitations that can still be accepted."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def expired(self) -> InvitationQuerySet[_I]:
        """Invitations whose link has run out without being used or withdrawn."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=timezone.now()
        )

    def to_address(self, email: str) -> InvitationQuerySet[_I]:
        """Invitations sent to ``email`` (any case)."""
        return self.filter(email__iexact=email)

    def closed_before(self, cutoff: datetime) -> InvitationQuerySet[_I]:
        """Never accepted, and expired or withdrawn before ``cutoff`` (for retention)."""
        return self.filter(accepted_at__isnull=True).filter(
            Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff)
        )


class Invitation(models.Model):
    """What every invitation has: the address, the single-use token and its life."""

    email = models.EmailField(gettext_lazy("e-mailadresse"))
    first_name = models.CharField(gettext_lazy("fornavn"), max_length=150, blank=True)
    last_name = models.CharField(gettext_lazy("efternavn"), max_length=150, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("inviteret af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(gettext_lazy("oprettet"), auto_now_add=True)
    expires_at = models.DateTimeField(gettext_lazy("udløber"), default=default_expiry)
    accepted_at = models.DateTimeField(gettext_lazy("accepteret"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("accepteret af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(gettext_lazy("tilbagekaldt"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Whether the link can still be used."""
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return str(gettext_lazy("Accepteret"))
        if self.revoked_at:
            return str(gettext_lazy("Tilbagekaldt"))
        if self.is_expired:
            return str(gettext_lazy("Udløbet"))
        return str(gettext_lazy("Afventer"))


# --- The steps both services take ------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """What a refusal tells the person to do: whom to ask for a new link differs per app."""

    revoked: str | _StrPromise
    expired: str | _StrPromise


def problem(invitation: Invitation, wording: Wording) -> str:
    """Why the invitation cannot be accepted (in Danish), or "" when it can."""
    if invitation.accepted_at is not None:
        return _("Invitationen er allerede brugt. Log ind med din e-mailadresse og adgangskode.")
    if invitation.revoked_at is not None:
        return str(wording.revoked)
    if invitation.is_expired:
        return str(wording.expired)
    return ""


def check_open(invitation: Invitation, wording: Wording) -> None:
    """Refuse (``ValidationError``, Danish) an invitation that cannot be accepted."""
    reason = problem(invitation, wording)
    if reason:
        raise ValidationError(reason)


def lock_open(queryset: models.QuerySet[_I], *, token: str, wording: Wording) -> _I:
    """The invitation with ``token``, its row locked and checked open.

    ``queryset`` carries the app's ``select_for_update``: a link clicked twice at once is
    accepted once, the second click is refused.
    """
    invitation = queryset.get(token=token)
    check_open(invitation, wording)
    return invitation


class CreatesAccount(Protocol):
    def __call__(
        self, *, email: str, password: str | None, first_name: str, last_name: str
    ) -> Any: ...


def accepting_person(
    invitation: Invitation,
    *,
    user: Any | None,
    first_name: str,
    last_name: str,
    password: str | None,
    create_account: CreatesAccount,
) -> Any:
    """Who accepts: the logged-in ``user`` (with the invited address), or a new account.

    A new account is refused when the address already has one (log in first) or when the
    password is too weak (beside the password field). An account that was prepared for the
    person (``prepared_account``: an HR import made it) is completed instead of created.
    """
    if user is not None:
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(
                _("Invitationen er sendt til en anden e-mailadresse end den, du er logget ind med.")
            )
        return user
    prepared = prepared_account(invitation.email)
    if prepared is None and account_exists(invitation.email):
        raise ValidationError(
            _("Der findes allerede en konto med denne e-mailadresse. Log ind for at acceptere.")
        )
    candidate = prepared or get_user_model()(
        email=invitation.email, first_name=first_name, last_name=last_name
    )
    try:
        validate_password(password or "", user=candidate)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from error
    if prepared is not None:
        return complete_prepared_account(
            prepared, first_name=first_name, last_name=last_name, password=password or ""
        )
    return create_account(
        email=invitation.email, password=password, first_name=first_name, last_name=last_name
    )


def mark_accepted(invitation: Invitation, user: Any) -> None:
    """Record that ``user`` used the link (it works once)."""
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])


def mark_revoked(invitation: Invitation) -> bool:
    """Withdraw an invitation not yet accepted; False when it was withdrawn already."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("Invitationen er allerede accepteret og kan ikke trækkes tilbage."))
    if invitation.revoked_at is not None:
        return False
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return True


# --- Reads -------------------------------------------------------------------------------------


def get_by_token(model: type[_I], token: str, *related: str) -> _I:
    """The invitation behind a link, with ``related`` loaded; 404 for an unknown token.

    The access rule of invitation pages: the token is the key, so whoever holds the link may
    open it (accepting then asks for the invited address).
    """
    try:
        return model._default_manager.select_related(*related).get(token=token)
    except model.DoesNotExist:
        raise Http404 from None


def prepared_account(email: str) -> Any | None:
    """The account made for ``email`` by someone else (an HR import) and never used: no usable
    password, never logged in. The invitation's link may complete it — the link went to that
    address, which is as much proof as a password-reset e-mail."""
    user = get_user_model()._default_manager.filter(email__iexact=email).first()
    if user is None or user.has_usable_password() or user.last_login is not None:
        return None
    return user


def complete_prepared_account(user: Any, *, first_name: str, last_name: str, password: str) -> Any:
    """Give a prepared account the person's own name and password; the link proved the
    address, so it is now verified."""
    from allauth.account.models import EmailAddress

    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.set_password(password)
    user.save()
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    return user


def account_exists(email: str) -> bool:
    """Whether someone already has an account with ``email`` (any case)."""
    return get_user_model()._default_manager.filter(email__iexact=email).exists()


# --- The accept page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptFlow:
    """What differs between the apps' accept pages.

    ``accept`` is the app's service (``token`` plus either ``user`` or the new account's
    ``first_name``, ``last_name`` and ``password``), returning the row that has ``.user``;
    ``welcome(request, invitation, new_account)`` says welcome and sends the person on.
    """

    template: str
    wording: Wording
    form_class: type[Form]
    accept: Callable[..., Any]
    welcome: Callable[[HttpRequest, Any, bool], HttpResponse]


def accept_page(request: HttpRequest, invitation: Invitation, flow: AcceptFlow) -> HttpResponse:
    """The link in the e-mail: join as the logged-in person, or create an account first."""
    context: dict[str, object] = {"invitation": invitation}
    reason = problem(invitation, flow.wording)
    if reason:
        return render(request, flow.template, {**context, "problem": reason})
    if request.user.is_authenticated:
        return _accept_as_logged_in(request, invitation, flow)
    if account_exists(invitation.email) and prepared_account(invitation.email) is None:
        return render(request, flow.template, {**context, "existing_account": True})
    initial = {"first_name": invitation.first_name, "last_name": invitation.last_name}
    form = flow.form_class(request.POST or None, initial=initial, email=invitation.email)  # type: ignore[call-arg]
    if request.method == "POST" and form.is_valid():
        try:
            joined = flow.accept(
                token=invitation.token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # The link itself can no longer be used (a second click, a race): say why.
                return render(request, flow.template, {**context, "problem": error_text(error)})
            apply_errors(form, error)
        else:
            login(request, joined.user, backend="django.contrib.auth.backends.ModelBackend")
            return flow.welcome(request, invitation, True)
    return render(request, flow.template, {**context, "form": form})


def _accept_as_logged_in(
    request: HttpRequest, invitation: Invitation, flow: AcceptFlow
) -> HttpResponse:
    if request.method != "POST":
        return render(request, flow.template, {"invitation": invitation, "confirm": True})
    user: AbstractBaseUser = request.user  # type: ignore[assignment]
    try:
        flow.accept(token=invitation.token, user=user)
    except ValidationError as error:
        context = {"invitation": invitation, "problem": error_text(error)}
        return render(request, flow.template, context)
    return flow.welcome(request, invitation, False)
