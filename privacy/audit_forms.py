"""The filter of the organisation's access log (GET, every field optional)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.models import AccessAction
from organisations.models import User


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.email})" if obj.get_full_name() else obj.email


class AccessLogFilterForm(forms.Form):
    person = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Alle personer"),
        # Another organisation's person is not on the list: the log then shows nothing.
        error_messages={"invalid_choice": _("Vælg en af organisationens personer på listen.")},
    )
    action = forms.ChoiceField(
        label=_("Hændelse"),
        choices=[("", _("Alle hændelser")), *AccessAction.choices],
        required=False,
        error_messages={"invalid_choice": _("Vælg en af hændelserne på listen.")},
    )
    since = forms.DateField(
        label=_("Fra dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som åååå-mm-dd.")},
    )
    until = forms.DateField(
        label=_("Til dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som åååå-mm-dd.")},
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("Til-datoen skal ligge efter fra-datoen."))
        return cleaned

    def filters(self) -> dict[str, Any] | None:
        """The filters as keyword arguments, or None when a field is invalid (show nothing:
        a wrong person must not widen the list to everyone)."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return None
        return {
            "person": self.cleaned_data["person"],
            "action": self.cleaned_data["action"],
            "since": self.cleaned_data["since"],
            "until": self.cleaned_data["until"],
        }
