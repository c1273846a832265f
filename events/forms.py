"""The forms of the event pages: the guest's sign-up and the list's filters (GET, no JS)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventKind, Region

MONTHS_AHEAD = 12


class GuestRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Skriv dit navn."))
        return name


def _month_choices() -> list[tuple[str, str]]:
    today = timezone.localdate()
    choices = [("", str(_("Alle måneder")))]
    for step in range(MONTHS_AHEAD):
        year, month = today.year + (today.month - 1 + step) // 12, (today.month - 1 + step) % 12 + 1
        first = date(year, month, 1)
        choices.append((first.strftime("%Y-%m"), formats.date_format(first, "F Y")))
    return choices


class EventFilterForm(forms.Form):
    """type, region and month; an unknown value is ignored rather than refused."""

    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle typer")), *EventKind.choices]
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("Alle regioner")), *Region.choices]
    )
    maaned = forms.ChoiceField(label=_("Måned"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        month_field = self.fields["maaned"]
        assert isinstance(month_field, forms.ChoiceField)
        month_field.choices = _month_choices()

    def values(self) -> tuple[str, str, date | None]:
        """(kind, region, first day of month) of the valid fields; "" / None for the rest."""
        if not self.is_bound:
            return "", "", None
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        month_text = data.get("maaned") or ""
        month = None
        if month_text:
            year, number = month_text.split("-")
            month = date(int(year), int(number), 1)
        return data.get("type") or "", data.get("region") or "", month
