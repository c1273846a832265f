"""Forms of rooms and members: the room, an invitation, a member's role and one's own settings.

The forms only shape the input; the services decide (who may create where, which departments
belong, the last owner).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from onsite.models import BuildingProject
from organisations.models import Department, Organisation
from rooms.models import ForumNotify, MemberRole, RoomKind


class DepartmentChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        department: Department = obj
        return f"{department.organisation.name}: {department.number} {department.name}".strip()


class RoomForm(forms.Form):
    title = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=RoomKind.choices)
    description = forms.CharField(
        label=_("Beskrivelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvad rummet er til, og hvem der er med."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Hører til"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    departments = DepartmentChoice(
        label=_("Afdelinger"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("En erfaringsgruppe skal have mindst én afdeling."),
    )
    project = forms.ModelChoiceField(
        label=_("Byggesag"),
        queryset=BuildingProject.objects.none(),
        required=False,
        empty_label=_("Ingen byggesag"),
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation] | None,
        network: bool,
        departments: QuerySet[Department],
        projects: QuerySet[BuildingProject],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            # Editing: the room keeps the organisation it belongs to.
            del self.fields["organisation"]
        else:
            field: Any = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
            field.required = not network
            field.empty_label = _("Netværket") if network else None
            if not network and len(organisations) == 1:
                field.initial = organisations[0].pk
        self.fields["departments"].queryset = departments  # type: ignore[attr-defined]
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadresse"))
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Rolle"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=MemberRole.choices)


class MySettingsForm(forms.Form):
    function = forms.CharField(
        label=_("Min funktion i rummet"),
        max_length=120,
        required=False,
        help_text=_("Fx »projektleder«, »beboerrepræsentant« eller »driftschef«."),
    )
    show_email = forms.BooleanField(
        label=_("Vis min e-mailadresse i deltagerregistret"), required=False
    )
    phone = forms.CharField(
        label=_("Telefonnummer"),
        max_length=30,
        required=False,
        help_text=_("Det nummer, de andre i rummet må ringe til."),
    )
    show_phone = forms.BooleanField(
        label=_("Vis mit telefonnummer i deltagerregistret"), required=False
    )
    forum_notify = forms.ChoiceField(
        label=_("Besked om nye indlæg i debatten"), choices=ForumNotify.choices
    )
