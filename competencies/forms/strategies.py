"""Forms of Læringspilen strategies: the strategy, its goals, target groups and plan lines.

The forms validate and keep what was typed; the views hand ``cleaned_data`` to the services in
``competencies.services.strategies``, which validate again inside their transaction.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from competencies import offers
from competencies.models import (
    Competence,
    Guide,
    LearningStage,
    LearningStrategy,
    StrategyGoal,
    StrategyPlanLine,
    TargetGroup,
)
from competencies.services.strategies import GOAL_FIELDS, GROUP_FIELDS, LINE_FIELDS
from organisations.models import JobFunction

YEAR_ATTRS = {"min": 2000, "max": 2100, "inputmode": "numeric"}
YEAR_MESSAGES = {"min_value": _("Angiv et årstal fra 2000.")}


def _choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class ServiceValuesMixin:
    """The cleaned values a service takes, by the names of the form's fields."""

    cleaned_data: dict[str, Any]

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}  # type: ignore[attr-defined]


class StrategyForm(ServiceValuesMixin, forms.ModelForm):
    class Meta:
        model = LearningStrategy
        fields = ("title", "starts_year", "ends_year", "vision", "hourly_rate", "status")
        widgets = {
            "starts_year": forms.NumberInput(attrs=YEAR_ATTRS),
            "ends_year": forms.NumberInput(attrs=YEAR_ATTRS),
            "vision": forms.Textarea(attrs={"rows": 5}),
            "hourly_rate": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }
        error_messages = {
            "starts_year": YEAR_MESSAGES,
            "ends_year": YEAR_MESSAGES,
            "hourly_rate": {"min_value": _("Timesatsen kan ikke være negativ.")},
        }


class CompetenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Competence) -> str:
        return f"{obj.area.name}: {obj.name}"


class StrategyGoalForm(ServiceValuesMixin, forms.ModelForm):
    competence = CompetenceChoiceField(
        label=_("Kompetence"), queryset=Competence.objects.none(), required=False
    )

    class Meta:
        model = StrategyGoal
        fields = GOAL_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "target_coverage": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "sort_order": forms.NumberInput(attrs={"min": 0}),
        }
        error_messages = {
            "target_coverage": {"min_value": _("Dækningen kan ikke være negativ.")},
            "sort_order": {"min_value": _("Rækkefølgen kan ikke være negativ.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.competence_id
        # Retired competences leave the choices, except the one a goal already names.
        competences = Competence.objects.filter(is_active=True)
        if current:
            competences = Competence.objects.filter(pk=current) | competences
        _choice(self, "competence").queryset = competences.select_related("area").order_by(
            "area__sort_order", "sort_order", "name"
        )
        stage = _choice(self, "stage")
        stage.queryset = LearningStage.objects.order_by("sort_order", "pk")
        stage.empty_label = None

    def clean_target_coverage(self) -> int | None:
        # Said here so the model's validator (whose message has a bare "%") never sees > 100.
        coverage: int | None = self.cleaned_data["target_coverage"]
        if coverage is not None and coverage > 100:
            raise ValidationError(_("Dækningen kan højst være 100 procent."))
        return coverage


class TargetGroupForm(forms.ModelForm):
    job_functions = forms.ModelMultipleChoiceField(
        label=_("Funktioner"),
        queryset=JobFunction.objects.order_by("sort_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departments: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Afdelinger"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Afdelingen hører ikke til organisationen.")},
    )

    class Meta:
        model = TargetGroup
        fields = (*GROUP_FIELDS, "job_functions", "departments")
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, strategy: LearningStrategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        departments = _choice(self, "departments")
        departments.queryset = strategy.organisation.departments.order_by("number")
        self.fields["departments"].help_text = _(
            "Vælg funktioner, afdelinger eller begge. Vælger I begge, er det personer med en af "
            "funktionerne i en af afdelingerne."
        )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        others = self.strategy.target_groups.filter(name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("Strategien har allerede en målgruppe med det navn."))
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("job_functions") and not cleaned.get("departments"):
            self.add_error(
                "job_functions", _("Vælg mindst én funktion eller én afdeling for målgruppen.")
            )
        return cleaned

    def service_values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in GROUP_FIELDS}
        values["job_functions"] = list(self.cleaned_data["job_functions"])
        values["departments"] = list(self.cleaned_data["departments"])
        return values


class PlanLineForm(ServiceValuesMixin, forms.ModelForm):
    """A line of the multi-year plan; the year must lie inside the strategy's period."""

    class Meta:
        model = StrategyPlanLine
        fields = LINE_FIELDS
        widgets = {
            "year": forms.NumberInput(attrs=YEAR_ATTRS),
            "people": forms.NumberInput(attrs={"min": 1}),
            "hours_per_person": forms.NumberInput(attrs={"min": 0, "step": "0.5"}),
            "fee_per_person": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }
        error_messages = {
            "year": YEAR_MESSAGES,
            "people": {"min_value": _("Angiv mindst én person.")},
            "hours_per_person": {"min_value": _("Timer kan ikke være negative.")},
            "fee_per_person": {"min_value": _("Gebyret kan ikke være negativt.")},
            "target_group": {"invalid_choice": _("Målgruppen hører ikke til strategien.")},
        }

    def __init__(self, *args: Any, strategy: LearningStrategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        fields = self.fields
        target_group = _choice(self, "target_group")
        target_group.queryset = strategy.target_groups.order_by("kind", "name")
        target_group.empty_label = None
        fields["year"].help_text = _("Et år i perioden %(start)s–%(end)s.") % {
            "start": strategy.starts_year,
            "end": strategy.ends_year,
        }
        _choice(self, "guide").queryset = Guide.objects.current().in_order()
        # The course catalogue's live pages, through the port: this app names nothing of courses.
        _choice(self, "course").queryset = offers.catalogue().course_pages()
        fields["course"].help_text = _("Valgfrit: et bestemt kursus fra kataloget.")

    def clean_people(self) -> int:
        people: int = self.cleaned_data["people"]
        if people is not None and people < 1:
            raise ValidationError(_("Angiv mindst én person."))
        return people
