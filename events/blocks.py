"""The blocks of an event page's materials: documents from Wagtail's library and links."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class MaterialLinkBlock(blocks.StructBlock):
    """A link to material elsewhere (slides on another site, a recording)."""

    title = blocks.CharBlock(label=_("Tekst"), max_length=200)
    url = blocks.URLBlock(label=_("Adresse"))

    class Meta:
        icon = "link"
        label = _("Link")


class MaterialDocumentBlock(blocks.StructBlock):
    """A document from the library, with an optional title of its own."""

    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Tekst"),
        max_length=200,
        required=False,
        help_text=_("Tom: dokumentets egen titel vises."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument")


class MaterialsBlock(blocks.StreamBlock):
    document = MaterialDocumentBlock()
    link = MaterialLinkBlock()
