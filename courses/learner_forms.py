from django import forms
from django.utils.translation import gettext_lazy as _

from core.formats import long_date, money
from courses.models import VAT_RATE, CoursePage, CourseSession


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Skriv en begrundelse, så deltageren ved hvorfor.")},
    )


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Hvor godt var kurset? (1 = dårligt, 5 = fremragende)"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg en vurdering fra 1 til 5.")},
    )
    comment = forms.CharField(
        label=_("Kommentar (valgfri)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class EnrolColleagueForm(forms.Form):
    """HR or a manager enrols a colleague they look after (a manager: of their department)."""

    membership = forms.ModelChoiceField(
        label=_("Kollega"),
        queryset=None,  # type: ignore[arg-type]
        error_messages={
            "required": _("Vælg en kollega."),
            "invalid_choice": _(
                "Du kan kun tilmelde kolleger, du er leder eller HR for. Vælg en fra listen."
            ),
        },
    )
    session = forms.ModelChoiceField(label=_("Hold"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: object, memberships, sessions, **kwargs: object) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: (
            f"{m.user.name} ({m.organisation.name})"
        )
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = _session_label


def _session_label(session: CourseSession) -> str:
    when = long_date(session.starts_at)
    # The price is in the label: HR books on the organisation's account without a second step.
    price = _("%(total)s inkl. moms") % {"total": money(session.price * (1 + VAT_RATE))}
    return f"{session.course.title} – {when} – {session.place} – {price}"


__all__ = ["CommentForm", "CoursePage", "EnrolColleagueForm", "EvaluationForm", "RejectForm"]
