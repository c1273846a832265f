"""One form submission creates one object, however often it is posted (issue 11, fault 8)."""

from __future__ import annotations

import socket
import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from core import submissions
from core.models import FormSubmission, SubmissionState
from core.submissions import FIELD, new_key, once_per_submission
from onsite.models import EffectIndicator, PartyRole, ProjectMember, ProjectParty
from tests.factories.organisations import UserFactory
from tests.onsite.fixtures_effects import *  # noqa: F403  (the fixtures)

INDICATOR = {
    "name": "Budgetafvigelse",
    "category": "economy",
    "unit": "%",
    "baseline": "8,5",
    "target": "3",
    "direction": "lower",
    "note": "",
}


def _closed_port() -> int:
    """A loopback port nobody listens on: connecting is refused at once, like a stopped Redis."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people():  # type: ignore[no-untyped-def]
    """Two accounts: the claims live in the database and name real people."""
    return {1: UserFactory(), 2: UserFactory()}


@pytest.mark.django_db
class TestMechanism:
    """The decorator alone, around a view that counts its runs."""

    @pytest.fixture(autouse=True)
    def _people(self, people):  # type: ignore[no-untyped-def]
        self.people = people

    def make_view(self, answer):  # type: ignore[no-untyped-def]
        runs = []

        @once_per_submission
        def view(request):  # type: ignore[no-untyped-def]
            runs.append(1)
            return answer(len(runs))

        return view, runs

    def post(self, view, key, user_pk=1):  # type: ignore[no-untyped-def]
        request = RequestFactory().post("/ny/", {FIELD: key})
        request.user = self.people[user_pk]
        return view(request)

    def test_a_second_post_gets_the_first_result(self):
        view, runs = self.make_view(lambda n: HttpResponseRedirect(f"/objekt/{n}/"))
        key = new_key()
        assert self.post(view, key)["Location"] == "/objekt/1/"
        assert self.post(view, key)["Location"] == "/objekt/1/"
        assert len(runs) == 1

    def test_a_failed_post_releases_the_key(self):
        answers = iter([HttpResponse("fejl i formularen"), HttpResponseRedirect("/objekt/2/")])
        view, runs = self.make_view(lambda n: next(answers))
        key = new_key()
        assert self.post(view, key).status_code == 200
        assert self.post(view, key)["Location"] == "/objekt/2/"
        assert len(runs) == 2

    def test_keys_are_per_person(self):
        view, runs = self.make_view(lambda n: HttpResponseRedirect(f"/objekt/{n}/"))
        key = new_key()
        self.post(view, key, user_pk=1)
        assert self.post(view, key, user_pk=2)["Location"] == "/objekt/2/"

    @pytest.mark.parametrize("key", ["", "kort", "x" * 32, "A" * 32])
    def test_posts_without_a_proper_key_run_as_before(self, key):
        view, runs = self.make_view(lambda n: HttpResponseRedirect(f"/objekt/{n}/"))
        self.post(view, key)
        self.post(view, key)
        assert len(runs) == 2

    def test_a_post_that_raises_releases_the_key(self):
        answers = iter([RuntimeError("databasen svarede ikke"), HttpResponseRedirect("/objekt/2/")])

        def answer(n):  # type: ignore[no-untyped-def]
            result = next(answers)
            if isinstance(result, Exception):
                raise result
            return result

        view, runs = self.make_view(answer)
        key = new_key()
        with pytest.raises(RuntimeError):
            self.post(view, key)
        assert not FormSubmission.objects.exists()
        assert self.post(view, key)["Location"] == "/objekt/2/"
        assert len(runs) == 2

    def test_a_twin_of_a_post_still_running_is_told_to_wait(self, monkeypatch):
        monkeypatch.setattr(submissions, "WAIT_SECONDS", 0.1)
        view, runs = self.make_view(lambda n: HttpResponseRedirect(f"/objekt/{n}/"))
        key = new_key()
        FormSubmission.objects.create(user=self.people[1], key=key)  # the first, mid-request
        response = self.post(view, key)
        assert response.status_code == 400
        assert "bliver behandlet" in response.content.decode()
        assert runs == []

    def test_a_claim_left_by_a_dead_post_is_taken_over(self):
        view, runs = self.make_view(lambda n: HttpResponseRedirect(f"/objekt/{n}/"))
        key = new_key()
        FormSubmission.objects.create(
            user=self.people[1], key=key, created_at=timezone.now() - timedelta(minutes=11)
        )
        assert self.post(view, key)["Location"] == "/objekt/1/"
        assert FormSubmission.objects.get().state == SubmissionState.DONE

    def test_the_claim_is_in_the_database(self):
        view, runs = self.make_view(lambda n: HttpResponseRedirect(f"/objekt/{n}/"))
        key = new_key()
        self.post(view, key)
        claim = FormSubmission.objects.get()
        assert (claim.user, claim.key, claim.result_url) == (self.people[1], key, "/objekt/1/")

    def test_anonymous_posts_run_as_before(self):
        view, runs = self.make_view(lambda n: HttpResponseRedirect(f"/objekt/{n}/"))
        key = new_key()
        for _ in range(2):
            request = RequestFactory().post("/ny/", {FIELD: key})
            request.user = AnonymousUser()
            view(request)
        assert len(runs) == 2


@pytest.mark.django_db
class TestCreateViews:
    def test_the_form_carries_a_fresh_key(self, client, bob, project):
        client.force_login(bob)
        url = reverse("onsite:indicator_create", args=[project.pk])
        first, second = (client.get(url).content.decode() for _ in range(2))
        assert f'name="{FIELD}"' in first
        assert first.split(FIELD)[1][:50] != second.split(FIELD)[1][:50]

    def test_a_double_post_creates_one_indicator(self, client, bob, project):
        client.force_login(bob)
        url = reverse("onsite:indicator_create", args=[project.pk])
        data = {**INDICATOR, FIELD: new_key()}
        first = client.post(url, data)
        second = client.post(url, data)
        assert first.status_code == second.status_code == 302
        assert first["Location"] == second["Location"]
        assert EffectIndicator.objects.filter(project=project).count() == 1

    def test_a_new_form_creates_again(self, client, bob, project):
        client.force_login(bob)
        url = reverse("onsite:indicator_create", args=[project.pk])
        client.post(url, {**INDICATOR, FIELD: new_key()})
        client.post(url, {**INDICATOR, "name": "Andet mål", FIELD: new_key()})
        assert EffectIndicator.objects.filter(project=project).count() == 2

    def test_a_double_post_creates_one_measurement(self, client, bob, project, indicator):
        client.force_login(bob)
        url = reverse("onsite:measurement_add", args=[project.pk, indicator.pk])
        data = {"measured_on": "2026-03-01", "value": "12", "note": "", FIELD: new_key()}
        before = indicator.measurements.count()
        first, second = client.post(url, data), client.post(url, data)
        assert first.status_code == second.status_code == 302
        assert first["Location"] == second["Location"]
        assert indicator.measurements.count() == before + 1

    def test_a_double_post_adds_one_party(self, client, bob, project):
        client.force_login(bob)
        url = reverse("onsite:party_create", args=[project.pk])
        data = {"role": PartyRole.MUNICIPALITY, "name": "Fjordby Kommune", FIELD: new_key()}
        first, second = client.post(url, data), client.post(url, data)
        # Without the key the second post was refused with "allerede med" (400).
        assert first.status_code == second.status_code == 302
        assert ProjectParty.objects.filter(project=project, name="Fjordby Kommune").count() == 1

    def test_a_double_post_adds_one_member(self, client, bob, mads, project):
        client.force_login(bob)
        url = reverse("onsite:member_add", args=[project.pk])
        data = {"membership": mads.memberships.get().pk, FIELD: new_key()}
        first, second = client.post(url, data), client.post(url, data)
        assert first.status_code == second.status_code == 302
        assert ProjectMember.objects.filter(project=project, user=mads).count() == 1

    def test_the_parties_page_keys_both_create_forms(self, client, bob, project):
        client.force_login(bob)
        page = client.get(reverse("onsite:project_parties", args=[project.pk])).content.decode()
        assert page.count(f'name="{FIELD}"') == 2

    def test_a_double_post_creates_one_indicator_with_the_cache_down(
        self, client, bob, project, settings
    ):
        # The fail-open Redis cache answers every add() with False while Redis is down; the
        # claim must not depend on it (the cache-based claim refused every post then).
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.FailOpenRedisCache",
                "LOCATION": f"redis://127.0.0.1:{_closed_port()}/1",
                "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
            }
        }
        client.force_login(bob)
        url = reverse("onsite:indicator_create", args=[project.pk])
        data = {**INDICATOR, FIELD: new_key()}
        first = client.post(url, data)
        second = client.post(url, data)
        assert first.status_code == second.status_code == 302
        assert first["Location"] == second["Location"]
        assert EffectIndicator.objects.filter(project=project).count() == 1

    @pytest.mark.parametrize(
        "template",
        [
            "competencies/plans/create.html",
            "competencies/evidence/create.html",
            "competencies/evidence/assessment.html",
            "competencies/strategies/form.html",
            "onsite/projects/form.html",
            "onsite/projects/invite.html",
            "onsite/entries/form.html",
            "onsite/effects/indicator_form.html",
            "onsite/effects/measurement_form.html",
            "competencies/plans/goal_form.html",
            "competencies/plans/activity_form.html",
        ],
    )
    def test_every_create_form_template_renders_the_key(self, template):
        from django.template.loader import get_template

        source = get_template(template).template.source
        assert "{% submission_key %}" in source


@pytest.mark.django_db
def test_claims_older_than_two_days_are_purged_by_the_retention_job(people):
    from privacy.retention import retention_apply

    old = FormSubmission.objects.create(
        user=people[1], key=new_key(), created_at=timezone.now() - timedelta(days=2, hours=1)
    )
    recent = FormSubmission.objects.create(
        user=people[1], key=new_key(), created_at=timezone.now() - timedelta(days=1)
    )
    assert retention_apply(dry_run=False)["form_submissions"] == 1
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_the_claims_are_classified_in_the_registry():
    from core.privacy import declaration_for, unclassified

    assert unclassified([FormSubmission]) == []
    declaration = declaration_for(FormSubmission)
    assert declaration is not None and declaration.subject == ("user",)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_five_simultaneous_posts_create_one_indicator(bob, project):
    url = reverse("onsite:indicator_create", args=[project.pk])
    data = {**INDICATOR, FIELD: new_key()}
    barrier = threading.Barrier(5)
    locations: list[str] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            client = Client()
            client.force_login(bob)
            barrier.wait(timeout=30)
            response = client.post(url, data)
            locations.append(response["Location"])
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors[:3]
    assert len(locations) == 5 and len(set(locations)) == 1
    assert EffectIndicator.objects.filter(project=project).count() == 1
