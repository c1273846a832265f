"""Files for the HR import's tests: CSV and XLSX in memory, named as an upload would be."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = "e-mail;fornavn;efternavn;medarbejdernummer;afdeling;funktion;leders e-mail;roller"


def csv_upload(
    text: str, name: str = "personer.csv", encoding: str = "utf-8", bom: bool = False
) -> SimpleUploadedFile:
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    return SimpleUploadedFile(name, data, content_type="text/csv")


def csv_text(lines: Iterable[str], header: str = HEADER) -> str:
    return "\n".join([header, *lines]) + "\n"


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(
    rows: Sequence[Sequence[object]], name: str = "personer.xlsx"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        xlsx_bytes(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def people_lines(count: int, *, start: int = 0, domain: str = "fjordbo.example") -> list[str]:
    """``count`` valid new people (staff of department 101, no manager)."""
    return [
        f"person{i}@{domain};Person;Nummer {i};{5000 + i};101;ejendomsfunktionaer;;medarbejder"
        for i in range(start, start + count)
    ]
