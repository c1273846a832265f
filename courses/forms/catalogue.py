"""The catalogue's filter form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from competencies.models import Guide, GuideSeries
from courses.models import CourseFormat
from courses.selectors import CatalogueFilters
from organisations.models import JobFunction

SORT_CHOICES = [
    ("titel", _("Titel (A–Å)")),
    ("pris", _("Pris, laveste først")),
    ("varighed", _("Varighed, korteste først")),
    ("nyeste", _("Nyeste først")),
]


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters. They live in the URL (GET), so a filtered list can be shared."""

    q = forms.CharField(label=_("Søg"), required=False, max_length=200)
    guide = forms.ChoiceField(label=_("AlmenVejledning"), required=False)
    series = forms.ChoiceField(
        label=_("Serie"), required=False, choices=[("", _("Alle serier")), *GuideSeries.choices]
    )
    provider = forms.TypedChoiceField(
        label=_("Kursusudbyder"), required=False, coerce=int, empty_value=None
    )
    format = forms.ChoiceField(
        label=_("Kursusform"),
        required=False,
        choices=[("", _("Alle former")), *CourseFormat.choices],
    )
    job_function = forms.ChoiceField(label=_("Funktion"), required=False)
    sort = forms.ChoiceField(label=_("Sortering"), required=False, choices=SORT_CHOICES)

    def __init__(
        self, data: QueryDict | None = None, *, providers: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        guide = data.get("guide") if data is not None else None
        if data is not None and guide:
            data = data.copy()
            data["guide"] = str(guide).upper()  # /kurser/?guide=a3 is as good as A3
        super().__init__(data, **kwargs)
        guides = Guide.objects.current().in_order().values_list("code", "title")
        _choice(self, "guide").choices = [("", _("Alle vejledninger"))] + [
            (code, f"{code} {title}") for code, title in guides
        ]
        _choice(self, "provider").choices = [("", _("Alle udbydere")), *providers]
        _choice(self, "job_function").choices = [("", _("Alle funktioner"))] + list(
            JobFunction.objects.values_list("code", "name")
        )

    def filters(self) -> CatalogueFilters:
        """The valid filters; a field with a bad value is left out (and shows its error)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return CatalogueFilters(
            guide=data.get("guide") or "",
            series=data.get("series") or "",
            provider=data.get("provider"),
            format=data.get("format") or "",
            job_function=data.get("job_function") or "",
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or "",
        )


GUIDE_SORT_CHOICES = [
    ("pris", _("Pris, laveste først")),
    ("bedoemmelse", _("Bedømmelse, bedste først")),
    ("titel", _("Titel (A–Å)")),
]


class GuideCoursesFilterForm(forms.Form):
    """The guide page's filters (in the URL, kept by its page links)."""

    format = forms.ChoiceField(
        label=_("Kursusform"),
        required=False,
        choices=[("", _("Alle former")), *CourseFormat.choices],
    )
    sort = forms.ChoiceField(label=_("Sortering"), required=False, choices=GUIDE_SORT_CHOICES)

    def values(self) -> tuple[str, str]:
        """The valid (format, sort); a bad value is left out and shows its error."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return data.get("format") or "", data.get("sort") or ""


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    """A choice field of ``form``, whose choices are filled in when the form is made."""
    return cast(forms.ChoiceField, form.fields[name])
