"""Issue 18, fault 11 (courses): a confirmation step before booking, module progress only for
participants, the provider in the module breadcrumb, and demo sessions a provider would plan."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from courses import demo, services
from courses.models import Enrolment, ModuleProgress, QuizAttempt
from courses.models import EnrolmentStatus as S
from organisations import services as org_services
from tests.courses.conftest import make_course, make_learner, make_module, make_session


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def nordlys(db):
    return org_services.organisation_create(name="Nordlys", kind="housing", cvr="44444444")


@pytest.fixture
def ole(nordlys):
    """Staff of an organisation that books without approval."""
    return make_learner("ole@nordlys.example", nordlys, first_name="Ole")


@pytest.fixture
def pricey(akademi):
    course = make_course(akademi, "A2", "Helhedsplanlægning", price=Decimal("4200"))
    return course, make_session(course, price=Decimal("4200"), capacity=5)


@pytest.mark.django_db
class TestEnrolConfirmation:
    def test_tilmeld_on_the_course_page_books_nothing(self, client, ole, pricey):
        course, session = pricey
        client.force_login(ole)
        form = soup(client.get(course.url)).find("input", {"name": "session"}).find_parent("form")
        assert form["method"].lower() == "get"
        response = client.get(form["action"], {"session": session.pk})
        assert response.status_code == 200
        assert not Enrolment.objects.exists()

    def test_the_confirmation_shows_price_with_vat_dates_and_terms(self, client, ole, pricey):
        course, session = pricey
        client.force_login(ole)
        page = soup(client.get(reverse("enrol", args=[course.pk]), {"session": session.pk}))
        terms = page.find(attrs={"data-testid": "enrol-terms"}).get_text(" ", strip=True)
        assert "5.250,00" in terms and "inkl. moms" in terms  # 4.200 + 25 % moms
        assert "4.200,00" in terms and "1.050,00" in terms
        assert "Kursusgade 3" in terms and "Almen Akademi" in terms
        cancellation = page.find(attrs={"data-testid": "enrol-cancellation"}).get_text()
        assert "afmelde" in cancellation
        assert page.find(attrs={"data-testid": "enrol-approval"}) is None
        assert page.find("button", string="Bekræft tilmelding")

    def test_the_confirmation_says_when_approval_is_needed(self, client, karen, pricey):
        course, session = pricey
        client.force_login(karen)
        page = soup(client.get(reverse("enrol", args=[course.pk]), {"session": session.pk}))
        assert "godkendelse" in page.find(attrs={"data-testid": "enrol-approval"}).get_text()
        assert page.find("button", string="Send til godkendelse")

    def test_posting_the_confirmation_books_through_the_service(self, client, ole, pricey):
        course, session = pricey
        client.force_login(ole)
        page = soup(client.get(reverse("enrol", args=[course.pk]), {"session": session.pk}))
        form = page.find("button", string="Bekræft tilmelding").find_parent("form")
        data = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
        response = client.post(form["action"], data, follow=True)
        assert "Du er tilmeldt" in response.content.decode()
        assert Enrolment.objects.get().status == S.BOOKED

    def test_someone_already_enrolled_is_told_and_offered_no_button(self, client, ole, pricey):
        course, session = pricey
        services.enrolment_create(user=ole, course=course, session=session, requested_by=ole)
        client.force_login(ole)
        page = soup(client.get(reverse("enrol", args=[course.pk]), {"session": session.pk}))
        assert "allerede tilmeldt" in page.get_text()
        assert page.find("button", string="Bekræft tilmelding") is None

    def test_another_courses_session_is_404_on_the_confirmation_too(
        self, client, ole, pricey, byggelaering
    ):
        course, _session = pricey
        other = make_session(make_course(byggelaering, "A1", "Andet"))
        client.force_login(ole)
        url = reverse("enrol", args=[course.pk])
        assert client.get(url, {"session": other.pk}).status_code == 404

    def test_a_priced_self_paced_course_is_confirmed_too(self, client, ole, akademi):
        course = make_course(akademi, "A5", "Selvstudium", format="self_paced")
        client.force_login(ole)
        link = soup(client.get(course.url)).find("a", string="Start kurset")
        assert link is not None
        assert client.get(link["href"]).status_code == 200
        assert not Enrolment.objects.exists()


@pytest.mark.django_db
class TestModuleCompletion:
    @pytest.fixture
    def module(self, akademi):
        course = make_course(akademi, "A3", "Med moduler", format="self_paced")
        return make_module(course, "Modul 1", body=[])

    def test_someone_not_enrolled_is_not_offered_the_button(self, client, ole, module):
        client.force_login(ole)
        page = soup(client.get(module.url))
        assert page.find("button", string="Markér modulet som gennemført") is None
        assert "tilmeldt" in page.find("main").get_text()

    def test_the_post_is_refused_with_a_danish_message(self, client, ole, module):
        client.force_login(ole)
        response = client.post(reverse("module_done", args=[module.pk]), follow=True)
        assert "Du skal være tilmeldt kurset" in response.content.decode()
        assert not ModuleProgress.objects.exists()

    def test_the_service_refuses_too(self, ole, module):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            services.module_complete(user=ole, module=module)

    def test_a_participant_marks_it_done(self, client, ole, module):
        services.enrolment_create(user=ole, course=module.get_parent().specific, requested_by=ole)
        client.force_login(ole)
        assert soup(client.get(module.url)).find("button", string="Markér modulet som gennemført")
        client.post(reverse("module_done", args=[module.pk]))
        assert ModuleProgress.objects.filter(user=ole, module=module).exists()

    def test_a_quiz_attempt_of_someone_not_enrolled_is_not_kept(self, client, ole, akademi):
        course = make_course(akademi, "A3", "Quizkursus", format="self_paced")
        module = make_module(course)  # with the quiz
        client.force_login(ole)
        block = next(b for b in module.body if b.block_type == "quiz")
        client.post(module.url, {"quiz": block.id, f"quiz-{block.id}-q0": "0"})
        assert not QuizAttempt.objects.filter(user=ole).exists()

    def test_the_breadcrumb_names_the_provider(self, client, module, akademi):
        crumbs = soup(client.get(module.url)).select(".breadcrumb-item")
        texts = [c.get_text(strip=True) for c in crumbs]
        assert texts == ["Kurser", "Almen Akademi", "Med moduler", "Modul 1"]
        assert crumbs[1].a["href"] == module.get_parent().get_parent().url


class TestDemoSessions:
    @pytest.mark.parametrize("year", [2026, 2027, 2028])
    def test_the_holidays_a_provider_does_not_teach(self, year):
        holidays = demo.danish_holidays(year)
        assert {date(year, 12, 24), date(year, 12, 25), date(year, 12, 26)} <= holidays
        assert {date(year, 12, 31), date(year, 1, 1), date(year, 6, 5)} <= holidays
        assert len(holidays) >= 15

    def test_easter_2027(self):
        holidays = demo.danish_holidays(2027)
        # Påskedag 28 March 2027: skærtorsdag, langfredag, 2. påskedag; Kristi himmelfart
        # 6 May; pinsedag and 2. pinsedag 16–17 May.
        for day in (25, 26, 28, 29):
            assert date(2027, 3, day) in holidays
        assert {date(2027, 5, 6), date(2027, 5, 16), date(2027, 5, 17)} <= holidays

    def test_every_start_is_a_round_hour_on_a_teaching_day(self):
        for days in range(-60, 400):
            for hour in (demo.DAY_START, demo.ONLINE_START):
                start = timezone.localtime(demo.session_start(days, hour=hour))
                assert start.weekday() < 5
                assert start.date() not in demo.danish_holidays(start.year)
                assert (start.hour, start.minute, start.second) == (hour, 0, 0)
                assert (start.date() < timezone.localdate()) == (days < 0)

    @pytest.mark.django_db
    def test_a_demo_session_has_a_named_teacher_and_a_round_start(self, akademi):
        course = make_course(akademi, "A3", "Fremtidsanalyse")
        session = demo._create_session(course, 25, "hovedstaden", "København", 10, False)
        assert session.teachers in demo.TEACHERS["Almen Akademi"]
        assert "Underviser" not in session.teachers
        start = timezone.localtime(session.starts_at)
        assert (start.hour, start.minute) == (9, 0)
        assert session.ends_at - session.starts_at == timedelta(hours=7)


@pytest.mark.django_db
def test_hr_enrolling_a_colleague_sees_the_price_of_each_session(client, lars, karen, pricey):
    """The same kind: HR or a manager books on the organisation's account in one step."""
    client.force_login(lars)
    page = soup(client.get(reverse("enrol_colleague")))
    options = [o.get_text(" ", strip=True) for o in page.find("select", {"name": "session"})]
    assert any("5.250,00" in text and "inkl. moms" in text for text in options)
