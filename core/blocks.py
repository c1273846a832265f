"""StreamField blocks every content page shares: a heading, a captioned image and a document link.

``cms`` (standard and news pages) and ``courses`` (course and module pages) build their bodies
from these, so an editor meets the same blocks, labels and rendering everywhere. The templates
live in ``core/templates/blocks/``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    """An h2 or h3: the page's outline is its title (h1) followed by headings the editor picks."""

    text = blocks.CharBlock(label=_("Tekst"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Overskrift")), ("h3", _("Underoverskrift"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Overskrift")
        template = "blocks/heading.html"


def _nested_alt_text(value: Any) -> Any:
    """The stored value in today's shape: ``{"image": {image, decorative, alt_text}, "caption"}``.

    Course pages used to store the alternative text next to an image id
    (``{"image": 7, "alt_text": "…", "caption": "…"}``); that shape still reads, with its text as
    the image's alternative text, until the page is saved again.
    """
    if isinstance(value, dict) and "alt_text" in value:
        image = value.get("image")
        if image is None or isinstance(image, int):
            return {
                "image": {"image": image, "decorative": False, "alt_text": value["alt_text"]},
                "caption": value.get("caption", ""),
            }
    return value


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alternative text (or marked decorative) and an optional caption."""

    image = ImageBlock(label=_("Billede"))
    caption = blocks.CharBlock(label=_("Billedtekst"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Billede")
        template = "blocks/image.html"

    def to_python(self, value: Any) -> Any:
        return super().to_python(_nested_alt_text(value))

    def bulk_to_python(self, values: Any) -> list[Any]:
        return list(super().bulk_to_python([_nested_alt_text(value) for value in values]))


class DocumentBlock(blocks.StructBlock):
    """A link to a document from the library, with its type and size."""

    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Linktekst"),
        required=False,
        max_length=200,
        help_text=_("Udelades den, bruges dokumentets titel."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        template = "blocks/document.html"
