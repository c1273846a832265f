"""Forms of the process pages: the list filters, starting a process, roles, a milestone's
status, plan and notes. Choices come from the policy and the selectors; the services decide.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onsite.models import BuildingProject
from organisations.models import Department, Organisation, User
from processes import access, selectors
from processes.models import (
    Milestone,
    MilestoneStatus,
    Process,
    ProcessKind,
    ProcessQuerySet,
    ProcessStatus,
    ProcessTemplate,
)
from processes.selectors import ProcessFilters


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class DepartmentChoiceField(forms.ModelMultipleChoiceField):
    with_organisation = False  # when the person may start processes in several organisations

    def label_from_instance(self, obj: Department) -> str:
        label = f"{obj.number} {obj.name}"
        return f"{obj.organisation.name}: {label}" if self.with_organisation else label


class ProcessFilterForm(forms.Form):
    """The filters of the process list (all optional, kept in the URL)."""

    template = forms.ModelChoiceField(
        label=_("Drejebog"),
        queryset=ProcessTemplate.objects.none(),
        required=False,
        empty_label=_("Alle"),
        widget=_select(),
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Alle")), *ProcessKind.choices],
        widget=_select(),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *ProcessStatus.choices],
        widget=_select(),
    )
    department = forms.ModelChoiceField(
        label=_("Afdeling"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("Alle"),
        widget=_select(),
    )
    project = forms.ModelChoiceField(
        label=_("Byggesag"),
        queryset=BuildingProject.objects.none(),
        required=False,
        empty_label=_("Alle"),
        widget=_select(),
    )
    late = forms.BooleanField(
        label=_("Kun med overskredne frister"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, processes: ProcessQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = processes  # the person's processes: choices name nothing else
        self.fields["template"].queryset = selectors.filter_templates(visible)  # type: ignore[attr-defined]
        self.fields["department"].queryset = selectors.filter_departments(visible)  # type: ignore[attr-defined]
        self.fields["project"].queryset = selectors.filter_projects(visible)  # type: ignore[attr-defined]

    def filters(self) -> ProcessFilters:
        if not self.is_valid():
            return {}
        chosen = ProcessFilters()
        for name, value in self.cleaned_data.items():
            if value:
                chosen[name] = value  # type: ignore[literal-required]
        return chosen


class ProcessStartForm(forms.Form):
    """Start a process: organisation (when the person leads several), title, departments,
    byggesag and start date. Another organisation's ids are refused beside their field."""

    template = forms.ModelChoiceField(
        label=_("Drejebog"),
        queryset=ProcessTemplate.objects.none(),
        error_messages={"invalid_choice": _("Vælg en udgivet drejebog.")},
        widget=_select(),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={
            "invalid_choice": _("Vælg en organisation, hvor du kan starte forløb."),
        },
        widget=_select(),
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    departments = DepartmentChoiceField(
        label=_("Afdelinger"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Vælg kun afdelinger i organisationen.")},
    )
    project = forms.ModelChoiceField(
        label=_("Byggesag"),
        queryset=BuildingProject.objects.none(),
        required=False,
        empty_label=_("Ingen byggesag"),
        error_messages={"invalid_choice": _("Vælg en byggesag i organisationen.")},
        widget=_select(),
    )
    starts_on = forms.DateField(
        label=_("Start"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Skriv hvornår forløbet starter.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = access.lead_organisations_for(user)
        ids = [o.pk for o in organisations]
        self.fields["template"].queryset = selectors.live_templates()  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        # The form offers every organisation the person leads; the service checks that the
        # departments and the project belong to the chosen one.
        self.fields["departments"].queryset = (  # type: ignore[attr-defined]
            access.startable_departments_in(ids)
        )
        self.fields["project"].queryset = access.startable_projects_in(ids)  # type: ignore[attr-defined]
        if len(ids) == 1:
            self.fields["organisation"].initial = ids[0]
            self.fields["organisation"].widget = forms.HiddenInput()
        self.several_organisations = len(ids) > 1
        if self.several_organisations:
            departments = self.fields["departments"]
            assert isinstance(departments, DepartmentChoiceField)
            departments.with_organisation = True


class ProcessEditForm(forms.Form):
    """A running process's title, description and departments (of its own organisation)."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    departments = DepartmentChoiceField(
        label=_("Afdelinger"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Vælg kun afdelinger i organisationen.")},
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = (  # type: ignore[attr-defined]
            access.startable_departments_in([process.organisation_id])
        )


class RoleAssignForm(forms.Form):
    person = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen"),
        error_messages={
            "invalid_choice": _("Vælg en person i organisationen eller hos en part i byggesagen."),
        },
        widget=_select(),
    )
    party = forms.CharField(
        label=_("Part"),
        max_length=200,
        required=False,
        help_text=_("Fx »Afdelingsbestyrelsen« eller »Kommunen«."),
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = access.assignable_people(process)  # type: ignore[attr-defined]


class MilestoneStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=MilestoneStatus.choices, widget=forms.RadioSelect
    )
    skip_reason = forms.CharField(
        label=_("Begrundelse for at springe over"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Skal udfyldes, når milepælen springes over."),
    )
    note = forms.CharField(
        label=_("Bemærkning til historikken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MilestonePlanForm(forms.Form):
    responsible = PersonChoiceField(
        label=_("Ansvarlig"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen"),
        error_messages={
            "invalid_choice": _("Vælg en person i organisationen eller hos en part i byggesagen."),
        },
        widget=_select(),
    )
    due_on = forms.DateField(
        label=_("Frist"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, milestone: Milestone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = access.assignable_people(  # type: ignore[attr-defined]
            milestone.process
        )


class MilestoneNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Noter"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
