"""Forms of the newsletter: the public sign-up, the topics of a subscriber, and the admin's
test sending (all labels in Danish)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from newsletter import selectors

CONSENT_TEXT = _(
    "Ja tak, AlmenLæring må sende mig nyhedsbrevet om de valgte emner på e-mail. Jeg kan til "
    "enhver tid afmelde mig med linket nederst i hvert nyhedsbrev."
)


class TopicsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            "invalid": _("Skriv en gyldig e-mailadresse."),
            "required": _("Skriv din e-mailadresse."),
        },
    )
    name = forms.CharField(label=_("Navn (valgfrit)"), max_length=150, required=False)
    topics = TopicsField(
        label=_("Emner"),
        queryset=selectors.topics(),
        required=False,
        help_text=_("Vælg ingen for at få nyhedsbrevet om alle emner."),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Du skal give samtykke for at blive tilmeldt.")},
    )


class TopicsForm(forms.Form):
    topics = TopicsField(
        label=_("Emner"),
        queryset=selectors.topics(),
        required=False,
        help_text=_("Vælg ingen for at få nyhedsbrevet om alle emner."),
    )


class TestSendForm(forms.Form):
    addresses = forms.CharField(
        label=_("Andre modtagere (valgfrit)"),
        required=False,
        help_text=_("Adskil flere adresser med komma. Testen går altid også til dig selv."),
    )

    def address_list(self) -> list[str]:
        raw: Any = self.cleaned_data.get("addresses") or ""
        return [part.strip() for part in str(raw).split(",") if part.strip()]
