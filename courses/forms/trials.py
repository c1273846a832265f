"""The provider's form for an adjustment of a course after its trial session (prøvehold)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from courses.models import CourseAdjustment


class AdjustmentForm(forms.ModelForm):
    """What the evaluation showed, what was changed, and when; saved by the services."""

    class Meta:
        model = CourseAdjustment
        fields = ["adjusted_on", "finding", "change"]
        widgets = {
            "adjusted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "finding": forms.Textarea(attrs={"rows": 4}),
            "change": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "finding": gettext_lazy("Fx »Deltagerne savnede tid til at afprøve værktøjerne«."),
            "change": gettext_lazy(
                "Det, kursussiden viser: fx »Modul 2 har fået en øvelse med styringsværktøjet«."
            ),
        }
        error_messages = {
            "adjusted_on": {
                "required": gettext_lazy("Angiv datoen, kurset blev justeret."),
                "invalid": gettext_lazy("Skriv datoen som dd.mm.åååå."),
            },
            "finding": {"required": gettext_lazy("Skriv, hvad evalueringen viste.")},
            "change": {"required": gettext_lazy("Skriv, hvad der er ændret i kurset.")},
        }
