"""The learner's and the approver's forms: approve or reject, evaluate, enrol a colleague."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import long_date, money
from courses.models import VAT_RATE, CourseSession
from organisations.models import Membership


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={
            "required": gettext_lazy("Skriv en begrundelse, så deltageren ved hvorfor.")
        },
    )


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Hvor godt var kurset? (1 = dårligt, 5 = fremragende)"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Vælg en vurdering fra 1 til 5.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Kommentar (valgfri)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.name} ({obj.organisation.name})"


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CourseSession) -> str:
        when = long_date(obj.starts_at)
        # The price is in the label: HR books on the organisation's account without a second
        # step.
        price = _("%(total)s inkl. moms") % {"total": money(obj.price * (1 + VAT_RATE))}
        return f"{obj.course.title} – {when} – {obj.place} – {price}"


class EnrolColleagueForm(forms.Form):
    """HR or a manager enrols a colleague they look after (a manager: of their department)."""

    membership = MembershipChoiceField(
        label=gettext_lazy("Kollega"),
        queryset=Membership.objects.none(),
        error_messages={
            "required": gettext_lazy("Vælg en kollega."),
            "invalid_choice": gettext_lazy(
                "Du kan kun tilmelde kolleger, du er leder eller HR for. Vælg en fra listen."
            ),
        },
    )
    session = SessionChoiceField(label=gettext_lazy("Hold"), queryset=CourseSession.objects.none())

    def __init__(
        self,
        *args: Any,
        memberships: QuerySet[Membership],
        sessions: QuerySet[CourseSession],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
