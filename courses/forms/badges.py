"""The public form that checks an Open Badge someone has been given (a .jwt file or its text)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

# A credential of ours is 4–8 KB; anything much larger is not one, and is not read.
MAX_BYTES = 64 * 1024
TOO_LARGE = gettext_lazy("Filen er for stor til at være et Open Badge (højst 64 KB).")


class BadgeCheckForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Open Badge-fil (.jwt)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".jwt,.jws,.txt,text/plain"}),
    )
    token = forms.CharField(
        label=gettext_lazy("… eller indsæt filens indhold"),
        required=False,
        max_length=MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Modtagerens e-mailadresse (valgfri)"),
        required=False,
        help_text=gettext_lazy(
            "Skriv adressen, hvis du vil kontrollere, at beviset er udstedt til netop den person."
        ),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > MAX_BYTES:
            raise ValidationError(TOO_LARGE)
        try:
            return str(upload.read().decode("utf-8")).strip()
        except UnicodeDecodeError:
            raise ValidationError(
                gettext_lazy("Filen er ikke et Open Badge i JWT-format (tekst).")
            ) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("file") or (cleaned.get("token") or "").strip()
        if not text and not self.errors:
            raise ValidationError(gettext_lazy("Vælg en fil, eller indsæt beviset som tekst."))
        cleaned["text"] = text
        return cleaned
