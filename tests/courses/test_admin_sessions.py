"""The providers' sessions admin: scoping, the form, participants, attendance, exports, evaluations.

Sofie edits for Almen Akademi, Jonas for ByggeLæring, Maria is a network editor. Jonas must meet
a 404 wherever he reaches for one of Almen Akademi's sessions, and nothing of hers may change.
"""

import codecs
import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import (
    Certificate,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    SessionStatus,
)
from organisations import services as org_services
from organisations.models import User
from tests.courses.conftest import make_course

S = EnrolmentStatus
# The fixed cost of any admin page: login session, user, memberships, TOTP, two permission
# lookups, Wagtail's user profile, and five reads for the admin menu.
ADMIN_PAGE_QUERIES = 11  # the two-factor gate's TOTP check rides on the memberships query
PARTICIPANT_LIST_QUERIES = ADMIN_PAGE_QUERIES + 3  # the session (scope check), count, participants
SESSION_LIST_QUERIES = ADMIN_PAGE_QUERIES + 3  # paginator count, the sessions, course filter


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


def make_session(course, *, days=30, **fields):
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=days)
    values = {
        "starts_at": start,
        "ends_at": start + timedelta(hours=7),
        "address": "Studiestræde 1",
        "postcode": "1455",
        "city": "København K",
        "region": "hovedstaden",
        "capacity": 20,
        "price": Decimal("2500"),
        "registration_deadline": start - timedelta(days=7),
        "cancellation_deadline": start - timedelta(days=7),
        "status": SessionStatus.OPEN,
    }
    values.update(fields)
    return services.session_create(course=course, **values)


def form_data(course, session=None, **overrides):
    """The admin form's POST data: a valid session one month ahead, or ``session``'s values."""
    if session is not None:
        start, end = session.starts_at, session.ends_at
        data = {
            "capacity": session.capacity,
            "price": session.price,
            "status": session.status,
            "registration_deadline": local(session.registration_deadline),
            "cancellation_deadline": local(session.cancellation_deadline),
        }
    else:
        start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=30)
        end = start + timedelta(hours=7)
        data = {
            "capacity": "20",
            "price": "2500",
            "status": "open",
            "registration_deadline": local(start - timedelta(days=7)),
            "cancellation_deadline": local(start - timedelta(days=7)),
        }
    data.update(
        {
            "course": course.pk,
            "starts_at": local(start),
            "ends_at": local(end),
            "address": "Studiestræde 1",
            "postcode": "1455",
            "city": "København K",
            "region": "hovedstaden",
            "language": "da",
            "teachers": "Anne Underviser",
            "online_url": "",
        }
    )
    data.update(overrides)
    return data


def enrol_many(session, count, status=S.BOOKED, organisation=None):
    """``count`` learners enrolled in ``session``, created in bulk (then the session's counters
    are recounted, as the scale generator does after its bulk inserts)."""
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(
            email=f"deltager{start + n}@example.dk",
            first_name="Deltager",
            last_name=str(start + n),
            password="!",
        )
        for n in range(count)
    )
    now = timezone.now()
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            user=user,
            course=session.course,
            session=session,
            organisation=organisation,
            status=status,
            waitlisted_at=now + timedelta(seconds=n) if status == S.WAITLISTED else None,
        )
        for n, user in enumerate(users)
    )
    services.session_counts_refresh(session_id=session.pk)
    return enrolments


def csv_rows(response):
    """The CSV as a Danish Excel reads it: UTF-8 with a BOM, semicolons between cells."""
    content = b"".join(response.streaming_content)
    assert content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def akademi_course(akademi):
    return make_course(akademi, title="Akademiets kursus")


@pytest.fixture
def bygge_course(byggelaering):
    return make_course(byggelaering, guide="A1", title="Byggelæringens kursus")


@pytest.fixture
def akademi_session(akademi_course):
    return make_session(akademi_course)


@pytest.fixture
def boligselskab(catalogue):
    return org_services.organisation_create(name="Boligselskabet Fjord", kind="housing")


