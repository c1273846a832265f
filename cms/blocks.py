"""StreamField blocks of the content pages (standard and news pages).

The heading, image and document blocks are the kernel's (``core.blocks``), shared with the course
pages; the paragraph is this app's own.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import CaptionedImageBlock, DocumentBlock, HeadingBlock

# Rich text stays simple on purpose: headings come from their own block, so that the outline of
# every page is h1 (the title) followed by h2/h3 chosen by the editor.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Afsnit"),
        features=PARAGRAPH_FEATURES,
        template="cms/blocks/paragraph.html",
    )
    image = CaptionedImageBlock()
    document = DocumentBlock()
