"""Forms of the shared lessons: publishing, the search filters and the organisation's consent."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm

from competencies.models import Competence, Guide
from onsite.models import EffectCategory
from onsite.models.lessons import LessonQuerySet
from onsite.selectors import LessonFilters


class LessonPublishForm(forms.Form):
    """The lesson as the sector will read it; people's names are already replaced by [navn]."""

    title = forms.CharField(label=_("Overskrift"), max_length=200)
    summary = forms.CharField(label=_("Hvad skete der"), widget=forms.Textarea(attrs={"rows": 5}))
    what_we_learned = forms.CharField(
        label=_("Hvad lærte vi"), widget=forms.Textarea(attrs={"rows": 5})
    )
    do_differently = forms.CharField(
        label=_("Hvad gør vi anderledes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label=_("Teksten nævner ingen personer, og den må deles med hele sektoren."),
        error_messages={"required": _("Bekræft, at teksten må deles.")},
    )


class LessonFilterForm(forms.Form):
    """The filters of /erfaringer/; they live in the URL, so a search can be shared."""

    q = forms.CharField(label=_("Søg"), required=False, max_length=200)
    guide = forms.ChoiceField(label=_("AlmenVejledning"), required=False)
    competence = forms.ChoiceField(label=_("Kompetence"), required=False)
    effect = forms.ChoiceField(
        label=_("Effektområde"),
        required=False,
        choices=[("", _("Alle effektområder")), *EffectCategory.choices],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        guides = Guide.objects.in_order().values_list("code", "title")
        cast(forms.ChoiceField, self.fields["guide"]).choices = [
            ("", _("Alle vejledninger")),
            *((code, f"{code} {title}") for code, title in guides),
        ]
        competences = Competence.objects.active().for_listing().values_list("code", "name")
        cast(forms.ChoiceField, self.fields["competence"]).choices = [
            ("", _("Alle kompetencer")),
            *competences,
        ]

    def filters(self) -> LessonFilters:
        """The valid filters; a field with a bad value is left out (and shows its error)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return LessonFilters(
            q=(data.get("q") or "").strip(),
            guide=data.get("guide") or "",
            competence=data.get("competence") or "",
            effect_category=data.get("effect") or "",
        )


class LessonSharingForm(forms.Form):
    name_in_lessons = forms.TypedChoiceField(
        label=_("Må organisationens navn stå på de erfaringer, jeres byggesager deler?"),
        choices=[
            ("1", _("Ja, vis vores navn")),
            ("0", _("Nej, del erfaringerne uden vores navn")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


class LessonSearchFilterForm(BaseFilterForm):
    """The search box of an admin chooser of lessons, on the lessons' one search path
    (``LessonQuerySet.matching``; lessons are not in Wagtail's search index)."""

    q = forms.CharField(
        label=_("Søg"),
        widget=forms.TextInput(attrs={"placeholder": _("Søg i erfaringerne")}),
        required=False,
        max_length=200,
    )

    def filter(self, objects: LessonQuerySet) -> LessonQuerySet:
        objects = super().filter(objects)
        search_query = (self.cleaned_data.get("q") or "").strip()
        if search_query:
            objects = objects.matching(search_query)
            self.is_searching = True
            self.search_query = search_query
        return objects
