"""Forms of the anchoring plan: they validate what was typed; ``processes.services.anchoring``
decides and writes. Choices of people and competences come from the policy and the selectors,
so another organisation's person or an unknown competence id is refused beside its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from competencies.models import Competence
from competencies.models.framework import LEVEL_RANGE_MESSAGE, POSITIVE_LEVEL_CHOICES
from organisations.models import User
from processes.models import AnchoringModel, LearningItemKind, RoleShiftKind
from processes.selectors_anchoring import MODEL_EXPLANATIONS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_IN_ORGANISATION = _("Personen er ikke med i forløbets organisation.")
NO_SUCH_COMPETENCE = _("Kompetencen findes ikke. Vælg en kompetence på listen.")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def person_field(label: Any, help_text: Any = "") -> PersonChoiceField:
    return PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=label,
        help_text=help_text,
        empty_label=_("— ingen person valgt —"),
        error_messages={"invalid_choice": NOT_IN_ORGANISATION},
    )


def competence_field(*, required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Competence.objects.none(),
        required=required,
        label=_("Kompetence"),
        empty_label=_("— vælg kompetence —"),
        error_messages={
            "invalid_choice": NO_SUCH_COMPETENCE,
            "required": _("Vælg en kompetence."),
        },
    )


def level_field(label: Any, *, required: bool) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", _("— vælg niveau —")), *POSITIVE_LEVEL_CHOICES],
        coerce=int,
        empty_value=None,
        required=required,
        error_messages={"invalid_choice": LEVEL_RANGE_MESSAGE, "required": LEVEL_RANGE_MESSAGE},
    )


class AnchoringPlanForm(forms.Form):
    models_chosen = forms.MultipleChoiceField(
        label=_("Forankringsmodeller"),
        choices=[
            (value, f"{label} – {MODEL_EXPLANATIONS[value]}")
            for value, label in AnchoringModel.choices
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Styregruppen beslutter for hvert projekt, hvordan forankringen skal ske."),
        error_messages={"invalid_choice": _("Vælg blandt de fire forankringsmodeller.")},
    )
    strategy = forms.CharField(
        label=_("Forankringsstrategi"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_(
            "Hvem skal overtage eller integrere projektet? Beskriv økonomi, "
            "kompetenceudvikling, fysiske faciliteter, ledelse og uafklarede spørgsmål."
        ),
    )


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Aktivitet"), max_length=200)
    model = forms.ChoiceField(
        label=_("Forankringsmodel"),
        choices=[("", _("— ikke valgt —")), *AnchoringModel.choices],
        required=False,
    )
    owner = person_field(_("Ejer (person)"))
    owner_name = forms.CharField(
        label=_("Ejer (part)"),
        max_length=200,
        required=False,
        help_text=_("Fx en forening, kommunen eller afdelingsbestyrelsen."),
    )
    anchored_on = forms.DateField(label=_("Forankret senest"), required=False, widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Bemærkning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class RoleShiftForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rolleskift"), choices=RoleShiftKind.choices)
    person = person_field(_("Hvem (person i organisationen)"))
    person_name = forms.CharField(
        label=_("Hvem (uden login)"),
        max_length=200,
        required=False,
        help_text=_("Fx »to frivillige fra caféen«."),
    )
    training_need = forms.CharField(
        label=_("Behov for oplæring"), widget=forms.Textarea(attrs={"rows": 3})
    )
    competence = competence_field(required=False)
    target_level = level_field(_("Målniveau"), required=False)
    due_on = forms.DateField(label=_("Senest"), required=False, widget=DATE_INPUT)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[User],
        competences: QuerySet[Competence],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["competence"].queryset = competences  # type: ignore[attr-defined]


class LearningItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=LearningItemKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    held_on = forms.DateField(label=_("Dato"), required=False, widget=DATE_INPUT)
    audience = forms.CharField(
        label=_("For hvem"),
        max_length=200,
        required=False,
        help_text=_("Fx frivillige, beboerdemokrater, projektansatte eller ejendomsfunktionærer."),
    )
    note = forms.CharField(
        label=_("Bemærkning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
