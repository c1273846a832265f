"""Forms of the room's discussion forum (the text is sanitised and the files checked by the
service; the forms refuse what is plainly empty or too many files, beside the field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from rooms import richtext
from rooms.services.forum import MAX_ATTACHMENTS

ACCEPT = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.txt,.jpg,.jpeg,.png"
EMPTY = _("Skriv et indlæg. Det må ikke være tomt.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``MAX_ATTACHMENTS`` files in one input; cleans to a list (empty when none)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        files = (
            [single(item, initial) for item in data if item]
            if isinstance(data, (list, tuple))
            else ([single(data, initial)] if data else [])
        )
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Du kan højst vedhæfte %(max)s filer.") % {"max": MAX_ATTACHMENTS}
            )
        return files


def _body_field() -> forms.CharField:
    return forms.CharField(
        label=_("Indlæg"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        strip=False,  # the text is kept as typed when it is shown again
        help_text=_("Skriv almindelig tekst; en tom linje giver et nyt afsnit."),
        error_messages={"required": EMPTY},
    )


def _attachments_field() -> AttachmentsField:
    return AttachmentsField(
        label=_("Vedhæftede filer"),
        help_text=_(
            "Højst %(max)s filer: PDF, Word, Excel, PowerPoint, OpenDocument, tekst eller et "
            "billede (JPEG, PNG)."
        )
        % {"max": MAX_ATTACHMENTS},
    )


class _BodyMixin(forms.Form):
    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        if richtext.is_blank(body):
            raise forms.ValidationError(EMPTY)
        return body


class ThreadForm(_BodyMixin):
    title = forms.CharField(
        label=_("Overskrift"),
        max_length=200,
        error_messages={"required": _("Giv tråden en overskrift.")},
    )
    body = _body_field()
    attachments = _attachments_field()


class PostForm(_BodyMixin):
    body = _body_field()
    attachments = _attachments_field()


class PostEditForm(_BodyMixin):
    body = _body_field()
