"""Forms of competence plans: the plan, its goals and activities, and the workflow comment.

Forms only check what a field can check on its own (a date is a date, a level is one of 1–4);
the rules (period, dates within it, who may do what) live in ``competencies.services.plans``
and come back as field errors through the view. The forms never import the courses app: the
view hands the activity form its courses and sessions.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competencies.models import (
    POSITIVE_LEVEL_CHOICES,
    ActivityKind,
    Competence,
    CompetencePlan,
    Guide,
)
from competencies.models.framework import LEVEL_RANGE_MESSAGE
from organisations.models import Membership

DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}
LEVEL_ERRORS = {"invalid_choice": LEVEL_RANGE_MESSAGE, "required": LEVEL_RANGE_MESSAGE}


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(**DATE_WIDGET),  # type: ignore[arg-type]
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )


def level_field(label: Any) -> forms.TypedChoiceField:
    """A level 1–4; anything else gets the framework's own message."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "---------"), *POSITIVE_LEVEL_CHOICES],
        coerce=int,
        error_messages=LEVEL_ERRORS,
    )


class CompetenceChoiceField(forms.ModelChoiceField):
    """Competences in use, named with their area so the list reads in framework order."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Competence.objects.active().for_listing(),
            label=kwargs.pop("label", _("Kompetence")),
            error_messages={"invalid_choice": _("Vælg en kompetence fra listen.")},
            **kwargs,
        )

    def label_from_instance(self, obj: Competence) -> str:
        return f"{obj.area.name}: {obj.name}"


class PlanForm(forms.Form):
    """The plan's header: title, period and what was agreed at the development talk."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    starts_on = date_field(_("Periode fra"))
    ends_on = date_field(_("Periode til"))
    summary = forms.CharField(
        label=_("Aftaler fra udviklingssamtalen (MUS)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
    )

    @classmethod
    def initial_for(cls, plan: CompetencePlan) -> dict[str, Any]:
        return {name: getattr(plan, name) for name in ("title", "starts_on", "ends_on", "summary")}


class PlanCreateForm(PlanForm):
    """A new plan for oneself or for a person one looks after, in one of their organisations."""

    membership = forms.ModelChoiceField(
        label=_("Person og organisation"),
        queryset=Membership.objects.none(),
        error_messages={"invalid_choice": _("Vælg en person fra listen.")},
    )
    field_order = ["membership", "title", "starts_on", "ends_on", "summary"]

    def __init__(
        self, *args: Any, memberships: QuerySet[Membership], me: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.queryset = memberships  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: _membership_label(m, me)  # type: ignore[attr-defined]
        if not self.is_bound and "title" not in self.initial:
            year = timezone.localdate().year
            self.initial["title"] = _("Kompetenceplan %(year)s") % {"year": year}


def _membership_label(membership: Membership, me: Any) -> str:
    who = _("Mig selv") if membership.user_id == me.pk else membership.user.name
    where = membership.organisation.name
    if membership.department_id:
        where = f"{where}, {membership.department}"
    return f"{who} – {where}"


class GoalForm(forms.Form):
    competence = CompetenceChoiceField()
    target_level = level_field(_("Målniveau"))
    due_on = date_field(_("Senest"), help_text=_("Datoen skal ligge i planens periode."))
    note = forms.CharField(label=_("Bemærkning"), required=False, max_length=300)


class ActivityForm(forms.Form):
    """A planned activity. Course and session are chosen in two steps without JavaScript:
    choose the course, press "Vis hold", then choose among its upcoming sessions."""

    kind = forms.ChoiceField(label=_("Type"), choices=ActivityKind.choices)
    title = forms.CharField(
        label=_("Aktivitet"),
        max_length=200,
        required=False,
        help_text=_("Tom: kursets eller vejledningens titel bruges."),
    )
    guide = forms.ModelChoiceField(
        label=_("AlmenVejledning"),
        queryset=Guide.objects.current().in_order(),
        required=False,
        help_text=_("Til selvstudium i en vejledning."),
    )
    course: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Kursus"),
        queryset=None,  # the view gives the live courses
        required=False,
        error_messages={"invalid_choice": _("Vælg et kursus fra listen.")},
    )
    session: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Hold"),
        queryset=None,  # the view gives the course's sessions
        required=False,
        help_text=_("Vælg kurset og tryk »Vis hold«, så kommer kursets kommende hold frem."),
        error_messages={"invalid_choice": _("Vælg et af kursets kommende hold.")},
    )
    planned_on = date_field(_("Planlagt dato"), required=False)
    hours = forms.DecimalField(
        label=_("Timer"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=1,
        error_messages={"min_value": _("Timer kan ikke være negative.")},
    )
    cost = forms.DecimalField(
        label=_("Udgift (kr.)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={"min_value": _("Udgiften kan ikke være negativ.")},
    )

    def __init__(
        self,
        *args: Any,
        courses: QuerySet[Any],
        sessions: QuerySet[Any],
        session_label: Any = str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        self.fields["course"].label_from_instance = _course_label  # type: ignore[attr-defined]
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
        self.fields["session"].label_from_instance = session_label  # type: ignore[attr-defined]
        self.fields["guide"].label_from_instance = lambda g: f"{g.code} {g.title}"  # type: ignore[attr-defined]


def _course_label(course: Any) -> str:
    provider = getattr(course, "provider_name", "") or ""
    return f"{course.title} ({provider})" if provider else course.title


class PlanActionForm(forms.Form):
    """The one comment field beside the workflow buttons (Indsend, Godkend, Send retur …)."""

    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes, når du sender planen retur eller kommenterer."),
    )
