"""The certificate revocation form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        help_text=gettext_lazy(
            "Begrundelsen gemmes hos beviset. Den offentlige side viser kun, at beviset er "
            "tilbagekaldt, og hvornår."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Skriv hvorfor beviset tilbagekaldes.")},
    )
