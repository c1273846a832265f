"""Forms of a milestone's documents and decision log (the files are checked by the service)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACCEPT = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.jpg,.jpeg,.png"


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Fx »Underskrevet aftale om samdrift«. Tom: filens navn."),
    )
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument eller et billede (JPEG, PNG)."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Vælg en fil.")},
    )


class DecisionForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Besluttet den"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Skriv datoen for beslutningen."),
            "invalid": _("Skriv en gyldig dato."),
        },
    )
    text = forms.CharField(
        label=_("Beslutning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Skriv beslutningen.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"decided_on": timezone.localdate()})
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
