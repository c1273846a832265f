"""Forms of building projects, their parties, members and invitations.

Forms validate what was typed; the services in ``onsite.services.projects`` decide and write.
The querysets the choices come from are handed in by the view (from ``onsite.access``).
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from competencies.models import Guide, LearningStrategy
from onsite.models import (
    BuildingProject,
    PartyRole,
    ProjectKind,
    ProjectParty,
    ProjectPhase,
    ProjectStatus,
)
from organisations.models import Department, Membership, Organisation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _filter_select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


class ProjectFilterForm(forms.Form):
    """The filters of the project list (all optional, kept in the URL)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle"))] + ProjectStatus.choices,
        widget=_filter_select(),
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Alle"))] + ProjectKind.choices,
        widget=_filter_select(),
    )
    phase = forms.ChoiceField(
        label=_("Fase"),
        required=False,
        choices=[("", _("Alle"))] + ProjectPhase.choices,
        widget=_filter_select(),
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class ProjectForm(forms.ModelForm):
    """A byggesag's facts; on creation also the housing organisation it belongs to."""

    class Meta:
        model = BuildingProject
        fields = [
            "organisation",
            "name",
            "kind",
            "phase",
            "status",
            "address",
            "postcode",
            "city",
            "starts_on",
            "handover_on",
            "ends_on",
            "departments",
            "guides",
            "strategy",
            "description",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "handover_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "departments": forms.CheckboxSelectMultiple,
            "guides": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def __init__(
        self,
        *args: object,
        organisations: QuerySet[Organisation] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        creating = self.instance.pk is None
        if creating:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
            self.fields["organisation"].empty_label = None  # type: ignore[attr-defined]
            org_ids = [o.pk for o in organisations] if organisations is not None else []
        else:
            del self.fields["organisation"]
            org_ids = [self.instance.organisation_id]
        self.fields["departments"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            organisation_id__in=org_ids
        ).order_by("number")
        self.fields["departments"].label_from_instance = lambda d: f"{d.number} {d.name}"  # type: ignore[attr-defined]
        self.fields["guides"].queryset = Guide.objects.current().in_order()  # type: ignore[attr-defined]
        self.fields["guides"].label_from_instance = lambda g: f"{g.code} {g.title}"  # type: ignore[attr-defined]
        self.fields["strategy"].queryset = LearningStrategy.objects.filter(  # type: ignore[attr-defined]
            organisation_id__in=org_ids
        )

    def service_fields(self) -> dict[str, object]:
        """The cleaned values as the project services take them."""
        return dict(self.cleaned_data)


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=PartyRole.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Tom for fx beboerne eller afdelingsbestyrelsen."),
    )
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        required=False,
        help_text=_("Udfyldes automatisk med organisationens navn, hvis du lader det stå tomt."),
    )
    note = forms.CharField(label=_("Bemærkning"), max_length=300, required=False)

    def __init__(
        self, *args: object, organisations: QuerySet[Organisation], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if not cleaned.get("organisation") and not (cleaned.get("name") or "").strip():
            self.add_error(
                "name",
                _("Vælg en organisation, eller skriv et navn (fx Afdelingsbestyrelsen)."),
            )
        return cleaned


class _PartyChoice(forms.ModelChoiceField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            label=_("Part"),
            queryset=None,
            required=False,
            empty_label=_("– ingen –"),
            **kwargs,  # type: ignore[arg-type]
        )


class MemberAddForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Kollega"), queryset=Membership.objects.none())
    party = _PartyChoice()
    is_leader = forms.BooleanField(label=_("Projektleder (læringsansvarlig)"), required=False)

    def __init__(
        self,
        *args: object,
        candidates: QuerySet[Membership],
        parties: QuerySet[ProjectParty],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["membership"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["membership"].label_from_instance = _membership_label  # type: ignore[attr-defined]
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]


def _membership_label(membership: Membership) -> str:
    if membership.title:
        return f"{membership.user.name} ({membership.title})"
    return membership.user.name


class MemberUpdateForm(forms.Form):
    party = _PartyChoice()
    is_leader = forms.BooleanField(label=_("Projektleder (læringsansvarlig)"), required=False)

    def __init__(self, *args: object, parties: QuerySet[ProjectParty], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadresse"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, required=False)
    party = _PartyChoice(help_text=_("Den part, personen er med for, fx entreprenøren."))

    def __init__(self, *args: object, parties: QuerySet[ProjectParty], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]
