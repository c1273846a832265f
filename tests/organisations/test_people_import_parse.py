"""Reading HR files: CSV dialects and encodings, XLSX, headings, and files refused as a whole."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.people_import import parse
from tests.organisations.people_import_support import csv_upload, xlsx_bytes, xlsx_upload


def refusal(upload: SimpleUploadedFile) -> str:
    with pytest.raises(ValidationError) as caught:
        parse.parse_upload(upload)
    return " ".join(caught.value.messages)


class TestCsv:
    def test_it_reads_semicolons_with_a_bom_and_danish_headings(self):
        upload = csv_upload(
            "E-mail;Fornavn;Efternavn;Medarbejdernr.;Afdeling\nåse@fjordbo.example;Åse;Ørum;7;101\n",
            bom=True,
        )
        parsed = parse.parse_upload(upload)
        assert parsed.columns == [
            "email",
            "first_name",
            "last_name",
            "employee_number",
            "department",
        ]
        assert parsed.rows[0].values["first_name"] == "Åse"
        assert parsed.rows[0].row_number == 2

    def test_it_reads_commas_and_english_headings_in_any_order_and_case(self):
        upload = csv_upload(
            "Employee Number , NAME,EMAIL , Manager E-mail\n42,Bo Ek,bo@x.example,lea@x.example\n"
        )
        parsed = parse.parse_upload(upload)
        assert parsed.columns == ["employee_number", "name", "email", "manager_email"]
        assert parsed.rows[0].values == {
            "employee_number": "42",
            "name": "Bo Ek",
            "email": "bo@x.example",
            "manager_email": "lea@x.example",
        }

    def test_it_falls_back_to_windows_1252(self):
        upload = csv_upload("e-mail;navn\nsøren@x.example;Søren Æbelø\n", encoding="cp1252")
        parsed = parse.parse_upload(upload)
        assert parsed.rows[0].values["name"] == "Søren Æbelø"

    def test_quoted_fields_keep_separators_and_line_breaks(self):
        upload = csv_upload(
            'e-mail;navn;roller\na@x.example;"Hansen; Anne";"leder; HR"\n'
            'b@x.example;"Line\nBreak";medarbejder\nc@x.example;C;\n'
        )
        parsed = parse.parse_upload(upload)
        assert [r.values["name"] for r in parsed.rows] == ["Hansen; Anne", "Line\nBreak", "C"]
        assert parsed.rows[0].values["roles"] == "leder; HR"
        assert [r.row_number for r in parsed.rows] == [2, 3, 5]

    def test_empty_lines_are_skipped(self):
        upload = csv_upload("\n\ne-mail;navn\n\na@x.example;A\n;\n\nb@x.example;B\n")
        parsed = parse.parse_upload(upload)
        assert [r.values["email"] for r in parsed.rows] == ["a@x.example", "b@x.example"]

    def test_unknown_columns_are_ignored_but_reported(self):
        upload = csv_upload("e-mail;Lønramme;Telefon\na@x.example;32;12345678\n")
        parsed = parse.parse_upload(upload)
        assert parsed.ignored_columns == ["Lønramme", "Telefon"]
        assert parsed.rows[0].values == {"email": "a@x.example"}

    def test_a_short_line_has_empty_cells(self):
        parsed = parse.parse_upload(csv_upload("e-mail;navn;afdeling\na@x.example\n"))
        assert parsed.rows[0].values == {"email": "a@x.example", "name": "", "department": ""}


class TestXlsx:
    def test_it_reads_the_first_sheet_and_numbers_as_text(self):
        upload = xlsx_upload(
            [
                ["E-mail", "Fornavn", "Medarbejdernummer", "Afdeling"],
                ["a@x.example", "Anne", 1001, 101.0],
                [None, None, None, None],
                ["b@x.example", "Bo", "0042", "Sølyst"],
            ]
        )
        parsed = parse.parse_upload(upload)
        assert parsed.file_format == "xlsx"
        assert [r.values for r in parsed.rows] == [
            {
                "email": "a@x.example",
                "first_name": "Anne",
                "employee_number": "1001",
                "department": "101",
            },
            {
                "email": "b@x.example",
                "first_name": "Bo",
                "employee_number": "0042",
                "department": "Sølyst",
            },
        ]
        assert [r.row_number for r in parsed.rows] == [2, 4]


class TestRefusedAsAWhole:
    def test_a_file_without_an_email_column(self):
        assert "mangler en kolonne med e-mailadresser" in refusal(
            csv_upload("navn;afdeling\nA;101\n")
        )

    def test_a_column_given_twice(self):
        assert "står to gange" in refusal(csv_upload("e-mail;E-mail\na@x.example;b@x.example\n"))

    def test_an_empty_file(self):
        assert "tom" in refusal(csv_upload(""))

    def test_headings_without_people(self):
        assert "ingen personer" in refusal(csv_upload("e-mail;navn\n\n"))

    def test_an_xlsx_named_csv(self):
        upload = SimpleUploadedFile("personer.csv", xlsx_bytes([["e-mail"], ["a@x.example"]]))
        message = refusal(upload)
        assert "Excel" in message and ".xlsx" in message

    def test_a_zip_named_csv(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("personer.csv", "e-mail\na@x.example\n")
        message = refusal(SimpleUploadedFile("personer.csv", buffer.getvalue()))
        assert "Filen kan ikke indlæses" in message
        assert "CSV- eller Excel-fil" in message

    def test_a_pdf_named_xlsx(self):
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        message = refusal(SimpleUploadedFile("personer.xlsx", pdf))
        assert "ikke en Excel" in message

    def test_html_named_csv(self):
        message = refusal(csv_upload("<html><body>e-mail</body></html>"))
        assert "Filen kan ikke indlæses" in message

    def test_a_file_too_large(self, settings):
        settings.PEOPLE_IMPORT_MAX_BYTES = 100
        message = refusal(csv_upload("e-mail\n" + "a@x.example\n" * 20))
        assert "for stor" in message

    def test_100000_rows_are_refused_before_anything_is_planned(self):
        lines = "".join(f"p{i}@x.example;P {i}\n" for i in range(100_000))
        message = refusal(csv_upload("e-mail;navn\n" + lines))
        assert "mere end 20.000 personer" in message

    def test_the_row_limit_is_a_setting(self, settings):
        settings.PEOPLE_IMPORT_MAX_ROWS = 3
        assert "mere end 3 personer" in refusal(
            csv_upload("e-mail\na@x.dk\nb@x.dk\nc@x.dk\nd@x.dk\n")
        )
        parsed = parse.parse_upload(csv_upload("e-mail\na@x.dk\nb@x.dk\nc@x.dk\n"))
        assert len(parsed.rows) == 3

    def test_undecodable_bytes(self):
        # 0x81 is undefined in Windows-1252 and invalid UTF-8.
        upload = SimpleUploadedFile("personer.csv", b"e-mail;navn\na@x.example;\x81\x8d\n")
        assert "tegn kan ikke læses" in refusal(upload)

    def test_an_xlsx_whose_sheet_is_broken(self):
        source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["e-mail"], ["a@x.example"]])))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as broken:
            for item in source.infolist():
                data = source.read(item)
                if item.filename.startswith("xl/worksheets/"):
                    data = b"<worksheet><sheetData><row><c"  # cut off mid-tag
                broken.writestr(item, data)
        message = refusal(SimpleUploadedFile("personer.xlsx", buffer.getvalue()))
        assert "Excel-filen kan ikke læses" in message


def test_roles_split_at_commas_and_semicolons():
    assert parse.split_list("leder; HR, ,medarbejder") == ["leder", "HR", "medarbejder"]
    assert parse.split_list(["hr", " leder "]) == ["hr", "leder"]
    assert parse.split_list(None) == []
