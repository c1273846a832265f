"""The form of "Sæt et godt hold": a competence the team needs (the service decides)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from competencies.models import Competence
from processes.forms_anchoring import competence_field, level_field
from processes.models import CompetenceScope


class TeamNeedForm(forms.Form):
    competence = competence_field(required=True)
    scope = forms.ChoiceField(
        label=_("Art"),
        choices=CompetenceScope.choices,
        help_text=_("Vurder jeres mix mellem generelle og faglige kompetencer."),
    )
    level = level_field(_("Niveau"), required=True)
    note = forms.CharField(label=_("Bemærkning"), max_length=300, required=False)

    def __init__(self, *args: Any, competences: QuerySet[Competence], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = competences  # type: ignore[attr-defined]
