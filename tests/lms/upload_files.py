"""Files an attacker (or a phone) uploads, built small and fast for the upload tests.

The pixel bombs are real, valid PNGs: 1-bit grey, all zeros, so 20000×20000 pixels compress to
about 50 KB — decoding one would take seconds and gigabytes, reading its header takes nothing.
"""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert('hej')</script></body></html>\n"
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
BOMB_MESSAGE = "Billedet har alt for mange pixels. Det må højst have 40 megapixels."
NOT_A_PDF = "Filen er ikke en PDF, selv om navnet siger det."


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@cache
def png_bomb(side: int) -> bytes:
    """A valid side×side 1-bit PNG of a few KB."""
    row = b"\0" * (1 + (side + 7) // 8)  # filter byte + the packed pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def jpeg_bytes(size: tuple[int, int] = (800, 600), *, gps: bool = False) -> bytes:
    """A JPEG, with a phone's EXIF (maker and a GPS position in Aalborg) when ``gps``."""
    image = Image.new("RGB", size, "orange")
    buffer = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[ExifTags.Base.Make] = "Telefon"
        exif[ExifTags.Base.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (57.0, 2.0, 54.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (9.0, 55.0, 12.0),
        }
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def has_gps(content: bytes) -> bool:
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        return ExifTags.Base.GPSInfo in exif or bool(exif.get_ifd(ExifTags.IFD.GPSInfo))


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def oversized(name: str, content: bytes, size: int) -> SimpleUploadedFile:
    """A file that says it has ``size`` bytes: the checks read ``size``, so none are built."""
    file = upload(name, content)
    file.size = size
    return file


def forbid_decoding(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """From now on, decoding pixels fails the test; returns the list of attempts."""
    from PIL import ImageFile

    attempts: list[str] = []

    def load(image: ImageFile.ImageFile) -> None:
        attempts.append(f"{image.format} {image.size}")
        raise AssertionError("Pillow decoded an image that should have been refused first")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return attempts
