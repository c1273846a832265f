"""Uploaded files: their type is read from their content, never from their name.

``upload_check`` sniffs the first bytes (through ``filetype``, which Wagtail's image library
already brings), refuses what is not on the caller's list or is too large, and returns the
detected type. ``image_normalise`` re-encodes a photo: turned upright, scaled down, and with no
metadata left — so the location a phone writes into a photo never reaches the server's disk.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    mime: str
    extension: str
    label: str
    is_image: bool = False


PDF = Kind("application/pdf", "pdf", "PDF")
JPEG = Kind("image/jpeg", "jpg", "JPEG", is_image=True)
PNG = Kind("image/png", "png", "PNG", is_image=True)
WEBP = Kind("image/webp", "webp", "WebP", is_image=True)
HEIC = Kind("image/heic", "heic", "HEIC", is_image=True)
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word"
)
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel")

DOCUMENTS = (PDF, DOCX, XLSX)
IMAGES = (JPEG, PNG, WEBP)


def _names(kinds: tuple[Kind, ...]) -> str:
    return ", ".join(kind.label for kind in kinds)


def upload_check(file: UploadedFile, *, kinds: tuple[Kind, ...], max_bytes: int) -> Kind:
    """The file's kind as its content shows it; ``ValidationError`` in Danish otherwise."""
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("Filen er for stor (%(size)s MB). Den må højst fylde %(limit)s MB.")
            % {"size": f"{file.size / MB:.1f}".replace(".", ","), "limit": max_bytes // MB},
            code="too_large",
        )
    if not file.size:
        raise ValidationError(_("Filen er tom."), code="empty")
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    guessed = filetype.guess(head)
    mime = guessed.mime if guessed else ""
    for kind in kinds:
        if kind.mime == mime:
            return kind
    raise ValidationError(
        _("Filen er ikke en tilladt filtype (%(allowed)s). Dens indhold passer ikke til navnet.")
        % {"allowed": _names(kinds)}
        if mime and _extension(file.name) in {k.extension for k in kinds}
        else _("Filtypen er ikke tilladt. Vælg en af disse: %(allowed)s.")
        % {"allowed": _names(kinds)},
        code="wrong_type",
    )


def _extension(name: str | None) -> str:
    suffix = PurePosixPath(name or "").suffix.lower().lstrip(".")
    return "jpg" if suffix == "jpeg" else suffix


@dataclass(frozen=True)
class NormalisedImage:
    content: ContentFile
    width: int
    height: int


def image_normalise(file: UploadedFile, *, max_side: int = 2000) -> NormalisedImage:
    """Upright, at most ``max_side`` pixels on the long side, JPEG, without any metadata."""
    file.seek(0)
    try:
        with Image.open(file) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(_("Billedet kan ikke læses."), code="bad_image") from exc
    image.thumbnail((max_side, max_side))
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # A fresh image from the pixels alone: no EXIF (GPS), no XMP, no ICC comments survive.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return NormalisedImage(ContentFile(out.getvalue()), clean.width, clean.height)