@pytest.mark.django_db
class TestCreate:
    def test_an_editor_creates_a_session_for_her_own_course(self, client, sofie, akademi_course):
        client.force_login(sofie)
        response = client.post(reverse("hold:add"), form_data(akademi_course))
        assert response.status_code == 302, response.context["form"].errors
        session = CourseSession.objects.get()
        assert session.provider.name == "Almen Akademi"
        assert session.course_id == akademi_course.pk
        assert session.capacity == 20
        assert session.status == SessionStatus.OPEN

    def test_another_providers_course_is_not_a_valid_choice(
        self, client, jonas, akademi_course, bygge_course
    ):
        client.force_login(jonas)
        response = client.post(reverse("hold:add"), form_data(akademi_course))
        assert response.status_code == 200
        assert "Vælg et gyldigt valg" in response.context["form"].errors["course"][0]
        assert not CourseSession.objects.exists()
        options = response.context["form"].fields["course"].queryset
        assert list(options) == [bygge_course]

    def test_a_network_editor_may_create_for_any_provider(
        self, client, maria, akademi_course, bygge_course
    ):
        client.force_login(maria)
        assert client.post(reverse("hold:add"), form_data(bygge_course)).status_code == 302
        assert CourseSession.objects.get().provider.name == "ByggeLæring"

    @pytest.mark.parametrize(
        "field,value,message",
        [
            ("ends_at", "past", "Slut skal ligge efter start."),
            ("price", "-100", "Prisen kan ikke være negativ."),
            ("capacity", "-3", "Et hold skal have mindst én plads."),
            ("capacity", "0", "Et hold skal have mindst én plads."),
            ("registration_deadline", "after", "Tilmeldingsfristen skal ligge før start."),
            ("cancellation_deadline", "after", "Afmeldingsfristen skal ligge før start."),
            ("address", "", "Angiv adresse og region for et hold med fremmøde."),
        ],
    )
    def test_bad_input_is_refused_beside_the_field(
        self, client, sofie, akademi_course, field, value, message
    ):
        data = form_data(akademi_course)
        start = timezone.now() + timedelta(days=30)
        if value == "past":
            value = local(start - timedelta(days=1))
        elif value == "after":
            value = local(start + timedelta(days=1))
        data[field] = value
        client.force_login(sofie)
        response = client.post(reverse("hold:add"), data)
        assert response.status_code == 200
        assert response.context["form"].errors[field] == [message]
        assert message in response.content.decode()
        assert not CourseSession.objects.exists()


@pytest.mark.django_db
class TestEdit:
    def test_the_editor_changes_her_session_through_the_service(
        self, client, sofie, akademi_session
    ):
        client.force_login(sofie)
        url = reverse("hold:edit", args=[akademi_session.pk])
        data = form_data(akademi_session.course, akademi_session, city="Aarhus C")
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        akademi_session.refresh_from_db()
        assert akademi_session.city == "Aarhus C"
        assert akademi_session.sequence == 1  # a change of place raises the calendar SEQUENCE

    def test_capacity_below_the_booked_count_is_refused_beside_the_field(
        self, client, sofie, akademi_session
    ):
        enrol_many(akademi_session, 3)
        client.force_login(sofie)
        url = reverse("hold:edit", args=[akademi_session.pk])
        response = client.post(url, form_data(akademi_session.course, akademi_session, capacity=2))
        assert response.status_code == 200
        assert response.context["form"].errors["capacity"] == [
            "Der er allerede 3 bookede deltagere; antallet af pladser kan ikke være lavere."
        ]
        akademi_session.refresh_from_db()
        assert akademi_session.capacity == 20

    def test_a_larger_capacity_books_from_the_waitlist(self, client, sofie, akademi_course):
        session = make_session(akademi_course, capacity=2)
        enrol_many(session, 2)
        waiting = enrol_many(session, 2, status=S.WAITLISTED)
        client.force_login(sofie)
        url = reverse("hold:edit", args=[session.pk])
        response = client.post(url, form_data(akademi_course, session, capacity=3))
        assert response.status_code == 302, response.context["form"].errors
        statuses = dict(Enrolment.objects.filter(session=session).values_list("pk", "status"))
        assert statuses[waiting[0].pk] == S.BOOKED
        assert statuses[waiting[1].pk] == S.WAITLISTED

    def test_the_course_of_a_session_cannot_be_changed(
        self, client, maria, akademi_session, bygge_course
    ):
        client.force_login(maria)
        url = reverse("hold:edit", args=[akademi_session.pk])
        data = form_data(bygge_course, akademi_session)
        assert client.post(url, data).status_code == 302
        akademi_session.refresh_from_db()
        assert akademi_session.course_id != bygge_course.pk
        assert akademi_session.provider.name == "Almen Akademi"


