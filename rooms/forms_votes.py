"""Forms of the voting room: open a vote, and one's own ballot.

The rules (two to twenty options, none twice, a deadline after now, one option in a single
choice vote, only the vote's own options) are the service's; the forms only read the input.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rooms.models import Vote, VoteOption

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


class VoteForm(forms.Form):
    question = forms.CharField(
        label=_("Spørgsmål"),
        max_length=300,
        help_text=_("Fx »Skal netværket mødes fysisk eller online?«"),
        error_messages={"required": _("Skriv spørgsmålet, der skal stemmes om.")},
    )
    description = forms.CharField(
        label=_("Baggrund"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Det, deltagerne skal vide for at stemme."),
    )
    options = forms.CharField(
        label=_("Svarmuligheder"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Én pr. linje, mindst to og højst 20."),
        error_messages={"required": _("Skriv mindst to svarmuligheder, én pr. linje.")},
    )
    multiple = forms.BooleanField(label=_("Man må vælge flere svarmuligheder"), required=False)
    secret = forms.BooleanField(
        label=_("Hemmelig afstemning"),
        required=False,
        help_text=_("Ingen — heller ikke ejerne — kan se, hvem der stemte hvad."),
    )
    live_results = forms.BooleanField(
        label=_("Vis resultatet undervejs"),
        required=False,
        help_text=_("Ellers vises resultatet først, når afstemningen er slut."),
    )
    deadline_date = forms.DateField(
        label=_("Frist (dato)"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vælg datoen for fristen."),
            "invalid": _("Skriv en gyldig dato, fx 24.12.2027."),
        },
    )
    deadline_time = forms.TimeField(
        label=_("Frist (klokkeslæt)"),
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Vælg klokkeslættet for fristen."),
            "invalid": _("Skriv et gyldigt klokkeslæt, fx 12.00."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        in_a_week = timezone.localdate() + datetime.timedelta(days=7)
        kwargs.setdefault("initial", {"deadline_date": in_a_week, "deadline_time": "12:00"})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, time = cleaned.get("deadline_date"), cleaned.get("deadline_time")
        if day is not None and time is not None:
            moment = datetime.datetime.combine(day, time)
            cleaned["deadline"] = timezone.make_aware(moment, timezone.get_current_timezone())
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "question": data["question"],
            "description": data["description"],
            "options": data["options"].splitlines(),
            "multiple": data["multiple"],
            "secret": data["secret"],
            "live_results": data["live_results"],
            "deadline": data["deadline"],
        }


class BallotForm(forms.Form):
    """The person's choice: a list for both kinds, so that two options in a single choice vote
    reach the service and are refused there with a message, not silently cut to one."""

    options = forms.MultipleChoiceField(
        label=_("Din stemme"),
        error_messages={
            "required": _("Vælg en svarmulighed."),
            "invalid_choice": _("Vælg blandt afstemningens egne svarmuligheder."),
        },
    )

    def __init__(self, *args: Any, vote: Vote, options: list[VoteOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["options"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(option.pk), option.label) for option in options]
        if vote.multiple:
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
            field.help_text = _("Du må vælge flere.")
        else:
            field.widget = forms.RadioSelect(choices=field.choices)
            field.help_text = _("Vælg én.")
        # A radio group posts one value; MultipleChoiceField still reads it as a list.
        field.widget.allow_multiple_selected = True

    def option_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data["options"]]
