"""Forms of the meeting calendar: a meeting (date and times in Danish time), a reply, the minutes.

The service checks the rules (a meeting ends after it starts, the minutes file by its content);
the forms only turn the inputs into values: the date and the two times become ``starts_at`` and
``ends_at`` in Europe/Copenhagen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from rooms.models import Attendance, Meeting

TZ = ZoneInfo("Europe/Copenhagen")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MINUTES_ACCEPT = ".pdf,.docx,.odt"
# Where the service's model fields are shown in the form.
RENAME = {"starts_at": "start", "ends_at": "end"}


# The browser's time field sends 09:30; typed by hand, Danish writes 09.30.
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Fx »Styregruppemøde« eller »ERFA-møde om fraflytninger«."),
        error_messages={"required": _("Giv mødet en titel.")},
    )
    date = forms.DateField(
        label=_("Dato"),
        widget=DATE_INPUT,
        error_messages={"required": _("Vælg mødets dato."), "invalid": _("Skriv en gyldig dato.")},
    )
    start = forms.TimeField(
        label=_("Starter kl."),
        widget=_time_input(),
        input_formats=TIME_INPUT_FORMATS,
        error_messages={
            "required": _("Skriv, hvornår mødet starter."),
            "invalid": _("Skriv et gyldigt klokkeslæt, fx 09.30."),
        },
    )
    end = forms.TimeField(
        label=_("Slutter kl."),
        widget=_time_input(),
        input_formats=TIME_INPUT_FORMATS,
        error_messages={
            "required": _("Skriv, hvornår mødet slutter."),
            "invalid": _("Skriv et gyldigt klokkeslæt, fx 11.00."),
        },
    )
    place = forms.CharField(
        label=_("Sted"),
        max_length=250,
        required=False,
        help_text=_("Fx »Fælleshuset, Fjordparken 12«. Tom, hvis mødet kun er online."),
    )
    online_url = forms.URLField(
        label=_("Link til onlinemøde"),
        required=False,
        assume_scheme="https",
        help_text=_("Teams-, Zoom- eller andet link, hvis man kan deltage online."),
        error_messages={"invalid": _("Skriv en gyldig adresse, fx https://teams.microsoft.com/…")},
    )
    agenda = forms.CharField(
        label=_("Dagsorden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )

    @classmethod
    def for_meeting(cls, meeting: Meeting, data: Any = None) -> MeetingForm:
        """The form filled with a meeting's values (in Danish time)."""
        starts = meeting.starts_at.astimezone(TZ)
        ends = meeting.ends_at.astimezone(TZ)
        initial = {
            "title": meeting.title,
            "date": starts.date(),
            "start": starts.time().replace(second=0, microsecond=0),
            "end": ends.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "online_url": meeting.online_url,
            "agenda": meeting.agenda,
        }
        return cls(data, initial=initial)

    def service_fields(self) -> dict[str, Any]:
        """``title, starts_at, ends_at, place, online_url, agenda`` for the services.

        A meeting lies within one day; an end at or before the start is the service's to refuse
        (beside ``end``), so the person sees the message where the mistake is.
        """
        data = self.cleaned_data
        day = data["date"]
        return {
            "title": data["title"],
            "starts_at": datetime.combine(day, data["start"], tzinfo=TZ),
            "ends_at": datetime.combine(day, data["end"], tzinfo=TZ),
            "place": data["place"],
            "online_url": data["online_url"],
            "agenda": data["agenda"],
        }


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Dit svar"),
        choices=Attendance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg, om du deltager.")},
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Referat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50000,
    )
    minutes_file = forms.FileField(
        label=_("Referat som fil"),
        required=False,
        help_text=_("PDF, Word eller OpenDocument-tekst. Erstatter en tidligere fil."),
        widget=forms.ClearableFileInput(attrs={"accept": MINUTES_ACCEPT}),
    )