@pytest.mark.django_db
class TestOwnSession:
    @pytest.mark.parametrize(
        "name",
        [
            "edit",
            "delete",
            "inspect",
            "history",
            "usage",
            "participants",
            "participants_results",
            "cancel",
        ],
    )
    def test_every_view_of_it_renders(self, client, sofie, maria, akademi_session, name):
        enrolment = enrol_many(akademi_session, 1)[0] if name != "delete" else None
        url = reverse(f"hold:{name}", args=[akademi_session.pk])
        for user in (sofie, maria):
            client.force_login(user)
            assert client.get(url).status_code == 200, user
        if enrolment:
            for action in ("enrolment_cancel", "enrolment_not_passed"):
                url = reverse(f"hold:{action}", args=[akademi_session.pk, enrolment.pk])
                assert client.get(url).status_code == 200

    def test_the_listing_and_the_form_render(self, client, sofie, akademi_session):
        client.force_login(sofie)
        assert "Akademiets kursus" in client.get(reverse("hold:index")).content.decode()
        assert client.get(reverse("hold:add")).status_code == 200
        assert client.get(reverse("evalueringer:index")).status_code == 200


@pytest.mark.django_db
class TestAnotherProvidersSession:
    """Jonas (ByggeLæring) reaches for Almen Akademi's session: every door is a 404."""

    @pytest.fixture
    def enrolment(self, akademi_session):
        return enrol_many(akademi_session, 1)[0]

    @pytest.mark.parametrize(
        "name",
        ["edit", "delete", "inspect", "history", "usage", "participants", "cancel"],
    )
    def test_every_view_of_it_is_a_404(self, client, jonas, akademi_session, name):
        client.force_login(jonas)
        url = reverse(f"hold:{name}", args=[akademi_session.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "Overtaget"}).status_code == 404
        akademi_session.refresh_from_db()
        assert akademi_session.status == SessionStatus.OPEN

    def test_its_participant_export_is_a_404(self, client, jonas, akademi_session, enrolment):
        client.force_login(jonas)
        url = reverse("hold:participants", args=[akademi_session.pk])
        assert client.get(url, {"export": "csv"}).status_code == 404
        assert client.get(url, {"export": "xlsx"}).status_code == 404

    def test_attendance_and_enrolment_actions_are_404(
        self, client, jonas, akademi_session, enrolment
    ):
        client.force_login(jonas)
        attendance = reverse("hold:attendance", args=[akademi_session.pk])
        assert client.post(attendance, {"row": f"{enrolment.pk}:attended"}).status_code == 404
        for name in ("enrolment_cancel", "enrolment_not_passed"):
            url = reverse(f"hold:{name}", args=[akademi_session.pk, enrolment.pk])
            assert client.post(url, {"reason": "Nej"}).status_code == 404
        enrolment.refresh_from_db()
        assert enrolment.status == S.BOOKED

    def test_an_edit_post_changes_nothing(self, client, jonas, akademi_session):
        client.force_login(jonas)
        url = reverse("hold:edit", args=[akademi_session.pk])
        data = form_data(akademi_session.course, akademi_session, capacity=99)
        assert client.post(url, data).status_code == 404
        akademi_session.refresh_from_db()
        assert akademi_session.capacity == 20

    def test_an_enrolment_of_another_session_is_a_404_under_his_own(
        self, client, jonas, bygge_course, enrolment
    ):
        own = make_session(bygge_course)
        client.force_login(jonas)
        url = reverse("hold:enrolment_cancel", args=[own.pk, enrolment.pk])
        assert client.post(url, {"reason": "Nej"}).status_code == 404
        attendance = reverse("hold:attendance", args=[own.pk])
        assert client.post(attendance, {"row": f"{enrolment.pk}:attended"}).status_code == 404


