"""HR's form for a new API token."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import TokenScope


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        help_text=_("Hvad nøglen bruges til, fx »Lønsystemet« eller »Intranettet«."),
        error_messages={"required": _("Giv nøglen et navn, så I kan kende den igen.")},
    )
    scope = forms.ChoiceField(
        label=_("Rettighed"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "»Læse« er nok til at hente personer, tilmeldinger og beviser. »Læse og skrive« "
            "kan også oprette og ændre personer og tilmelde dem kurser."
        ),
    )
    expires_on = forms.DateField(
        label=_("Udløber efter"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Valgfri. Nøglen virker til og med denne dag. Tom: indtil I tilbagekalder."),
        error_messages={"invalid": _("Skriv datoen som åååå-mm-dd, fx 2026-12-31.")},
    )

    def clean_expires_on(self) -> date | None:
        day: date | None = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Datoen er passeret. Vælg i dag eller en senere dag."))
        return day

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as ``token_create`` takes it: the day ends at midnight, Danish time."""
        day = self.cleaned_data["expires_on"]
        expires_at = None
        if day is not None:
            next_midnight = datetime.combine(day + timedelta(days=1), time.min)
            expires_at = timezone.make_aware(next_midnight)
        return {
            "name": self.cleaned_data["name"],
            "scope": self.cleaned_data["scope"],
            "expires_at": expires_at,
        }
