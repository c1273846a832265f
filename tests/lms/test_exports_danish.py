"""The cell rules every CSV and XLSX export follows, so that Danish Excel opens them right."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from core import exports
from tests.factories.organisations import totp_activate

WINTER_UTC = datetime.datetime(2027, 1, 15, 8, 0, tzinfo=datetime.UTC)  # 09:00 in Copenhagen
SUMMER_UTC = datetime.datetime(2027, 6, 15, 7, 30, tzinfo=datetime.UTC)  # 09:30 in Copenhagen


@pytest.mark.parametrize(
    "value,expected",
    [
        (WINTER_UTC, "2027-01-15 09:00"),
        (SUMMER_UTC, "2027-06-15 09:30"),
        (datetime.date(2027, 1, 15), "2027-01-15"),
        (Decimal("2900.00"), "2900,00"),
        (Decimal("-12.50"), "-12,50"),  # a number, not a formula to guard
        (7.5, "7,5"),
        (20, 20),
        (True, "Ja"),
        (False, "Nej"),
        (None, ""),
        (["a", "b"], "a, b"),
        ("=1+1", "'=1+1"),
        ("på Ærø", "på Ærø"),
    ],
)
def test_csv_value(value, expected):
    assert exports.csv_value(value) == expected


def test_our_csv_writer_writes_what_danish_excel_splits():
    out = io.StringIO()
    out.write(exports.BOM)
    writer = exports.csv_writer(out)
    writer.writerow(["Kursus", "Start", "Pris"])
    writer.writerow(["Drift; vedligehold", WINTER_UTC, Decimal("2900.00")])
    data = out.getvalue().encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Kursus", "Start", "Pris"],
        ["Drift; vedligehold", "2027-01-15 09:00", "2900,00"],
    ]


def test_xlsx_cells_are_typed_in_local_time():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Ark1")
    values = [WINTER_UTC, datetime.date(2027, 1, 15), Decimal("2900.00"), 3, "=1+1"]
    sheet.append([exports.xlsx_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    start, day, price, count, text = next(load_workbook(buffer).worksheets[0].iter_rows())
    assert start.is_date and start.value == datetime.datetime(2027, 1, 15, 9, 0)
    assert start.number_format == exports.XLSX_DATETIME
    assert day.is_date and day.value.date() == datetime.date(2027, 1, 15)
    assert price.data_type == "n" and price.value == 2900
    assert price.number_format == exports.XLSX_MONEY
    assert count.data_type == "n" and count.value == 3
    assert text.data_type == "s" and text.value == "=1+1"  # text, never a formula


def test_every_wagtail_export_uses_these_rules():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    assert SpreadsheetExportMixin.stream_csv is exports._stream_csv
    assert SpreadsheetExportMixin.preprocess_field_value is exports._preprocess_field_value
    assert SpreadsheetExportMixin.generate_xlsx_row is exports._generate_xlsx_row
    assert SpreadsheetExportMixin.write_xlsx is exports._write_xlsx
    assert SpreadsheetExportMixin.write_csv_response is exports._write_csv_response


@pytest.mark.django_db
def test_a_choice_is_exported_as_its_label(client):
    """The organisations listing exports "kind": a Danish label, not the stored "housing"."""

    from organisations import services as org_services

    org_services.organisation_create(name="Fjordbo", kind="housing", cvr="12345678")
    admin = org_services.user_create(email="root@net.example", password="Korrekt-Hest-Batteri-9")
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    totp_activate(admin)
    client.force_login(admin)
    response = client.get("/admin/organisationer/?export=csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(content), delimiter=";") for cell in row]
    assert "Fjordbo" in cells and "housing" not in cells