@pytest.mark.django_db
class TestListing:
    def test_an_editor_lists_and_exports_only_her_providers_sessions(
        self, client, sofie, akademi_course, bygge_course
    ):
        make_session(akademi_course)
        make_session(bygge_course)
        client.force_login(sofie)
        response = client.get(reverse("hold:index"))
        assert [s.course.title for s in response.context["object_list"]] == ["Akademiets kursus"]
        rows = csv_rows(client.get(reverse("hold:index"), {"export": "csv"}))
        assert rows[0][:2] == ["Kursus", "Kursusudbyder"]
        assert [row[:2] for row in rows[1:]] == [["Akademiets kursus", "Almen Akademi"]]

    def test_a_network_editor_sees_every_provider(
        self, client, maria, akademi_course, bygge_course
    ):
        make_session(akademi_course)
        make_session(bygge_course)
        client.force_login(maria)
        rows = csv_rows(client.get(reverse("hold:index"), {"export": "csv"}))
        assert sorted(row[1] for row in rows[1:]) == ["Almen Akademi", "ByggeLæring"]

    def test_filters_upcoming_and_past(self, client, sofie, akademi_course):
        make_session(akademi_course, days=10)
        past = make_session(akademi_course, days=-10)
        client.force_login(sofie)
        response = client.get(reverse("hold:index"), {"when": "past"})
        assert list(response.context["object_list"]) == [past]

    def test_the_listing_shows_seat_counts(self, client, sofie, akademi_course):
        session = make_session(akademi_course, capacity=2)
        enrol_many(session, 2)
        enrol_many(session, 1, status=S.WAITLISTED)
        enrol_many(session, 1, status=S.AWAITING_APPROVAL)
        client.force_login(sofie)
        rows = csv_rows(client.get(reverse("hold:index"), {"export": "csv"}))
        headings = rows[0]
        row = dict(zip(headings, rows[1], strict=True))
        seats = (row["Pladser"], row["Booket"], row["Afventer godkendelse"], row["Venteliste"])
        assert seats == ("2", "2", "1", "1")

    @pytest.mark.parametrize("count", [2, 20])
    def test_the_query_count_does_not_grow_with_sessions(
        self, client, sofie, akademi_course, django_assert_num_queries, count
    ):
        for days in range(count):
            enrol_many(make_session(akademi_course, days=days + 1), 2)
        client.force_login(sofie)
        url = reverse("hold:index")
        client.get(url)  # warm up per-process caches (content types, site root)
        with django_assert_num_queries(SESSION_LIST_QUERIES):
            response = client.get(url)
        assert response.status_code == 200


def january_session(course, **fields):
    """09:00–16:00 in Copenhagen on 15 January next year: 08:00 UTC, the time Wagtail wrote."""
    year = timezone.now().year + 1
    start = datetime(year, 1, 15, 8, 0, tzinfo=UTC)
    return make_session(
        course,
        starts_at=start,
        ends_at=start + timedelta(hours=7),
        registration_deadline=start - timedelta(days=7),
        cancellation_deadline=start - timedelta(days=7),
        price=Decimal("2900.00"),
        address="Byggepladsen på Ærøvej 1",
        **fields,
    )


def xlsx_rows(response):
    """Header and rows of the first sheet, as cells (openpyxl reads the workbook)."""
    from openpyxl import load_workbook

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    rows = list(sheet.iter_rows())
    headings = [cell.value for cell in rows[0]]
    return [dict(zip(headings, row, strict=True)) for row in rows[1:]]


