"""The log entry form — made for a phone on the building site — and the workflow forms.

The few fields that are required come first (date, type, title, what happened); the rest are
optional sections. Photos come straight from the camera (``capture="environment"``). Files are
checked by their content in the service, not here: the form only collects them.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competencies.models import POSITIVE_LEVEL_CHOICES, Competence, Guide
from core import uploads
from onsite.models import BuildingProject, EffectCategory, EntryKind, LogEntry, ProjectParty
from onsite.services.entries import MAX_COMPETENCES, CompetenceLevel
from organisations.models import User

DOCUMENT_ACCEPT = (
    ".pdf,.docx,.xlsx,application/pdf,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen)."""

    def __init__(
        self, *args: object, attrs: dict[str, str] | None = None, **kwargs: object
    ) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, **(attrs or {})}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class EntryForm(forms.Form):
    occurred_on = forms.DateField(
        label=_("Dato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=EntryKind.choices)
    title = forms.CharField(label=_("Overskrift"), max_length=200)
    what_happened = forms.CharField(label=_("Hvad skete der?"), widget=_textarea())
    what_we_learned = forms.CharField(label=_("Hvad lærte vi?"), required=False, widget=_textarea())
    do_differently = forms.CharField(
        label=_("Hvad gør vi anderledes?"), required=False, widget=_textarea()
    )
    guide = forms.ModelChoiceField(
        label=_("AlmenVejledning anvendt"), queryset=Guide.objects.none(), required=False
    )
    tool = forms.CharField(
        label=_("Værktøj anvendt"),
        max_length=200,
        required=False,
        help_text=_("Fx erfaringsgruppe, forankringsplan eller samdriftens drejebog."),
    )
    effect_category = forms.ChoiceField(
        label=_("Effektområde"),
        required=False,
        choices=[("", _("– ikke valgt –"))] + EffectCategory.choices,
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Deltagere"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Deltagerne får kompetencerne dokumenteret, når indlægget er godkendt."),
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Deltagende parter"),
        queryset=ProjectParty.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    photos = MultipleFileField(
        label=_("Foto"),
        attrs={"accept": "image/*", "capture": "environment"},
    )
    documents = MultipleFileField(
        label=_("Dokumenter"),
        attrs={"accept": DOCUMENT_ACCEPT},
    )

    def __init__(
        self,
        *args: object,
        project: BuildingProject,
        entry: LogEntry | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.project = project
        self._upload_help()
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self._guide_choices(project)
        self.fields["participants"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(project_memberships__project=project).order_by(
                "first_name", "last_name"
            )
        )
        self.fields["participants"].label_from_instance = lambda u: u.name  # type: ignore[attr-defined]
        self.fields["parties"].queryset = project.parties.order_by("role", "name")  # type: ignore[attr-defined]
        self._competence_rows()
        if entry is not None:
            self.fields["remove_attachments"] = forms.ModelMultipleChoiceField(
                label=_("Fjern bilag"),
                queryset=entry.attachments.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def _upload_help(self) -> None:
        """The limits of the one upload policy, formatted per request (the visitor's language)."""
        self.fields["photos"].help_text = _(
            "JPEG, PNG eller WebP, højst %(mb)s MB pr. billede. Stedoplysninger fjernes."
        ) % {"mb": uploads.max_bytes(uploads.JPEG) // uploads.MB}
        self.fields["documents"].help_text = _(
            "PDF, Word eller Excel, højst %(mb)s MB pr. fil."
        ) % {"mb": uploads.max_bytes(uploads.PDF) // uploads.MB}

    def _guide_choices(self, project: BuildingProject) -> None:
        """Every guide in the sector's order (A1, A2 …); the project's own ones are marked.

        Grouping the project's guides first gave A2, A3, A4, A1, A5, which reads as a mistake.
        """
        field = self.fields["guide"]
        guides = list(Guide.objects.current().in_order())
        own = {g.pk for g in project.guides.all()}
        field.queryset = Guide.objects.current()  # type: ignore[attr-defined]
        field.choices = [("", _("– ingen –"))] + [  # type: ignore[attr-defined]
            (g.pk, _guide_label(g, own=g.pk in own)) for g in guides
        ]

    def _competence_rows(self) -> None:
        competences = list(
            Competence.objects.active()
            .select_related("area")
            .order_by("area__sort_order", "sort_order")
        )
        grouped = [
            (area.name, [(c.pk, c.name) for c in items])
            for area, items in groupby(competences, key=lambda c: c.area)
        ]
        for number in range(1, MAX_COMPETENCES + 1):
            competence = forms.ModelChoiceField(
                label=_("Kompetence %(number)s") % {"number": number},
                queryset=Competence.objects.active(),
                required=False,
            )
            competence.choices = [("", _("– ingen –")), *grouped]
            self.fields[f"competence_{number}"] = competence
            self.fields[f"level_{number}"] = forms.TypedChoiceField(
                label=_("Niveau %(number)s") % {"number": number},
                choices=[("", _("– vælg –")), *POSITIVE_LEVEL_CHOICES],
                coerce=int,
                required=False,
                empty_value=None,
            )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        rows = []
        for number in range(1, MAX_COMPETENCES + 1):
            competence = cleaned.get(f"competence_{number}")
            level = cleaned.get(f"level_{number}")
            if competence and level:
                rows.append(CompetenceLevel(competence=competence, level=int(level)))
            elif competence:
                self.add_error(f"level_{number}", _("Vælg et niveau for kompetencen."))
            elif level:
                self.add_error(f"competence_{number}", _("Vælg kompetencen til niveauet."))
        cleaned["competences"] = rows
        return cleaned

    @property
    def competence_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"competence_{n}"], self[f"level_{n}"]) for n in range(1, MAX_COMPETENCES + 1)
        ]

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned values as ``log_entry_create`` / ``log_entry_update`` take them."""
        data = self.cleaned_data
        arguments: dict[str, Any] = {
            name: data[name]
            for name in (
                "occurred_on",
                "kind",
                "title",
                "what_happened",
                "what_we_learned",
                "do_differently",
                "guide",
                "tool",
                "effect_category",
            )
        }
        arguments["participants"] = list(data["participants"])
        arguments["parties"] = list(data["parties"])
        arguments["competences"] = data["competences"]
        arguments["photos"] = data["photos"]
        arguments["documents"] = data["documents"]
        if "remove_attachments" in data:
            arguments["remove_attachments"] = [a.pk for a in data["remove_attachments"]]
        return arguments

    @staticmethod
    def initial_for(entry: LogEntry) -> dict[str, object]:
        """The form's starting values for an existing entry."""
        initial: dict[str, object] = {
            "occurred_on": entry.occurred_on,
            "kind": entry.kind,
            "title": entry.title,
            "what_happened": entry.what_happened,
            "what_we_learned": entry.what_we_learned,
            "do_differently": entry.do_differently,
            "guide": entry.guide_id,
            "tool": entry.tool,
            "effect_category": entry.effect_category,
            "participants": [p.user_id for p in entry.participants.all()],
            "parties": [p.pk for p in entry.parties.all()],
        }
        for number, row in enumerate(entry.competences.all(), start=1):
            initial[f"competence_{number}"] = row.competence_id
            initial[f"level_{number}"] = row.level
        return initial


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar (valgfri)"), required=False, widget=_textarea(2), max_length=4000
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Hvad skal rettes?"),
        widget=_textarea(2),
        max_length=4000,
        error_messages={"required": _("Skriv, hvad der skal rettes, før indlægget sendes retur.")},
    )


def _guide_label(guide: Guide, *, own: bool) -> str:
    label = f"{guide.code} {guide.title}"
    if own:
        return _("%(guide)s (byggesagens vejledning)") % {"guide": label}
    return label
