"""The sessions admin's forms: creating and editing a session, and a reason for an action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from courses import access
from courses.models import CoursePage, SessionStatus
from courses.selectors.trials import evaluation_tools

FORM_FIELDS = [
    "course",
    "starts_at",
    "ends_at",
    "online",
    "online_url",
    "address",
    "postcode",
    "city",
    "region",
    "capacity",
    "price",
    "registration_deadline",
    "cancellation_deadline",
    "language",
    "teachers",
    "status",
    "is_trial",
    "trial_evaluation_tool",
]
# An editor chooses among these; "full" follows the seats and "cancelled" is its own action.
EDITABLE_STATUSES = (SessionStatus.PLANNED, SessionStatus.OPEN, SessionStatus.HELD)


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CoursePage) -> str:
        provider = getattr(obj, "provider_name", "")
        return f"{obj.title} ({provider})" if provider else obj.title


class SessionForm(WagtailAdminModelForm):
    """Validates a session; the view saves it through the services."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        self.fields["course"] = CourseChoiceField(
            queryset=access.courses_for(self.for_user),
            label=course.label,
            widget=forms.Select,
            error_messages={
                "invalid_choice": _(
                    "Vælg et gyldigt valg. Kurset findes ikke blandt de kurser, "
                    "du kan oprette hold for."
                )
            },
        )
        # One clear message for zero or negative capacity (clean_capacity), not Django's own.
        capacity = self.fields["capacity"]
        capacity.validators = [
            v for v in capacity.validators if not isinstance(v, MinValueValidator)
        ]
        capacity.widget.attrs["min"] = 1
        self.fields["price"].widget.attrs["min"] = 0
        status = self.fields["status"]
        choices = [c for c in SessionStatus.choices if c[0] in EDITABLE_STATUSES]
        current = self.instance.status if self.instance.pk else None
        if current and current not in EDITABLE_STATUSES:
            choices.append((current, SessionStatus(current).label))
        status.choices = choices
        tool = self.fields["trial_evaluation_tool"]
        tool.queryset = evaluation_tools()
        tool.error_messages["invalid_choice"] = _(
            "Vælg et offentliggjort værktøj af typen evalueringsværktøj."
        )
        if self.instance.pk:
            # Enrolments belong to the course: a session never moves to another course.
            self.fields["course"].disabled = True
            status.disabled = current == SessionStatus.CANCELLED

    def clean_capacity(self) -> int:
        capacity: int = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise ValidationError(_("Et hold skal have mindst én plads."))
        return capacity

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values to hand to ``session_create`` / ``session_update``."""
        data = {name: self.cleaned_data[name] for name in FORM_FIELDS if name != "course"}
        if self.instance.pk and data["status"] == self.initial.get("status"):
            data.pop("status")  # "full" follows the seats; leave it to the services
        return data


session_panels = [
    FieldPanel("course", widget=forms.Select),
    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
    MultiFieldPanel(
        [
            FieldPanel("online"),
            FieldPanel("online_url"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
            FieldPanel("region"),
        ],
        heading=gettext_lazy("Sted"),
    ),
    FieldRowPanel([FieldPanel("capacity"), FieldPanel("price")]),
    FieldRowPanel([FieldPanel("registration_deadline"), FieldPanel("cancellation_deadline")]),
    FieldRowPanel([FieldPanel("language"), FieldPanel("status")]),
    FieldPanel("teachers"),
    MultiFieldPanel(
        [FieldPanel("is_trial"), FieldPanel("trial_evaluation_tool")],
        heading=gettext_lazy("Prøvehold"),
    ),
]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy("Skriv en begrundelse, så deltagerne ved hvorfor.")
        },
    )
