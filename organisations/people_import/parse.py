"""Reading an HR file of people: CSV or XLSX, checked by content, into canonical rows.

What a file must look like (the template, ``people_import.template``, shows it):

* The first non-empty line holds the headings; Danish and English names are accepted in any
  order and any case (``HEADINGS``). Only an e-mail column is required. Columns we do not know
  are ignored and reported in the preview.
* CSV: UTF-8 (with or without a byte-order mark) or Windows-1252, as a Danish Excel saves it;
  separated by semicolons, commas or tabs (whichever the heading line uses most); quoted fields.
* XLSX: the first worksheet, read in openpyxl's read-only mode (it streams the sheet).
* Empty lines are skipped. A file over ``max_bytes()`` or with more than ``max_rows()`` people
  is refused as a whole before a single row is planned, and so is a file that is not what its
  name says (``core.uploads.upload_check`` reads the content, not the name).

A refused file raises ``ValidationError`` with one Danish message for the upload field.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import uploads
from organisations.models import PersonImportFormat

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB
DEFAULT_MAX_ROWS = 20_000

# The canonical field names (also the API's keys) and the headings that mean them, written as
# ``heading_key`` leaves them: lower case, letters and digits only ("E-mail" → "email").
HEADINGS: dict[str, tuple[str, ...]] = {
    "email": ("email", "emailadresse", "mail", "mailadresse", "emailaddress"),
    "name": ("navn", "name", "fuldtnavn", "fulltnavn", "fullname"),
    "first_name": ("fornavn", "firstname", "givenname"),
    "last_name": ("efternavn", "lastname", "surname", "familyname"),
    "employee_number": (
        "medarbejdernummer",
        "medarbejdernr",
        "mednr",
        "employeenumber",
        "employeeno",
        "employeeid",
    ),
    "department": ("afdeling", "afdelingsnummer", "afdelingsnr", "department", "departmentnumber"),
    "job_function": ("funktion", "jobfunktion", "jobfunction", "function"),
    "manager_email": (
        "ledersemail",
        "ledersmail",
        "leder",
        "nærmesteleder",
        "manageremail",
        "manager",
    ),
    "roles": ("roller", "rolle", "roles", "role"),
}
_HEADING_FIELD = {alias: name for name, aliases in HEADINGS.items() for alias in aliases}

# The Danish heading for each field, as the template and the error report write them.
DANISH_HEADINGS = {
    "email": "e-mail",
    "first_name": "fornavn",
    "last_name": "efternavn",
    "name": "navn",
    "employee_number": "medarbejdernummer",
    "department": "afdeling",
    "job_function": "funktion",
    "manager_email": "leders e-mail",
    "roles": "roller",
}

# How the pages name the fields (the row form, the preview's changes, the report).
FIELD_LABELS = {
    "email": gettext_lazy("E-mail"),
    "name": gettext_lazy("Navn"),
    "first_name": gettext_lazy("Fornavn"),
    "last_name": gettext_lazy("Efternavn"),
    "employee_number": gettext_lazy("Medarbejdernummer"),
    "department": gettext_lazy("Afdeling"),
    "job_function": gettext_lazy("Funktion"),
    "manager_email": gettext_lazy("Leders e-mail"),
    "roles": gettext_lazy("Roller"),
    "is_active": gettext_lazy("Aktiv"),
}


def max_bytes() -> int:
    """The largest file accepted (``settings.PEOPLE_IMPORT_MAX_BYTES``, read at call time)."""
    return int(getattr(settings, "PEOPLE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    """The most people one file may hold (``settings.PEOPLE_IMPORT_MAX_ROWS``)."""
    return int(getattr(settings, "PEOPLE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


@dataclass(frozen=True)
class ParsedRow:
    """One person's line: its line number in the file and the known columns' texts."""

    row_number: int
    values: dict[str, str]


@dataclass
class ParsedFile:
    file_format: str
    columns: list[str]  # canonical names of the known columns, in file order
    ignored_columns: list[str] = field(default_factory=list)  # headings as written
    rows: list[ParsedRow] = field(default_factory=list)


def heading_key(heading: str) -> str:
    """A heading as compared: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-zæøåäöü]", "", heading.strip().lower())