@pytest.mark.django_db
class TestExportsOpenInDanishExcel:
    """The listings' CSV and XLSX as a Danish spreadsheet reads them (issue 18, fault 13)."""

    def test_the_session_csv_has_local_times_decimal_commas_and_danish_letters(
        self, client, sofie, akademi_course
    ):
        january_session(akademi_course)
        client.force_login(sofie)
        response = client.get(reverse("hold:index"), {"export": "csv"})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        headings, *rows = csv_rows(response)
        [row] = [dict(zip(headings, cells, strict=True)) for cells in rows]
        year = timezone.now().year + 1
        assert row["Start"] == f"{year}-01-15 09:00"  # Copenhagen, not UTC, no offset
        assert row["Slut"] == f"{year}-01-15 16:00"
        assert row["Pris (kr.)"] == "2900,00"
        assert row["Sted"].startswith("Byggepladsen på Ærøvej 1")
        assert row["Status"] == "Åben for tilmelding"

    def test_the_session_xlsx_has_date_and_number_cells(self, client, sofie, akademi_course):
        january_session(akademi_course)
        client.force_login(sofie)
        [row] = xlsx_rows(client.get(reverse("hold:index"), {"export": "xlsx"}))
        start = row["Start"]
        assert start.is_date and start.value == datetime(timezone.now().year + 1, 1, 15, 9, 0)
        assert start.value.tzinfo is None
        price = row["Pris (kr.)"]
        assert price.data_type == "n" and price.value == 2900
        assert price.number_format == "#,##0.00"
        assert row["Pladser"].data_type == "n" and row["Pladser"].value == 20

    def test_the_participants_booking_date_is_a_date(self, client, sofie, akademi_course):
        session = january_session(akademi_course)
        [enrolment] = enrol_many(session, 1)
        client.force_login(sofie)
        url = reverse("hold:participants", args=[session.pk])
        local_booked = timezone.localtime(enrolment.created_at).replace(tzinfo=None)

        [row] = xlsx_rows(client.get(url, {"export": "xlsx"}))
        assert row["Tilmeldt"].is_date and row["Tilmeldt"].value.tzinfo is None
        assert abs(row["Tilmeldt"].value - local_booked) < timedelta(seconds=1)
        rows = csv_rows(client.get(url, {"export": "csv"}))
        booked = dict(zip(rows[0], rows[1], strict=True))["Tilmeldt"]
        assert booked == local_booked.strftime("%Y-%m-%d %H:%M")


