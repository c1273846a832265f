"""Uploaded files: one check for every upload, by content, before anything is decoded.

``upload_check`` is the single gate every upload in the project passes (evidence, log-entry
photos and documents, Wagtail's images and documents). In this order it refuses an empty file,
a type that is not on the caller's list (read from the first bytes through ``filetype``, never
from the name or the browser's content type), a name whose extension says something else than
the content, a file over its kind's byte limit, and — for images — more pixels than allowed,
read from the header alone: Pillow's ``Image.open`` is lazy, so a 20000×20000 "decompression
bomb" of a few hundred KB is refused before a single pixel is decoded.

The limits are one policy per kind (image / document), set in the settings
(``UPLOAD_IMAGE_MAX_BYTES``, ``UPLOAD_IMAGE_MAX_PIXELS``, ``UPLOAD_DOCUMENT_MAX_BYTES``) and read
at call time, so tests can override them.

``image_normalise`` re-encodes a photo: turned upright, scaled down, and with no metadata left —
so the location a phone writes into a photo never reaches the server's disk.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
HEAD_BYTES = 8192  # enough for ``filetype`` to find the parts inside a Word or Excel file


@dataclass(frozen=True)
class Kind:
    """A file type we accept somewhere: how its content is recognised and how it is named."""

    mime: str
    extension: str  # the one we store it under
    label: str
    is_image: bool = False
    other_extensions: tuple[str, ...] = ()
    sniffed: str = ""  # what the content sniffer calls it, when that differs from ``mime``
    pil_format: str = ""  # Pillow's name of the format, for images

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.other_extensions)

    def matches(self, sniffed: str) -> bool:
        return sniffed == (self.sniffed or self.mime)


_OOXML = "application/vnd.openxmlformats-officedocument"
PDF = Kind("application/pdf", "pdf", "PDF")
DOCX = Kind(f"{_OOXML}.wordprocessingml.document", "docx", "Word")
XLSX = Kind(f"{_OOXML}.spreadsheetml.sheet", "xlsx", "Excel")
PPTX = Kind(f"{_OOXML}.presentationml.presentation", "pptx", "PowerPoint")
ODT = Kind("application/vnd.oasis.opendocument.text", "odt", "OpenDocument-tekst")
ODS = Kind("application/vnd.oasis.opendocument.spreadsheet", "ods", "OpenDocument-regneark")
# Plain text has no signature: it is recognised as "no known type, no control bytes, no markup".
TXT = Kind("text/plain", "txt", "tekst")
CSV = Kind("text/csv", "csv", "CSV", sniffed="text/plain")

JPEG = Kind("image/jpeg", "jpg", "JPEG", True, ("jpeg",), pil_format="JPEG")
PNG = Kind("image/png", "png", "PNG", True, pil_format="PNG")
WEBP = Kind("image/webp", "webp", "WebP", True, pil_format="WEBP")
GIF = Kind("image/gif", "gif", "GIF", True, pil_format="GIF")
AVIF = Kind("image/avif", "avif", "AVIF", True, pil_format="AVIF")
HEIC = Kind("image/heic", "heic", "HEIC", True, pil_format="HEIF")

DOCUMENTS = (PDF, DOCX, XLSX)
IMAGES = (JPEG, PNG, WEBP)
# Wagtail's editorial images: its default formats, SVG not among them.
EDITORIAL_IMAGES = (JPEG, PNG, WEBP, GIF, AVIF)
KNOWN = (PDF, DOCX, XLSX, PPTX, ODT, ODS, TXT, CSV, JPEG, PNG, WEBP, GIF, AVIF, HEIC)


def kinds_for_extensions(extensions: Sequence[str]) -> tuple[Kind, ...]:
    """The known kinds named by a list of extensions (e.g. ``WAGTAILDOCS_EXTENSIONS``)."""
    wanted = {extension.lower().lstrip(".") for extension in extensions}
    return tuple(kind for kind in KNOWN if wanted & set(kind.extensions))


# --- The policy ---------------------------------------------------------------------------


def max_bytes(kind: Kind) -> int:
    """The largest file of this kind we accept, in bytes."""
    if kind.is_image:
        return int(settings.UPLOAD_IMAGE_MAX_BYTES)
    return int(settings.UPLOAD_DOCUMENT_MAX_BYTES)


def max_pixels() -> int:
    """The most pixels (width × height) an uploaded image may have."""
    return int(settings.UPLOAD_IMAGE_MAX_PIXELS)


def pillow_limit_apply() -> None:
    """Make Pillow itself refuse images far above our limit, wherever it opens one.

    Pillow warns at ``MAX_IMAGE_PIXELS`` and raises at twice that; its default (~89 MP warns,
    ~179 MP raises) let a 13000×13000 PNG decode for 13 s and 1.6 GB. Called once at start-up.
    """
    Image.MAX_IMAGE_PIXELS = max_pixels()


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}"


def _size_mb(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",")


# --- The check ----------------------------------------------------------------------------


def upload_check(file: IO[bytes], *, kinds: tuple[Kind, ...]) -> Kind:
    """The file's kind as its content shows it; ``ValidationError`` in Danish otherwise.

    Refuses an empty file, a type not in ``kinds``, a name whose extension does not match the
    content, more bytes than the kind allows and, for an image, more pixels than allowed — the
    pixels read from the header, before anything is decoded.
    """
    size = _size(file)
    if not size:
        raise ValidationError(_("Filen er tom."), code="empty")
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    kind = _kind(_sniff(head), _extension(getattr(file, "name", "")), kinds)
    if size > max_bytes(kind):
        raise ValidationError(
            _("Filen er for stor (%(size)s MB). Den må højst fylde %(limit)s MB.")
            % {"size": _size_mb(size), "limit": max_bytes(kind) // MB},
            code="too_large",
        )
    if kind.is_image:
        with image_header(file, kind=kind):
            pass
    return kind


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        size = file.seek(0, io.SEEK_END)
        file.seek(0)
    return int(size)


def _sniff(head: bytes) -> str:
    guessed = filetype.guess(head)
    if guessed is not None:
        return str(guessed.mime)
    return "text/plain" if _is_plain_text(head) else ""


# Bytes that never occur in a text file (NUL and the C0 controls but tab, newlines, form feed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _is_plain_text(head: bytes) -> bool:
    if not head or len(head.translate(None, _CONTROL)) != len(head):
        return False
    # Markup is not plain text: an HTML or SVG page renamed .txt or .csv is refused.
    return not head.lstrip(b"\xef\xbb\xbf \t\r\n\f").startswith(b"<")


def _extension(name: str | None) -> str:
    return PurePosixPath(name or "").suffix.lower().lstrip(".")


def _named(extension: str, kinds: tuple[Kind, ...]) -> Kind | None:
    return next((kind for kind in kinds if extension in kind.extensions), None)


def _kind(sniffed: str, extension: str, kinds: tuple[Kind, ...]) -> Kind:
    """The allowed kind that both the content and the name agree on, or the reason why not."""
    named = _named(extension, kinds)
    actual = next((kind for kind in kinds if kind.matches(sniffed)), None)
    if named is not None and named.matches(sniffed):
        return named
    if named is not None and actual is None:
        raise ValidationError(
            _(
                "Filen er ikke en %(named)s, selv om navnet siger det. "
                "Dens indhold passer ikke til navnet."
            )
            % {"named": named.label},
            code="wrong_type",
        )
    if actual is not None:
        raise ValidationError(
            _(
                "Filen er en %(actual)s, men navnet ender ikke på .%(extension)s. "
                "Giv filen det rigtige navn, og prøv igen."
            )
            % {"actual": actual.label, "extension": actual.extension},
            code="wrong_name",
        )
    raise ValidationError(
        _("Filtypen er ikke tilladt. Vælg en af disse: %(allowed)s.")
        % {"allowed": ", ".join(kind.label for kind in kinds)},
        code="wrong_type",
    )


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = _megapixels(max_pixels())
    if width is None or height is None:
        message = _("Billedet har alt for mange pixels. Det må højst have %(limit)s megapixels.")
        return ValidationError(message % {"limit": limit}, code="too_many_pixels")
    message = _(
        "Billedet er for stort: %(width)s × %(height)s pixels. "
        "Det må højst have %(limit)s megapixels."
    )
    return ValidationError(
        message % {"width": width, "height": height, "limit": limit}, code="too_many_pixels"
    )


@contextmanager
def image_header(file: IO[bytes], *, kind: Kind | None = None) -> Iterator[Image.Image]:
    """The image with only its header read, once its pixel count is known to be allowed.

    Decoding (``load()``) is the caller's business, inside the ``with`` block; nothing here
    decodes. Pillow's own decompression-bomb error becomes a Danish message; its warning (between
    its limit and twice that) is ignored here because the size is checked right after.
    """
    formats = [kind.pil_format] if kind else [k.pil_format for k in EDITORIAL_IMAGES]
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file, formats=formats)  # lazy: reads the header only
    except Image.DecompressionBombError:
        file.seek(0)
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        file.seek(0)
        raise ValidationError(_("Billedet kan ikke læses."), code="bad_image") from exc
    try:
        # ``with``, not ``close()``: close() would close the caller's file too.
        with image:
            width, height = image.size
            if width * height > max_pixels():
                raise _too_many_pixels(width, height)
            yield image
    finally:
        file.seek(0)


# --- Photos without metadata --------------------------------------------------------------


@dataclass(frozen=True)
class NormalisedImage:
    content: ContentFile
    width: int
    height: int


@contextmanager
def _truncated_images_refused() -> Iterator[None]:
    """Decode with truncated images refused, whatever another library chose.

    WeasyPrint sets Pillow's process-wide ``LOAD_TRUNCATED_IMAGES`` to True when it is imported
    (for the certificates), after which a torn upload would decode silently into grey pixels.
    """
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def image_normalise(file: IO[bytes], *, max_side: int = 2000) -> NormalisedImage:
    """Upright, at most ``max_side`` pixels on the long side, JPEG, without any metadata.

    Call it after ``upload_check``; it checks the pixel count again before decoding anyway.
    """
    try:
        with _truncated_images_refused(), image_header(file) as opened:
            # A JPEG can be decoded at a fraction of its size straight away: less memory.
            opened.draft("RGB", (max_side, max_side))
            opened.load()
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((max_side, max_side))
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ValidationError(_("Billedet kan ikke læses."), code="bad_image") from exc
    # A fresh image from the pixels alone: no EXIF (GPS), no XMP, no ICC comments survive.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return NormalisedImage(ContentFile(out.getvalue()), clean.width, clean.height)


# Kept when metadata is stripped: they change how the pixels look, and say nothing about anyone.
_KEPT_INFO = ("icc_profile", "transparency", "dpi")


def image_metadata_strip(file: IO[bytes], *, kind: Kind) -> ContentFile | None:
    """The image again in its own format, upright and without EXIF or XMP; ``None`` when it has
    none (or is animated), so that an image without metadata is kept byte for byte.

    For editorial images, whose originals are kept: Wagtail copies EXIF into every rendition.
    """
    try:
        with _truncated_images_refused(), image_header(file, kind=kind) as opened:
            if getattr(opened, "is_animated", False) or not _has_metadata(opened):
                return None
            opened.load()
            image = ImageOps.exif_transpose(opened)
            image.info = {key: opened.info[key] for key in _KEPT_INFO if key in opened.info}
            out = io.BytesIO()
            options: dict[str, object] = {"quality": 92} if kind.pil_format == "JPEG" else {}
            image.save(out, format=kind.pil_format, **options)
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ValidationError(_("Billedet kan ikke læses."), code="bad_image") from exc
    return ContentFile(out.getvalue(), name=getattr(file, "name", None))


def _has_metadata(image: Image.Image) -> bool:
    return bool(image.getexif()) or any(
        key in image.info for key in ("exif", "xmp", "XML:com.adobe.xmp")
    )
