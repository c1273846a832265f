"""Forms of the HR area: the gap analysis filters and an organisation's role profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from competencies.models import POSITIVE_LEVEL_CHOICES, Competence
from competencies.models.framework import LEVEL_RANGE_MESSAGE
from organisations.models import Department, JobFunction


class GapFilterForm(forms.Form):
    """Narrow the gap analysis; the choices are kept in the URL (GET), all optional."""

    department = forms.ModelChoiceField(
        label=_("Afdeling"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("Alle afdelinger"),
        error_messages={"invalid_choice": _("Vælg en af afdelingerne på listen.")},
    )
    job_function = forms.ModelChoiceField(
        label=_("Funktion"),
        queryset=JobFunction.objects.all(),
        required=False,
        empty_label=_("Alle funktioner"),
        error_messages={"invalid_choice": _("Vælg en af funktionerne på listen.")},
    )
    competence = forms.ModelChoiceField(
        label=_("Kompetence"),
        queryset=Competence.objects.active().for_listing(),
        required=False,
        empty_label=_("Alle kompetencer"),
        error_messages={"invalid_choice": _("Vælg en af kompetencerne på listen.")},
    )

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]

    def filters(self) -> dict[str, int | None]:
        """The valid choices as ids (an invalid one is left out and shown beside its field)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            f"{name}_id": (data[name].pk if data.get(name) else None)
            for name in ("department", "job_function", "competence")
        }


class RequirementForm(forms.Form):
    """Set the level a competence requires in the organisation's own profile."""

    competence = forms.ModelChoiceField(
        label=_("Kompetence"),
        queryset=Competence.objects.active().for_listing(),
        error_messages={
            "required": _("Vælg kompetencen."),
            "invalid_choice": _("Vælg en af kompetencerne på listen."),
        },
    )
    required_level = forms.TypedChoiceField(
        label=_("Krævet niveau"),
        choices=POSITIVE_LEVEL_CHOICES,
        coerce=int,
        error_messages={"required": LEVEL_RANGE_MESSAGE, "invalid_choice": LEVEL_RANGE_MESSAGE},
    )


class RemoveRequirementForm(forms.Form):
    """Take a competence out of the organisation's own profile."""

    competence = forms.ModelChoiceField(
        queryset=Competence.objects.all(),
        error_messages={"invalid_choice": _("Kompetencen findes ikke.")},
    )