@pytest.mark.django_db
class TestParticipants:
    def test_the_list_shows_name_email_organisation_status_and_waitlist_order(
        self, client, sofie, akademi_course, boligselskab
    ):
        session = make_session(akademi_course, capacity=1)
        enrol_many(session, 1, organisation=boligselskab)
        enrol_many(session, 2, status=S.WAITLISTED)
        client.force_login(sofie)
        url = reverse("hold:participants", args=[session.pk])
        content = client.get(url).content.decode()
        assert "Boligselskabet Fjord" in content
        assert "Markér valgte som mødt" in content
        rows = csv_rows(client.get(url, {"export": "csv"}))
        assert rows[0] == [
            "Navn",
            "E-mail",
            "Organisation",
            "Status",
            "Nr. på venteliste",
            "Tilmeldt",
        ]
        waitlist = [(row[3], row[4]) for row in rows[1:] if row[3] == "På venteliste"]
        assert waitlist == [("På venteliste", "1"), ("På venteliste", "2")]
        assert ["Booket", ""] in [row[3:5] for row in rows[1:]]

    def test_the_status_filter_narrows_the_list_and_the_export(self, client, sofie, akademi_course):
        session = make_session(akademi_course, capacity=2)
        enrol_many(session, 2)
        enrol_many(session, 3, status=S.WAITLISTED)
        client.force_login(sofie)
        url = reverse("hold:participants", args=[session.pk])
        response = client.get(url, {"status": "waitlisted"})
        assert len(response.context["object_list"]) == 3
        rows = csv_rows(client.get(url, {"status": "waitlisted", "export": "csv"}))
        assert [row[4] for row in rows[1:]] == ["1", "2", "3"]

    def test_xlsx_export(self, client, sofie, akademi_session):
        enrol_many(akademi_session, 2)
        client.force_login(sofie)
        url = reverse("hold:participants", args=[akademi_session.pk])
        response = client.get(url, {"export": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")

    @pytest.mark.parametrize("count", [10, 500])
    def test_the_query_count_does_not_grow_with_participants(
        self, client, sofie, akademi_course, django_assert_num_queries, count
    ):
        session = make_session(akademi_course, capacity=600)
        enrol_many(session, count - 5)
        enrol_many(session, 5, status=S.WAITLISTED)
        client.force_login(sofie)
        url = reverse("hold:participants", args=[session.pk])
        client.get(url)  # warm up per-process caches (content types, site root)
        with django_assert_num_queries(PARTICIPANT_LIST_QUERIES):
            response = client.get(url)
        assert len(response.context["object_list"]) == min(count, 100)  # pages of 100
        assert response.context["paginator"].count == count


@pytest.mark.django_db
class TestAttendance:
    @pytest.fixture
    def held_session(self, akademi_course):
        return make_session(akademi_course, days=-2)

    def test_bulk_attendance_marks_attended_and_completes(self, client, sofie, held_session):
        enrolments = enrol_many(held_session, 3)
        client.force_login(sofie)
        url = reverse("hold:attendance", args=[held_session.pk])
        chosen = [e.pk for e in enrolments[:2]]
        response = client.post(url, {"enrolment": chosen, "bulk": "attended"})
        assert response.status_code == 302
        assert response["Location"] == reverse("hold:participants", args=[held_session.pk])
        statuses = dict(Enrolment.objects.values_list("pk", "status"))
        # The default rule asks only for attendance, so attending completes the course.
        assert [statuses[pk] for pk in chosen] == [S.COMPLETED, S.COMPLETED]
        assert statuses[enrolments[2].pk] == S.BOOKED
        assert Certificate.objects.filter(enrolment_id__in=chosen).count() == 2

    def test_one_participant_is_marked_absent(self, client, sofie, held_session):
        enrolment = enrol_many(held_session, 1)[0]
        client.force_login(sofie)
        url = reverse("hold:attendance", args=[held_session.pk])
        client.post(url, {"row": f"{enrolment.pk}:no_show"})
        enrolment.refresh_from_db()
        assert enrolment.status == S.NO_SHOW
        assert enrolment.events.get().actor == sofie

    def test_a_waitlisted_person_cannot_be_marked(self, client, sofie, held_session):
        enrolment = enrol_many(held_session, 1, status=S.WAITLISTED)[0]
        client.force_login(sofie)
        url = reverse("hold:attendance", args=[held_session.pk])
        response = client.post(url, {"row": f"{enrolment.pk}:attended"}, follow=True)
        assert "Fremmøde kan kun registreres for bookede deltagere." in response.content.decode()
        enrolment.refresh_from_db()
        assert enrolment.status == S.WAITLISTED

    def test_the_filter_is_kept_after_marking(self, client, sofie, held_session):
        enrolment = enrol_many(held_session, 1)[0]
        client.force_login(sofie)
        back = reverse("hold:participants", args=[held_session.pk]) + "?status=booked"
        url = reverse("hold:attendance", args=[held_session.pk])
        response = client.post(url, {"row": f"{enrolment.pk}:attended", "next": back})
        assert response["Location"] == back
        response = client.post(url, {"row": f"{enrolment.pk}:attended", "next": "https://ond.dk/"})
        assert response["Location"] == reverse("hold:participants", args=[held_session.pk])


@pytest.mark.django_db
class TestCancellation:
    def test_the_provider_cancels_the_session_with_a_reason(self, client, sofie, akademi_session):
        enrol_many(akademi_session, 2)
        enrol_many(akademi_session, 1, status=S.WAITLISTED)
        client.force_login(sofie)
        url = reverse("hold:cancel", args=[akademi_session.pk])
        assert "Aflys hold" in client.get(url).content.decode()
        response = client.post(url, {"reason": "Underviseren er syg."})
        assert response.status_code == 302
        akademi_session.refresh_from_db()
        assert akademi_session.status == SessionStatus.CANCELLED
        assert set(Enrolment.objects.values_list("status", flat=True)) == {S.CANCELLED}
        assert Enrolment.objects.first().events.last().reason == "Underviseren er syg."

    def test_a_reason_is_required(self, client, sofie, akademi_session):
        client.force_login(sofie)
        response = client.post(reverse("hold:cancel", args=[akademi_session.pk]), {"reason": ""})
        assert response.status_code == 200
        assert response.context["form"].errors["reason"] == [
            "Skriv en begrundelse, så deltagerne ved hvorfor."
        ]
        akademi_session.refresh_from_db()
        assert akademi_session.status == SessionStatus.OPEN

    def test_the_provider_cancels_one_enrolment_after_the_deadline(
        self, client, sofie, akademi_course
    ):
        start = timezone.now() + timedelta(days=2)
        session = make_session(
            akademi_course, capacity=1, cancellation_deadline=start - timedelta(days=5)
        )
        booked = enrol_many(session, 1)[0]
        waiting = enrol_many(session, 1, status=S.WAITLISTED)[0]
        client.force_login(sofie)
        url = reverse("hold:enrolment_cancel", args=[session.pk, booked.pk])
        response = client.post(url, {"reason": "Dobbeltbooket"})
        assert response.status_code == 302
        booked.refresh_from_db()
        waiting.refresh_from_db()
        assert (booked.status, waiting.status) == (S.CANCELLED, S.BOOKED)

    def test_a_session_with_enrolments_is_not_deleted(self, client, sofie, akademi_session):
        enrol_many(akademi_session, 1)
        client.force_login(sofie)
        response = client.post(reverse("hold:delete", args=[akademi_session.pk]))
        assert response.status_code == 302
        assert CourseSession.objects.filter(pk=akademi_session.pk).exists()

    def test_an_empty_session_may_be_deleted(self, client, sofie, akademi_session):
        client.force_login(sofie)
        response = client.post(reverse("hold:delete", args=[akademi_session.pk]))
        assert response.status_code == 302
        assert not CourseSession.objects.exists()


@pytest.mark.django_db
class TestEvaluations:
    @pytest.fixture
    def evaluations(self, akademi_course, bygge_course):
        for course, ratings in ((akademi_course, [4, 5]), (bygge_course, [2])):
            session = make_session(course, days=-3)
            enrolments = enrol_many(session, len(ratings), status=S.COMPLETED)
            Evaluation.objects.bulk_create(
                Evaluation(enrolment=e, rating=r, comment=f"Kommentar {r}")
                for e, r in zip(enrolments, ratings, strict=True)
            )

    def test_an_editor_sees_her_own_courses_averages(self, client, sofie, evaluations):
        client.force_login(sofie)
        response = client.get(reverse("evalueringer:index"))
        courses = {c.title: (c.rating_avg, c.rating_count) for c in response.context["courses"]}
        assert courses == {"Akademiets kursus": (4.5, 2)}
        assert "providers" not in response.context

    def test_a_network_editor_sees_every_provider(self, client, maria, evaluations):
        client.force_login(maria)
        response = client.get(reverse("evalueringer:index"))
        providers = {p["provider_name"]: p["rating_count"] for p in response.context["providers"]}
        assert providers == {"Almen Akademi": 2, "ByggeLæring": 1}

    def test_comments_are_readable_per_course_and_scoped(
        self, client, sofie, jonas, akademi_course, evaluations
    ):
        url = reverse("evalueringer:course", args=[akademi_course.pk])
        client.force_login(sofie)
        content = client.get(url).content.decode()
        assert "Kommentar 4" in content and "Kommentar 2" not in content
        client.force_login(jonas)
        assert client.get(url).status_code == 404
