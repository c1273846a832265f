"""Forms of an erfaringsgruppe: an aftale (what, who, by when) and a group insight shared as a
lesson. The services decide; the forms only shape the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from competencies.models import Guide
from core.formats import short_date
from organisations.models import User
from rooms.models import AgreementStatus, Meeting


class _MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class _MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({short_date(obj.starts_at)})"


class AgreementForm(forms.Form):
    """A new aftale: what the group agreed, who sees to it, by when, at which meeting."""

    what = forms.CharField(
        label=_("Hvad er aftalt"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx »Drift og boligsocial aftaler genhusningens tidsplan med beboerne«."),
    )
    responsible = _MemberChoiceField(
        label=_("Hvem"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("– ingen valgt –"),
    )
    due_on = forms.DateField(
        label=_("Senest"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    meeting = _MeetingChoiceField(
        label=_("Aftalt på mødet"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("– uden for et møde –"),
    )

    def __init__(
        self,
        *args: Any,
        members: QuerySet[User],
        meetings: QuerySet[Meeting],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]  # a ModelChoiceField


class AgreementEditForm(AgreementForm):
    """An aftale followed up: its status and what came of it, besides the fields above."""

    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)
    follow_up = forms.CharField(
        label=_("Opfølgning"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvad er der sket siden sidste møde?"),
    )


class LessonShareForm(forms.Form):
    """A group insight as the sector will read it; the preview shows it without names."""

    title = forms.CharField(label=_("Overskrift"), max_length=200)
    summary = forms.CharField(
        label=_("Hvad skete der"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    what_we_learned = forms.CharField(
        label=_("Hvad lærte vi"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    do_differently = forms.CharField(
        label=_("Hvad gør vi anderledes"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    guide = forms.ModelChoiceField(
        label=_("AlmenVejledning"),
        queryset=Guide.objects.none(),
        required=False,
        empty_label=_("– ingen –"),
    )
    confirm = forms.BooleanField(
        label=_("Teksten nævner ingen personer, og den må deles med hele sektoren."),
        required=False,
    )

    def __init__(self, *args: Any, guides: QuerySet[Guide], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guide"].queryset = guides  # type: ignore[attr-defined]  # a ModelChoiceField

    def texts(self) -> dict[str, str]:
        """The four texts as typed (for the preview)."""
        data = self.cleaned_data
        keys = ("title", "summary", "what_we_learned", "do_differently")
        return {key: data.get(key) or "" for key in keys}

    def require_confirmation(self) -> bool:
        """Publishing needs the box ticked; says so beside it when it is not."""
        if self.cleaned_data.get("confirm"):
            return True
        self.add_error("confirm", _("Bekræft, at teksten må deles."))
        return False
