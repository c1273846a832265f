"""Forms of effect indicators and measurements.

Numbers are typed the Danish way ("12,5", "1.234,5"); a dot alone is read as a decimal point too,
since phones often offer only that. Anything else is refused beside the field.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from onsite.models import Direction, EffectCategory, EffectIndicator, Measurement

NOT_A_NUMBER = _("Skriv et tal, fx 12,5.")
MAX_DIGITS, DECIMALS = 12, 2
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_danish_decimal(text: str) -> Decimal:
    """'12,5' → 12.5; '1.234,5' → 1234.5; '-3' → -3; '12.5' → 12.5. Raises ValueError."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace("−", "-")
    if not cleaned:
        raise ValueError("empty")
    if _THOUSANDS.match(cleaned) and ("," in cleaned or cleaned.count(".") > 1):
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(text) from error


class DanishDecimalField(forms.Field):
    """A decimal number typed with a decimal comma; shown back with one as well."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": NOT_A_NUMBER,
        "max_digits": _("Tallet er for stort: højst %(max)s cifre før kommaet."),
        "decimals": _("Skriv højst %(max)s decimaler."),
    }

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        return {
            **super().widget_attrs(widget),
            "inputmode": "decimal",
            "autocomplete": "off",
            "maxlength": "30",
        }

    def prepare_value(self, value: object) -> object:
        if isinstance(value, Decimal | int):
            # 12.50 → "12,5"; 100 → "100" (normalize alone would say 1E+2).
            return format(Decimal(value).normalize(), "f").replace(".", ",")
        return value

    def to_python(self, value: object) -> Decimal | None:
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            number = parse_danish_decimal(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        exponent = number.normalize().as_tuple().exponent  # "12,50" has two decimals, not one
        if isinstance(exponent, int) and -exponent > DECIMALS:
            raise forms.ValidationError(
                self.error_messages["decimals"], code="decimals", params={"max": DECIMALS}
            )
        if abs(number) >= Decimal(10) ** (MAX_DIGITS - DECIMALS):
            raise forms.ValidationError(
                self.error_messages["max_digits"],
                code="max_digits",
                params={"max": MAX_DIGITS - DECIMALS},
            )
        return number


class IndicatorForm(forms.Form):
    """An effektmål: what is measured, in which unit, from where, towards what."""

    name = forms.CharField(
        label=_("Navn"),
        max_length=150,
        help_text=_("Fx antal ændringsordrer, budgetafvigelse eller beboertilfredshed."),
    )
    category = forms.ChoiceField(label=_("Effektområde"), choices=EffectCategory.choices)
    unit = forms.CharField(
        label=_("Enhed"), max_length=40, help_text=_("Fx antal, %, dage eller 1–5.")
    )
    baseline = DanishDecimalField(
        label=_("Udgangspunkt"), help_text=_("Værdien før læringen, fx fra sidste byggesag.")
    )
    target = DanishDecimalField(label=_("Mål"))
    direction = forms.ChoiceField(
        label=_("Retning"), choices=Direction.choices, initial=Direction.LOWER
    )
    note = forms.CharField(
        label=_("Sådan måler vi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvem måler, hvordan og hvornår."),
    )

    @classmethod
    def initial_for(cls, indicator: EffectIndicator) -> dict[str, object]:
        return {field: getattr(indicator, field) for field in cls.base_fields}


class MeasurementForm(forms.Form):
    """A måling: date, value and an optional note."""

    measured_on = forms.DateField(
        label=_("Dato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={"invalid": _("Skriv en dato, fx 31.01.2026.")},
    )
    value = DanishDecimalField(label=_("Værdi"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    @classmethod
    def initial_for(cls, measurement: Measurement) -> dict[str, object]:
        return {field: getattr(measurement, field) for field in cls.base_fields}
