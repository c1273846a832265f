"""Issue 18, fault 9: an approval card tells the approver enough to decide, and the message
after a decision says which course, which session and whom.

Karen is a projektleder at Fjordbo, whose enrolments need approval; Lars, her manager, decides.
The seeded framework: A3 builds fremtidsanalyse to level 3 and helhedsplanlægning to level 2;
the projektleder profile requires fremtidsanalyse 3 and helhedsplanlægning 3.
"""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from competencies import services as competence_services
from competencies.models import Competence, EvidenceSource
from core import formats
from courses import services
from courses.models import EnrolmentStatus as S
from organisations import services as org_services
from organisations.models import JobFunction, Membership
from tests.courses.conftest import make_learner, make_session
from tests.courses.test_learner_views import APPROVALS_QUERIES, bulk_enrolments

pytestmark = pytest.mark.django_db


def cards(client) -> dict[str, BeautifulSoup]:
    """The approval page's cards by the requesting person's name."""
    soup = BeautifulSoup(client.get(reverse("approvals")).content.decode(), "html.parser")
    return {card.h2.get_text(" ", strip=True).split(" – ")[0]: card for card in soup("article")}


def request(user, course, session):
    return services.enrolment_create(user=user, course=course, session=session, requested_by=user)


def give_level(user, code, level):
    competence_services.evidence_record(
        user=user,
        competence=Competence.objects.get(code=code),
        level=level,
        source=EvidenceSource.ASSESSMENT,
        achieved_on=date(2026, 1, 5),
        title="Vurdering",
    )


class TestCard:
    def test_it_shows_price_and_a_link_to_the_course(self, client, karen, lars, course, session):
        request(karen, course, session)
        client.force_login(lars)
        card = cards(client)["Karen Test"]
        assert card.select_one("[data-testid=price]").get_text(" ", strip=True) == (
            f"{formats.money(session.price)} ekskl. moms"
        )
        assert card.h2.a["href"] == course.url

    def test_a_course_closing_a_gap_fits_the_profile(self, client, karen, lars, course, session):
        request(karen, course, session)
        client.force_login(lars)
        fit = cards(client)["Karen Test"].select_one("[data-testid=fit]").get_text(" ", strip=True)
        assert "Passer til profilen" in fit
        assert "Lukker et gab i Fremtidsanalyse: nu niveau 0, profilen kræver 3" in fit

    def test_a_profile_already_met_says_so(self, client, karen, lars, course, session):
        give_level(karen, "fremtidsanalyse", 3)
        give_level(karen, "helhedsplanlaegning", 3)
        request(karen, course, session)
        client.force_login(lars)
        fit = cards(client)["Karen Test"].select_one("[data-testid=fit]").get_text(" ", strip=True)
        assert "Krav allerede opfyldt" in fit

    def test_a_course_outside_the_profile_says_so(self, client, fjordbo, lars, course, session):
        birthe = make_learner(
            "birthe@fjordbo.example", fjordbo, first_name="Birthe", job_function="frivillig"
        )
        request(birthe, course, session)
        client.force_login(lars)
        fit = cards(client)["Birthe Test"].select_one("[data-testid=fit]").get_text(" ", strip=True)
        assert "Uden for profilen" in fit and "Frivillig" in fit

    def test_no_job_function_means_no_profile(self, client, fjordbo, lars, course, session):
        jens = make_learner("jens@fjordbo.example", fjordbo, first_name="Jens")
        request(jens, course, session)
        client.force_login(lars)
        fit = cards(client)["Jens Test"].select_one("[data-testid=fit]").get_text(" ", strip=True)
        assert "ingen funktion" in fit


class TestDecisionMessage:
    def decide(self, client, enrolment, **data):
        response = client.post(reverse("approval_decide", args=[enrolment.pk]), data, follow=True)
        return [str(m) for m in response.context["messages"]]

    def test_approving_names_the_person_the_course_and_the_date(
        self, client, karen, lars, course, session
    ):
        enrolment = request(karen, course, session)
        client.force_login(lars)
        messages = self.decide(client, enrolment, decision="approve")
        when = formats.long_date(session.starts_at)
        assert messages == [f"Du har godkendt Karen Tests tilmelding til «{course.title}» {when}."]

    def test_rejecting_names_them_too(self, client, karen, lars, course, session):
        enrolment = request(karen, course, session)
        client.force_login(lars)
        messages = self.decide(client, enrolment, decision="reject", comment="Ikke i år")
        when = formats.long_date(session.starts_at)
        assert messages == [
            f"Du har afvist Karen Tests tilmelding til «{course.title}» {when}. "
            "Karen Test får besked med din begrundelse."
        ]

    def test_an_approval_onto_the_waitlist_says_so(self, client, karen, lars, fjordbo, course):
        full = make_session(course, capacity=1)
        enrolment = request(karen, course, full)
        bulk_enrolments(fjordbo, course, [full], 1, S.BOOKED)  # the last seat goes meanwhile
        client.force_login(lars)
        (message,) = self.decide(client, enrolment, decision="approve")
        assert message.startswith("Du har godkendt Karen Tests tilmelding")
        assert "Karen Test står på venteliste" in message

    def test_enrolling_a_colleague_names_the_course(self, client, karen, lars, course, session):
        client.force_login(lars)
        membership = Membership.objects.get(user=karen)
        response = client.post(
            reverse("enrol_colleague"),
            {"membership": membership.pk, "session": session.pk},
            follow=True,
        )
        when = formats.long_date(session.starts_at)
        assert [str(m) for m in response.context["messages"]] == [
            f"Karen Test er tilmeldt «{course.title}» {when} (Booket)."
        ]

    def test_cancelling_names_the_course(self, client, lars, course, session):
        enrolment = request(lars, course, session)
        client.force_login(lars)
        response = client.post(reverse("enrolment_cancel", args=[enrolment.pk]), follow=True)
        when = formats.long_date(session.starts_at)
        assert f"Tilmeldingen til «{course.title}» {when} er afmeldt." in [
            str(m) for m in response.context["messages"]
        ]

    def test_another_organisations_request_is_404(self, client, karen, course, session):
        enrolment = request(karen, course, session)
        nordlys = org_services.organisation_create(name="Nordlys", kind="housing")
        manager = make_learner("m@nordlys.example", nordlys, roles=("staff", "manager"))
        client.force_login(manager)
        response = client.post(
            reverse("approval_decide", args=[enrolment.pk]), {"decision": "approve"}
        )
        assert response.status_code == 404
        assert "Karen" not in cards(client).keys()


@pytest.mark.parametrize("count", [5, 60])
def test_the_cards_with_fit_stay_flat(
    client, lars, fjordbo, course, count, django_assert_num_queries
):
    """Query count with job functions and profiles in play (the bulk people are projektledere)."""
    sessions = [make_session(course, capacity=1000)]
    users = bulk_enrolments(fjordbo, course, sessions, count, S.AWAITING_APPROVAL)
    Membership.objects.filter(user__in=users).update(
        job_function=JobFunction.objects.get(code="projektleder")
    )
    client.force_login(lars)
    client.get(reverse("approvals"))
    with django_assert_num_queries(APPROVAL_CARD_QUERIES):
        response = client.get(reverse("approvals"))
    assert response.content.decode().count("Passer til profilen") == min(count, 25)


# The approval queue's queries (APPROVALS_QUERIES) plus one for the profiles and current
# levels of the page's organisation (only when someone on the page has a job function).
APPROVAL_CARD_QUERIES = APPROVALS_QUERIES + 1
