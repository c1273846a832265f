from django import forms
from django.contrib.auth.password_validation import validate_password
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
        self.fields["roles"].choices = [(r, labels[r]) for r in allowed_roles(organisation)]
        self.fields["roles"].initial = [Role.STAFF]
        # Only this organisation's departments can be chosen: another's id is "not a choice".
        departments = organisation.departments.all()
        if department_scope is not None:
            # A department manager invites into their own department only.
            departments = departments.filter(pk=department_scope)
            self.fields["department"].required = True
            self.fields["department"].initial = department_scope
        self.fields["department"].queryset = departments


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

    def clean(self) -> dict:
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
