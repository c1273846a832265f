"""The apps' exports as background jobs (``<app>/export_jobs.py``): the access checks stay the
pages' own and run again in the worker, the gap export is audited when its file is downloaded,
and certificate PDFs come in bulk as one ZIP per session or per organisation and year.

(The files' contents are tested where the exports were before: ``tests/competencies/
test_hr_views.py``, ``test_strategies_views.py``, ``tests/onsite/test_xapi.py``, now through
the job.)
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.audit import AccessAction
from core.jobs import services
from core.jobs.models import ExportJob, JobStatus
from core.models import AccessEvent
from courses.models import EnrolmentStatus
from organisations.models import Membership
from tests.competencies.conftest import make_person
from tests.competencies.hr_fixtures import own_profile
from tests.core.export_jobs_client import fetch_export, start_export
from tests.courses.conftest import make_course, make_session
from tests.factories import DepartmentFactory
from tests.factories.courses import CertificateFactory, EnrolmentFactory


def gaps_url(organisation: Any) -> str:
    return reverse("competencies:gaps_export", kwargs={"org_pk": organisation.pk})


@pytest.fixture
def staff(fjordbo: Any) -> tuple[Any, Any]:
    """Two project leaders with gaps, in two departments of Fjordbo."""
    own_profile(fjordbo, "projektleder", {"fremtidsanalyse": 3})
    north = DepartmentFactory.create(organisation=fjordbo, number="102", name="Nordparken")
    first = make_person(
        "ida@fjordbo.example", fjordbo, ["staff"], "Ida", job_function="projektleder"
    )
    second = make_person(
        "ole@fjordbo.example",
        fjordbo,
        ["staff"],
        "Ole",
        job_function="projektleder",
        department=north,
    )
    return first, second


def _gap_names(content: bytes) -> set[str]:
    workbook = load_workbook(io.BytesIO(content))
    return {row[0] for row in workbook["Personer med gab"].iter_rows(min_row=2, values_only=True)}


class TestGapExport:
    def test_the_old_link_shows_a_button_and_starts_nothing(self, client, alice, fjordbo):
        client.force_login(alice)
        response = client.get(gaps_url(fjordbo))
        assert response.status_code == 200
        assert b'data-testid="export-start"' in response.content
        assert not ExportJob.objects.exists()

    def test_the_file_follows_the_pages_filter(self, client, alice, fjordbo, staff):
        client.force_login(alice)
        north = staff[1].memberships.get().department
        everybody = fetch_export(client, gaps_url(fjordbo))
        assert _gap_names(everybody.content) == {"Ida", "Ole"}
        # The job's page leads back to the gap analysis.
        back = reverse("competencies:gaps", args=[fjordbo.pk])
        assert everybody.job.back_url == back
        page = client.get(reverse("jobs:detail", args=[everybody.job.uuid])).content.decode()
        assert f'href="{back}"' in page
        fetched = fetch_export(client, f"{gaps_url(fjordbo)}?department={north.pk}")
        assert fetched.job.parameters == {"organisation": fjordbo.pk, "department": north.pk}
        assert _gap_names(fetched.content) == {"Ole"}

    def test_a_managers_file_holds_only_their_department(self, client, fjordbo, staff):
        north = staff[1].memberships.get().department
        manager = make_person(
            "mie@fjordbo.example", fjordbo, ["staff", "manager"], "Mie", department=north
        )
        client.force_login(manager)
        assert _gap_names(fetch_export(client, gaps_url(fjordbo)).content) == {"Ole"}

    def test_a_department_of_another_organisation_is_refused(
        self, client, alice, fjordbo, nordlys, staff
    ):
        elsewhere = nordlys.departments.get()
        client.force_login(alice)
        fetched = fetch_export(client, f"{gaps_url(fjordbo)}?department={elsewhere.pk}")
        # The page ignores an invalid choice (and says so beside the field); so does the file.
        assert "department" not in fetched.job.parameters
        assert _gap_names(fetched.content) == {"Ida", "Ole"}

    def test_it_is_audited_when_the_file_leaves_not_when_it_is_asked_for(
        self, client, alice, fjordbo, staff
    ):
        client.force_login(alice)
        exports = AccessEvent.objects.filter(action=AccessAction.HR_EXPORT)
        job = start_export(client, gaps_url(fjordbo))
        assert not exports.exists()
        client.get(reverse("jobs:download", args=[job.uuid]))
        (event,) = exports
        assert event.actor == alice and event.organisation_id == fjordbo.pk
        assert event.detail == {"export": "gaps", "job": str(job.uuid)}

    def test_hr_whose_role_was_removed_before_the_worker_ran_gets_no_file(
        self, alice, fjordbo, staff
    ):
        job = services.export_start(
            user=alice, kind="competencies.gaps", parameters={"organisation": fjordbo.pk}
        )  # its task waits for a commit that never comes in this test
        Membership.objects.filter(user=alice, organisation=fjordbo).update(
            role_hr=False, role_manager=False
        )
        job = services.job_run(job_id=job.pk)
        assert job.status == JobStatus.FAILED and not job.file
        assert job.error == services.NO_ACCESS

    def test_hr_of_another_organisation_gets_404(self, client, charlie_with_totp, fjordbo):
        client.force_login(charlie_with_totp)
        assert client.post(gaps_url(fjordbo)).status_code == 404
        assert not ExportJob.objects.exists()


# --- Certificates in bulk ------------------------------------------------------------------


@pytest.fixture
def course(akademi: Any) -> Any:
    return make_course(akademi, guide="A3", title="Fremtidsanalyse i praksis")


@pytest.fixture
def session(course: Any) -> Any:
    return make_session(course, days=-3)


def certify(user: Any, session: Any, organisation: Any, **fields: Any) -> Any:
    enrolment = EnrolmentFactory.create(
        user=user, session=session, organisation=organisation, status=EnrolmentStatus.COMPLETED
    )
    return CertificateFactory.create(enrolment=enrolment, **fields)


def session_url(session: Any) -> str:
    return reverse("certificates_session", args=[session.pk])


def _names(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())
        return sorted(archive.namelist())


class TestSessionCertificates:
    def test_the_providers_editor_gets_one_pdf_per_person_named_by_person_and_course(
        self, client, sofie, session, fjordbo, alice, bob
    ):
        first = certify(alice, session, fjordbo)
        second = certify(bob, session, fjordbo)
        certify(
            make_person("eva@fjordbo.example", fjordbo, ["staff"], "Eva"),
            session,
            fjordbo,
            revoked_at=timezone.now(),
        )
        client.force_login(sofie)
        fetched = fetch_export(client, session_url(session))
        assert fetched.response["Content-Type"] == "application/zip"
        assert "kursusbeviser-fremtidsanalyse-i-praksis-" in fetched.response["Content-Disposition"]
        # The revoked certificate is left out; each file says whose and which course.
        assert _names(fetched.content) == [
            f"alice-andersen-fremtidsanalyse-i-praksis-{first.code}.pdf",
            f"bob-berg-fremtidsanalyse-i-praksis-{second.code}.pdf",
        ]
        # Fetching them is logged per person, as fetching each PDF would be.
        events = AccessEvent.objects.filter(action=AccessAction.CERTIFICATE_DOWNLOADED)
        assert {e.subject_id for e in events} == {alice.pk, bob.pk}
        assert {e.actor_id for e in events} == {sofie.pk}

    def test_the_progress_counts_the_certificates(self, sofie, session, fjordbo, alice, bob):
        certify(alice, session, fjordbo)
        certify(bob, session, fjordbo)
        job = services.export_start(
            user=sofie, kind="courses.session_certificates", parameters={"session": session.pk}
        )
        job = services.job_run(job_id=job.pk)
        assert (job.progress_done, job.progress_total) == (2, 2)

    @pytest.mark.parametrize("who", ["jonas", "alice", "bob"])
    def test_everybody_else_gets_404(self, client, request, who, session):
        client.force_login(request.getfixturevalue(who))
        assert client.get(session_url(session)).status_code == 404
        assert client.post(session_url(session)).status_code == 404

    def test_the_participant_list_offers_it(self, client, sofie, session):
        client.force_login(sofie)
        page = client.get(reverse("hold:participants", args=[session.pk])).content.decode()
        assert session_url(session) in page


class TestOrganisationCertificates:
    def test_hr_gets_their_peoples_certificates_of_the_year(
        self, client, alice, bob, fjordbo, nordlys, charlie, session
    ):
        own = certify(bob, session, fjordbo)
        certify(charlie, session, nordlys)
        certify(alice, session, fjordbo, completed_on=timezone.localdate().replace(year=2020))
        year = timezone.localdate().year
        client.force_login(alice)
        address = reverse("certificates_organisation", args=[fjordbo.pk]) + f"?aar={year}"
        fetched = fetch_export(client, address)
        assert fetched.job.parameters == {"organisation": fjordbo.pk, "year": year}
        assert _names(fetched.content) == [f"bob-berg-fremtidsanalyse-i-praksis-{own.code}.pdf"]
        assert f"kursusbeviser-fjordbo-{year}.zip" in fetched.response["Content-Disposition"]

    def test_hr_of_another_organisation_and_staff_get_404(
        self, client, charlie_with_totp, bob, fjordbo
    ):
        address = reverse("certificates_organisation", args=[fjordbo.pk])
        for person in (charlie_with_totp, bob):
            client.force_login(person)
            assert client.get(address).status_code == 404
            assert client.post(address).status_code == 404