def refuse(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError(message, code=code)


# --- The file as a whole ----------------------------------------------------------------


def parse_upload(file: IO[bytes]) -> ParsedFile:
    """The people in an uploaded CSV or XLSX file; ``ValidationError`` (Danish) refuses it."""
    size = uploads._size(file)
    if size > max_bytes():
        raise refuse(
            _("Filen er for stor (%(size)s MB). Den må højst fylde %(limit)s MB.")
            % {"size": f"{size / MB:.1f}".replace(".", ","), "limit": max_bytes() // MB},
            "too_large",
        )
    try:
        kind = uploads.upload_check(file, kinds=(uploads.CSV, uploads.XLSX))
    except ValidationError as error:
        raise refuse(
            _("Filen kan ikke indlæses: %(reason)s Brug en CSV- eller Excel-fil (.xlsx).")
            % {"reason": " ".join(error.messages)},
            "wrong_type",
        ) from None
    file.seek(0)
    if kind is uploads.XLSX:
        return _from_lines(PersonImportFormat.XLSX, _xlsx_lines(file))
    return _from_lines(PersonImportFormat.CSV, _csv_lines(file.read()))


def _from_lines(file_format: str, lines: Iterator[tuple[int, list[str]]]) -> ParsedFile:
    """Headings from the first non-empty line, then one ``ParsedRow`` per non-empty line."""
    header = next(((n, cells) for n, cells in lines if any(cells)), None)
    if header is None:
        raise refuse(_("Filen indeholder ingen rækker."), "empty")
    parsed = ParsedFile(file_format=file_format, columns=[])
    positions = _positions(header[1], parsed)
    limit = max_rows()
    for number, cells in lines:
        if not any(cells):
            continue  # empty lines (and lines of empty cells) are skipped
        if len(parsed.rows) >= limit:
            raise refuse(
                _(
                    "Filen har mere end %(limit)s personer. Del den op i filer med højst "
                    "%(limit)s personer hver, og indlæs dem én ad gangen."
                )
                % {"limit": f"{limit:,}".replace(",", ".")},
                "too_many_rows",
            )
        values = {name: cells[i] if i < len(cells) else "" for name, i in positions.items()}
        parsed.rows.append(ParsedRow(row_number=number, values=values))
    if not parsed.rows:
        raise refuse(_("Filen har overskrifter, men ingen personer."), "empty")
    return parsed


def _positions(headings: list[str], parsed: ParsedFile) -> dict[str, int]:
    """Which column holds which field; refuses a file without an e-mail column or with a field
    given twice."""
    positions: dict[str, int] = {}
    for index, heading in enumerate(headings):
        name = _HEADING_FIELD.get(heading_key(heading))
        if name is None:
            if heading.strip():
                parsed.ignored_columns.append(heading.strip())
            continue
        if name in positions:
            raise refuse(
                _("Kolonnen “%(heading)s” står to gange i filen. Fjern den ene.")
                % {"heading": heading.strip()},
                "duplicate_column",
            )
        positions[name] = index
        parsed.columns.append(name)
    if "email" not in positions:
        raise refuse(
            _(
                "Filen mangler en kolonne med e-mailadresser. Første linje skal være "
                "overskrifter, fx: e-mail; fornavn; efternavn; medarbejdernummer; afdeling; "
                "funktion; leders e-mail; roller."
            ),
            "no_email_column",
        )
    return positions


# --- CSV ------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (a byte-order mark is dropped), else Windows-1252 — what a Danish Excel writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise refuse(
            _("Filens tegn kan ikke læses. Gem den som CSV (UTF-8) eller som Excel-fil (.xlsx)."),
            "encoding",
        ) from None


def delimiter(text: str) -> str:
    """The separator the heading line uses most: semicolon (Danish Excel), comma or tab."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _csv_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    line = 1
    try:
        for cells in reader:
            yield line, [cell.strip() for cell in cells]
            line = reader.line_num + 1  # a quoted cell may span lines: the next record's first
    except csv.Error as error:
        raise refuse(
            _("Linje %(line)s kan ikke læses som CSV (%(reason)s).")
            % {"line": line, "reason": str(error)},
            "bad_csv",
        ) from None


# --- XLSX -----------------------------------------------------------------------------------


# A damaged workbook fails wherever openpyxl's zip and XML parsers (defusedxml) happen to
# notice: a bad zip, a missing part, an XML syntax error, a forbidden entity, a wrong value.
BROKEN_XLSX = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError)


def _xlsx_lines(file: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (*BROKEN_XLSX, InvalidFileException) as error:
        raise _broken_xlsx() from error
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in row]
    except BROKEN_XLSX as error:
        raise _broken_xlsx() from error
    finally:
        workbook.close()


def _broken_xlsx() -> ValidationError:
    return refuse(
        _("Excel-filen kan ikke læses. Åbn den i Excel, og gem den igen som .xlsx."), "bad_xlsx"
    )


def cell_text(value: Any) -> str:
    """A cell as text: 1234.0 (Excel's number for an employee number) reads "1234"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def split_list(value: object) -> list[str]:
    """Roles as a list: a list stays one, a text is split at commas and semicolons."""
    if isinstance(value, list | tuple):
        items: Iterable[object] = value
    else:
        items = re.split(r"[,;]", str(value or ""))
    return [text for text in (str(item).strip() for item in items) if text]
