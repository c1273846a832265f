from typing import Any, cast

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from allauth.mfa.utils import decrypt
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisations.models import Department, JobFunction, Organisation, Role, User
from organisations.services import allowed_roles


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadresse"))
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roller"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Rollerne afgør, hvad personen må. Funktionen afgør, hvilke kompetencer der kræves."
        ),
    )
    job_function = forms.ModelChoiceField(
        label=_("Funktion"), queryset=JobFunction.objects.all(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("Afdeling"), queryset=Department.objects.none(), required=False
    )

    def __init__(
        self,
        *args: object,
        organisation: Organisation,
        department_scope: int | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        labels = dict(Role.choices)
        roles = cast(forms.MultipleChoiceField, self.fields["roles"])
        roles.choices = [(r, labels[r]) for r in allowed_roles(organisation)]
        roles.initial = [Role.STAFF]
        # Only this organisation's departments can be chosen: another's id is "not a choice".
        departments = organisation.departments.all()
        if department_scope is not None:
            # A department manager invites into their own department only.
            departments = departments.filter(pk=department_scope)
            self.fields["department"].required = True
            self.fields["department"].initial = department_scope
        cast("forms.ModelChoiceField[Department]", self.fields["department"]).queryset = departments


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("Fornavn"), max_length=150)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150)
    password1 = forms.CharField(
        label=_("Adgangskode"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Gentag adgangskode"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: object, email: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        elif password1:
            candidate = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                validate_password(password1, user=candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


# --- The second factor ------------------------------------------------------------------------
# allauth refuses a TOTP code that was used within its 30 seconds (replay protection) with the
# same "Incorrect code." as a wrong one, and our Danish text for that says to check the phone's
# clock. Someone who just logged in and out again, or who double-submitted, then hunts for a
# clock fault that is not there. These forms tell the two apart.

CODE_ALREADY_USED = _(
    "Koden er allerede brugt. En kode virker kun én gang: vent, til din app viser en ny kode "
    "(den skifter hvert 30. sekund), og skriv den."
)


def totp_code_already_used(*, user: User, code: str) -> bool:
    """Whether ``code`` is the person's valid current TOTP code that has been used already."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None or not code:
        return False
    if not validate_totp_code(decrypt(authenticator.data["secret"]), code):
        return False
    # allauth marks a used code in the cache under this key for one period (TOTP._mark_code_used).
    return cache.get(TOTP(authenticator)._get_used_cache_key(code)) is not None


class _TellsAReusedCode:
    user: User
    cleaned_data: dict[str, Any]

    def clean_code(self) -> str:
        try:
            code: str = super().clean_code()  # type: ignore[misc]
            return code
        except ValidationError:
            if totp_code_already_used(user=self.user, code=self.cleaned_data.get("code", "")):
                raise ValidationError(CODE_ALREADY_USED, code="code_already_used") from None
            raise


class TwoFactorAuthenticateForm(_TellsAReusedCode, AuthenticateForm):
    """allauth's second step of the login (settings.MFA_FORMS["authenticate"])."""


class TwoFactorReauthenticateForm(_TellsAReusedCode, ReauthenticateForm):
    """allauth's re-authentication with a code (settings.MFA_FORMS["reauthenticate"])."""
