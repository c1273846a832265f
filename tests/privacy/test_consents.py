"""Consents in one place (core.consents) on Mine data: shown, withdrawn, recorded; never
someone else's."""

# ruff: noqa: F811  (pytest fixtures imported from tests.competencies.conftest)
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from competencies import adviser_register
from competencies.models import AdviserListing, AdviserOptOut
from core.consents import ConsentNotFound, consent_withdraw, consents_for
from core.models import AccessAction, AccessEvent
from onsite.models import LessonSharing
from organisations import services as org_services
from tests.competencies.conftest import alice, bob, charlie, fjordbo, make_person, nordlys  # noqa: F401

pytestmark = pytest.mark.django_db

WITHDRAW = "audit:consent_withdraw"


@pytest.fixture
def raadgiver(db):
    organisation = org_services.organisation_create(
        name="Rådgiverne A/S", kind="consultant", cvr="33333333"
    )
    AdviserListing.objects.create(organisation=organisation, is_listed=True)
    return organisation


@pytest.fixture
def eva(raadgiver):
    return make_person("eva@raadgiverne.example", raadgiver, ["staff"], "Eva")


def section(client):
    response = client.get(reverse("privacy:my_data"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("[data-testid=consents-section]")


def test_a_listed_adviser_sees_the_consent_and_can_withdraw_it(client, eva, raadgiver):
    client.force_login(eva)
    text = section(client).get_text(" ", strip=True)
    assert "Rådgiverregistret: Rådgiverne A/S" in text
    assert "Træk samtykke tilbage" in text
    assert [m.user for m in adviser_register.adviser_people(raadgiver)] == [eva]

    response = client.post(reverse(WITHDRAW), {"key": "adviser_register", "object_id": "listed"})
    assert response.status_code == 302
    assert AdviserOptOut.objects.filter(user=eva).exists()
    assert list(adviser_register.adviser_people(raadgiver)) == []
    assert (
        not adviser_register.qualifying_people(adviser_register.AdviserQuery())
        .filter(user=eva)
        .exists()
    )
    event = AccessEvent.objects.get(action=AccessAction.CONSENT_WITHDRAWN)
    assert (event.actor, event.subject) == (eva, eva)
    assert event.detail == {"consent": "adviser_register", "object_id": "listed"}
    assert "Rådgiverregistret" not in section(client).get_text(" ", strip=True)

    # Withdrawn once: a second try is a 404, and nothing more is recorded.
    again = client.post(reverse(WITHDRAW), {"key": "adviser_register", "object_id": "listed"})
    assert again.status_code == 404
    assert AccessEvent.objects.filter(action=AccessAction.CONSENT_WITHDRAWN).count() == 1


def test_hr_withdraws_the_organisations_lesson_naming_on_its_behalf(client, alice, fjordbo):
    LessonSharing.objects.create(organisation=fjordbo, name_in_lessons=True, decided_by=alice)
    client.force_login(alice)
    text = section(client).get_text(" ", strip=True)
    assert "Organisationens navn på delte erfaringer: Fjordbo" in text
    assert "Givet på vegne af Fjordbo." in text
    response = client.post(
        reverse(WITHDRAW), {"key": "lesson_naming", "object_id": str(fjordbo.pk)}
    )
    assert response.status_code == 302
    assert LessonSharing.objects.get(organisation=fjordbo).name_in_lessons is False
    assert AccessEvent.objects.filter(
        action=AccessAction.CONSENT_WITHDRAWN, actor=alice, detail__consent="lesson_naming"
    ).exists()


def test_staff_and_other_organisations_cannot_withdraw_an_organisations_consent(
    client, bob, charlie, fjordbo
):
    LessonSharing.objects.create(organisation=fjordbo, name_in_lessons=True)
    for person in (bob, charlie):
        assert consents_for(person) == []
        client.force_login(person)
        response = client.post(
            reverse(WITHDRAW), {"key": "lesson_naming", "object_id": str(fjordbo.pk)}
        )
        assert response.status_code == 404
    assert LessonSharing.objects.get(organisation=fjordbo).name_in_lessons is True
    assert not AccessEvent.objects.filter(action=AccessAction.CONSENT_WITHDRAWN).exists()


@pytest.mark.parametrize(
    "data", [{}, {"key": "nonsense", "object_id": "1"}, {"key": "lesson_naming", "object_id": "x"}]
)
def test_rubbish_withdraws_nothing(client, alice, data):
    client.force_login(alice)
    assert client.post(reverse(WITHDRAW), data).status_code == 404


def test_withdrawing_needs_a_post_and_a_login(client, eva):
    url = reverse(WITHDRAW)
    assert client.post(url, {"key": "adviser_register", "object_id": "listed"}).status_code == 302
    assert not AdviserOptOut.objects.exists()
    client.force_login(eva)
    assert client.get(url).status_code == 405


def test_the_service_refuses_what_was_never_given(bob):
    with pytest.raises(ConsentNotFound):
        consent_withdraw(user=bob, key="adviser_register", object_id="listed")


def test_no_consents_says_so(client, bob):
    client.force_login(bob)
    assert "Du har ikke givet samtykker" in section(client).get_text(" ", strip=True)
