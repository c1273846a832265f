"""The forum's rich text: what a post may contain, made safe before it is stored.

A post is stored as sanitised HTML and shown as it is (``|safe``), so everything that could run
or mislead is removed on the way in, with ``nh3`` (ammonia): only paragraphs, line breaks,
emphasis, lists, quotes and links survive; a link keeps only an ``href`` with http, https or
mailto (no ``javascript:``, no relative address that could point into the site's own forms)
and always gets ``rel="nofollow noopener"``. Script and style elements go with their content.

Most people type plain text in a textarea: text without tags is escaped and its blank-line
separated blocks become paragraphs (single line breaks become ``<br>``).
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)
_TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"}, attributes={})

# Something that looks like a tag or a comment: then the input is HTML (from an editor).
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|<!--")
_BLOCKS = re.compile(r"\n\s*\n")
# Whitespace as a browser shows it: also non-breaking and zero-width spaces.
_INVISIBLE = re.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+")


def paragraphs(text: str) -> str:
    """Plain text as HTML: blank-line separated blocks are paragraphs, escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = [block.strip() for block in _BLOCKS.split(text) if block.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in block.split("\n")) + "</p>"
        for block in blocks
    )


def sanitise(text: str) -> str:
    """The post as safe HTML; plain text is turned into paragraphs first."""
    source = text if _MARKUP.search(text) else paragraphs(text)
    return _CLEANER.clean(source).strip()


def plain_text(body: str) -> str:
    """The visible text of stored HTML (for e-mails and the emptiness check), tags removed."""
    with_breaks = re.sub(r"(?i)<(/p|/blockquote)\s*>", "\n\n", body)
    with_breaks = re.sub(r"(?i)<(br\s*/?|/li)\s*>", "\n", with_breaks)
    text = html.unescape(_TEXT_ONLY.clean(with_breaks))
    lines = [_INVISIBLE.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def is_blank(body: str) -> bool:
    """True when a post shows nothing but whitespace, also after sanitising (``<p> </p>``)."""
    return not _INVISIBLE.sub("", plain_text(sanitise(body)))
