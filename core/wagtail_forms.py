"""Wagtail's image and document forms, with our upload check in front of Wagtail's own.

Set as ``WAGTAILIMAGES_IMAGE_FORM_BASE`` and ``WAGTAILDOCS_DOCUMENT_FORM_BASE``, so every way into
Wagtail — the upload page, the multiple uploader, the chooser's upload tab — runs
``core.uploads.upload_check`` first: type by content, the extension matching it, bytes, and pixels
from the header before Wagtail (or Pillow) decodes anything. The messages are ours, in Danish.

Editorial images keep their originals (an editor chose to publish them, and re-encoding would cost
quality and animation), but their EXIF is removed when they have any: Wagtail copies EXIF into
every public rendition, so a phone photo's GPS position would otherwise be on the web.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from core import uploads


def _help(kinds: tuple[uploads.Kind, ...], limit: int) -> str:
    return str(_("%(kinds)s, højst %(mb)s MB.")) % {
        "kinds": ", ".join(kind.label for kind in kinds),
        "mb": limit // uploads.MB,
    }


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, behind our check; an image with EXIF is stored without it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_text = _help(uploads.EDITORIAL_IMAGES, uploads.max_bytes(uploads.JPEG)) + str(
            _(" Højst %(mp)s megapixels.") % {"mp": uploads.max_pixels() // 1_000_000}
        )

    def to_python(self, data: Any) -> Any:
        if forms.FileField.to_python(self, data) is None:
            return None
        kind = uploads.upload_check(data, kinds=uploads.EDITORIAL_IMAGES)
        stripped = uploads.image_metadata_strip(data, kind=kind)
        if stripped is not None:
            data = SimpleUploadedFile(data.name, stripped.read(), content_type=kind.mime)
        return super().to_python(data)


class ImageForm(BaseImageForm):
    """Wagtail's image form with ``CheckedImageField`` for the file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, CheckedImageField):
            checked = CheckedImageField(label=field.label, required=field.required)
            checked.widget = field.widget
            self.fields["file"] = checked


def _document_kinds() -> tuple[uploads.Kind, ...]:
    return uploads.kinds_for_extensions(settings.WAGTAILDOCS_EXTENSIONS)


class CheckedDocumentField(WagtailDocumentField):
    """Wagtail's document field, behind our check: an HTML file named .pdf is refused."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_text = _help(_document_kinds(), uploads.max_bytes(uploads.PDF))

    def to_python(self, data: Any) -> UploadedFile | None:
        if forms.FileField.to_python(self, data) is None:
            return None
        uploads.upload_check(data, kinds=_document_kinds())  # before Wagtail's own size check
        file: UploadedFile | None = super().to_python(data)
        return file


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with ``CheckedDocumentField`` for the file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, CheckedDocumentField):
            checked = CheckedDocumentField(label=field.label, required=field.required)
            checked.widget = field.widget
            self.fields["file"] = checked
