"""Forms of the adviser register: the search, and a consultant's own listing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from competencies.adviser_register import AdviserQuery
from competencies.models import (
    POSITIVE_LEVEL_CHOICES,
    AdviserListing,
    Competence,
    Guide,
    GuideCompetence,
)


class GuideChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Guide) -> str:
        return f"{obj.code} {obj.title}"


class CompetenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Competence) -> str:
        return f"{obj.area.name}: {obj.name}"


class AdviserSearchForm(forms.Form):
    """What a housing organisation looks for; every field may be left empty."""

    q = forms.CharField(
        label=_("Navn"),
        required=False,
        max_length=100,
        help_text=_("Rådgivervirksomhedens eller personens navn."),
    )
    guide = GuideChoiceField(
        label=_("AlmenVejledning"),
        queryset=Guide.objects.none(),
        required=False,
        empty_label=_("Alle vejledninger"),
    )
    competence = CompetenceChoiceField(
        label=_("Kompetence"),
        queryset=Competence.objects.none(),
        required=False,
        empty_label=_("Alle kompetencer"),
    )
    min_level = forms.TypedChoiceField(
        label=_("Mindst niveau"),
        choices=[("", _("Alle niveauer")), *POSITIVE_LEVEL_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guide = cast(forms.ModelChoiceField, self.fields["guide"])
        guide.queryset = Guide.objects.current().in_order()
        # Only competences that some guide builds can be documented as guide competence.
        cast(forms.ModelChoiceField, self.fields["competence"]).queryset = (
            Competence.objects.active()
            .filter(pk__in=GuideCompetence.objects.values("competence_id"))
            .select_related("area")
            .order_by("area__sort_order", "sort_order", "name")
        )

    def to_query(self) -> AdviserQuery:
        """The search as the selectors take it (an invalid form searches for everything)."""
        data = self.cleaned_data if self.is_valid() else {}
        return AdviserQuery(
            guide=data.get("guide"),
            competence=data.get("competence"),
            min_level=data.get("min_level"),
            text=(data.get("q") or "").strip(),
        )


class AdviserListingForm(forms.ModelForm):
    class Meta:
        model = AdviserListing
        fields = ("is_listed", "description", "services", "contact_email")
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
