"""Forms of the HR import: the upload, and the small form that corrects one row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.people_import.parse import FIELD_LABELS, HEADINGS

FIELD_HELP = {
    "department": _("Afdelingens nummer eller navn, som det står i AlmenLæring."),
    "job_function": _("Funktionens navn eller kode, fx projektleder eller driftschef."),
    "manager_email": _("Lederens e-mail; lederen skal være medlem eller stå i filen."),
    "roles": _("Adskil med komma: medarbejder, leder, HR, projektleder."),
}


class PersonImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med personer (CSV eller Excel)"),
        help_text=_(
            "Første linje er overskrifter. Kun e-mail er påkrævet. Højst 20.000 personer og 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    full_list = forms.BooleanField(
        label=_("Fuld liste"),
        required=False,
        help_text=_(
            "Filen er hele organisationen: personer, der ikke står i den, deaktiveres. "
            "Ingen slettes, og du selv deaktiveres aldrig."
        ),
    )


class PersonImportRowForm(forms.Form):
    """The row's own columns, as texts: the planner judges them and its messages land here."""

    def __init__(self, *args: Any, columns: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in [name for name in HEADINGS if name in columns]:
            self.fields[name] = forms.CharField(
                label=FIELD_LABELS[name],
                required=name == "email",
                max_length=254,
                help_text=FIELD_HELP.get(name, ""),
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "inputmode": "email"}
                    if name.endswith("email")
                    else {"autocomplete": "off"}
                ),
            )
