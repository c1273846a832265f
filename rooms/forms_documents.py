"""Forms of a room's documents (the files themselves are checked by the service).

A form that offers folders gets the room's folders from the view (``selectors_documents``), so a
folder of another room is never a valid choice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rooms.models import Folder

ACCEPT = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.jpg,.jpeg,.png,.txt"
FILE_HELP = _(
    "PDF, Word, Excel, PowerPoint, OpenDocument, tekst eller et billede (JPEG, PNG). "
    "Filens indhold skal passe til dens navn."
)


def _file_field() -> forms.FileField:
    return forms.FileField(
        label=_("Fil"),
        help_text=FILE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Vælg en fil.")},
    )


def _folder_field(
    folders: QuerySet[Folder], label: Any, empty_label: Any = None
) -> forms.ModelChoiceField[Folder]:
    return forms.ModelChoiceField(
        label=label,
        queryset=folders,
        required=False,
        empty_label=empty_label or _("Uden mappe"),
        error_messages={"invalid_choice": _("Vælg en af rummets mapper.")},
    )


class DocumentSearchForm(forms.Form):
    """Search and folder filter above the list (GET)."""

    q = forms.CharField(label=_("Søg i dokumenter"), max_length=200, required=False)

    def __init__(self, *args: Any, folders: QuerySet[Folder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mappe"] = _folder_field(folders, _("Mappe"), _("Alle mapper"))


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Fx »Projektbeskrivelse«. Tom: filens navn."),
    )
    description = forms.CharField(
        label=_("Beskrivelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    file = _file_field()

    def __init__(self, *args: Any, folders: QuerySet[Folder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["folder"] = _folder_field(folders, _("Mappe"))
        self.order_fields(["title", "folder", "description", "file"])


class VersionForm(forms.Form):
    file = _file_field()
    comment = forms.CharField(
        label=_("Hvad er ændret?"),
        max_length=250,
        required=False,
        help_text=_("Fx »Budgettet er rettet efter mødet 3. marts«."),
    )


class FolderForm(forms.Form):
    name = forms.CharField(
        label=_("Mappens navn"),
        max_length=120,
        error_messages={"required": _("Skriv mappens navn.")},
    )


class MoveForm(forms.Form):
    def __init__(self, *args: Any, folders: QuerySet[Folder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["folder"] = _folder_field(folders, _("Flyt til mappe"))
