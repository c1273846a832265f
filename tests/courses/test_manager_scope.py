"""A manager decides for the people of their own department, never for the rest.

Fjordbo needs approval for enrolments and has two departments. Alice manages department A,
Bob works in A, Charlie in B, and Birgit manages B. Hanne is HR (the whole organisation) and
Dorte a manager without a department (also the whole organisation). Every route that shows or
changes a person's enrolment or certificate is tried for Charlie as Alice: 404, as if it did
not exist.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses import access as course_access
from courses import selectors, services
from courses.models import Enrolment, EnrolmentStatus
from organisations import services as org_services
from organisations.models import Membership
from tests.courses.conftest import PASSWORD, make_session
from tests.factories.organisations import needs_totp, totp_activate

S = EnrolmentStatus


def _person(email, organisation, roles, first_name, department=None, totp=None):
    user = org_services.user_create(
        email=email, password=PASSWORD, first_name=first_name, last_name="Test"
    )
    org_services.membership_create(
        user=user, organisation=organisation, roles=roles, department=department
    )
    # The two-factor policy: privileged roles come with TOTP unless ``totp=False``.
    if totp or (totp is None and needs_totp(roles)):
        totp_activate(user)
    return user


@pytest.fixture
def department_a(fjordbo):
    return org_services.department_create(organisation=fjordbo, number="101", name="Åparken")


@pytest.fixture
def department_b(fjordbo):
    return org_services.department_create(organisation=fjordbo, number="202", name="Bakkely")


@pytest.fixture
def alice(fjordbo, department_a):
    return _person("alice@fjordbo.example", fjordbo, ["staff", "manager"], "Alice", department_a)


@pytest.fixture
def bob(fjordbo, department_a):
    return _person("bob@fjordbo.example", fjordbo, ["staff"], "Bob", department_a)


@pytest.fixture
def charlie(fjordbo, department_b):
    return _person("charlie@fjordbo.example", fjordbo, ["staff"], "Charlie", department_b)


@pytest.fixture
def birgit(fjordbo, department_b):
    return _person("birgit@fjordbo.example", fjordbo, ["staff", "manager"], "Birgit", department_b)


@pytest.fixture
def hanne(fjordbo):
    return _person("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne", totp=True)


@pytest.fixture
def dorte(fjordbo):
    return _person("dorte@fjordbo.example", fjordbo, ["staff", "manager"], "Dorte")


@pytest.fixture
def waiting(bob, charlie, course, session):
    """Bob's and Charlie's own requests, both waiting for approval."""
    bobs = services.enrolment_create(user=bob, course=course, session=session, requested_by=bob)
    charlies = services.enrolment_create(
        user=charlie, course=course, session=session, requested_by=charlie
    )
    assert bobs.status == charlies.status == S.AWAITING_APPROVAL
    return bobs, charlies


def _status(enrolment):
    enrolment.refresh_from_db()
    return enrolment.status


def _queue(client, person):
    client.force_login(person)
    response = client.get(reverse("approvals"))
    assert response.status_code == 200
    return {enrolment.user.first_name for enrolment in response.context["page_obj"]}


@pytest.mark.django_db
class TestApprovals:
    def test_the_queue_holds_the_managers_department_only(
        self, client, waiting, alice, birgit, hanne, dorte
    ):
        assert _queue(client, alice) == {"Bob"}
        assert _queue(client, birgit) == {"Charlie"}
        assert _queue(client, hanne) == {"Bob", "Charlie"}
        assert _queue(client, dorte) == {"Bob", "Charlie"}

    def test_min_side_lists_only_the_departments_requests(self, client, waiting, alice):
        client.force_login(alice)
        pending = client.get(reverse("min_side")).context["pending_approvals"]
        assert [enrolment.user.first_name for enrolment in pending] == ["Bob"]

    def test_the_manager_approves_and_rejects_in_their_department(
        self, client, waiting, alice, bob, course, session
    ):
        bobs, _charlies = waiting
        client.force_login(alice)
        url = reverse("approval_decide", args=[bobs.pk])
        assert client.post(url, {"decision": "approve"}).status_code == 302
        assert _status(bobs) == S.BOOKED
        again = services.enrolment_create(
            user=bob, course=course, session=make_session(course), requested_by=bob
        )
        url = reverse("approval_decide", args=[again.pk])
        client.post(url, {"decision": "reject", "comment": "Ikke i år"})
        assert _status(again) == S.REJECTED

    @pytest.mark.parametrize("decision", ["approve", "reject"])
    def test_another_departments_request_is_404(self, client, waiting, alice, decision):
        _bobs, charlies = waiting
        client.force_login(alice)
        url = reverse("approval_decide", args=[charlies.pk])
        response = client.post(url, {"decision": decision, "comment": "Nej"})
        assert response.status_code == 404
        assert client.get(url).status_code == 405  # POST only: a GET says nothing either
        assert _status(charlies) == S.AWAITING_APPROVAL

    def test_another_departments_enrolment_cannot_be_cancelled(self, client, waiting, alice):
        _bobs, charlies = waiting
        client.force_login(alice)
        response = client.post(reverse("enrolment_cancel", args=[charlies.pk]))
        assert response.status_code == 404
        assert _status(charlies) == S.AWAITING_APPROVAL

    @pytest.mark.parametrize("person", ["hanne", "dorte", "birgit"])
    def test_hr_and_the_right_managers_approve_charlie(self, client, waiting, person, request):
        _bobs, charlies = waiting
        client.force_login(request.getfixturevalue(person))
        client.post(reverse("approval_decide", args=[charlies.pk]), {"decision": "approve"})
        assert _status(charlies) == S.BOOKED

    def test_the_services_refuse_too(self, waiting, alice, charlie, course):
        """The rule holds below the views: the services ask ``looks_after`` themselves."""
        _bobs, charlies = waiting
        with pytest.raises(ValidationError):
            services.enrolment_approve(enrolment=charlies, actor=alice)
        with pytest.raises(ValidationError):
            services.enrolment_reject(enrolment=charlies, actor=alice, comment="Nej")
        with pytest.raises(ValidationError):
            services.enrolment_cancel(enrolment=charlies, actor=alice)
        with pytest.raises(ValidationError, match="du er leder eller HR for"):
            services.enrolment_create(
                user=charlie, course=course, session=make_session(course), requested_by=alice
            )
        assert _status(charlies) == S.AWAITING_APPROVAL

    def test_a_managers_own_request_needs_no_approval_as_before(self, alice, course, session):
        own = services.enrolment_create(
            user=alice, course=course, session=session, requested_by=alice
        )
        assert own.status == S.BOOKED

    @pytest.mark.parametrize("count", [5, 100])
    def test_the_departments_queue_is_flat(
        self, client, fjordbo, department_a, alice, course, count, django_assert_num_queries
    ):
        from organisations.models import User

        session = make_session(course, capacity=1000)
        users = User.objects.bulk_create(
            User(email=f"q{i}@fjordbo.example", first_name="Kø") for i in range(count)
        )
        Membership.objects.bulk_create(
            Membership(user=u, organisation=fjordbo, department=department_a) for u in users
        )
        Enrolment.objects.bulk_create(
            Enrolment(
                user=u,
                course=course,
                session=session,
                organisation=fjordbo,
                status=S.AWAITING_APPROVAL,
            )
            for u in users
        )
        client.force_login(alice)
        client.get(reverse("approvals"))
        # As the approval queue in test_learner_views (APPROVALS_QUERIES): 13 + the guides'
        # competences for the cards' profile fit + the header's approvals badge (issue 18).
        with django_assert_num_queries(15):
            response = client.get(reverse("approvals"))
        assert len(response.context["page_obj"]) == min(count, 25)


@pytest.mark.django_db
class TestEnrolAColleague:
    def test_only_the_departments_people_are_offered(self, client, alice, bob, charlie):
        client.force_login(alice)
        form = client.get(reverse("enrol_colleague")).context["form"]
        offered = {m.user.first_name for m in form.fields["membership"].queryset}
        assert "Bob" in offered and "Charlie" not in offered

    def test_another_department_is_refused_with_a_danish_message(
        self, client, alice, charlie, session
    ):
        client.force_login(alice)
        membership = Membership.objects.get(user=charlie)
        response = client.post(
            reverse("enrol_colleague"), {"membership": membership.pk, "session": session.pk}
        )
        assert response.status_code == 200
        assert (
            "Du kan kun tilmelde kolleger, du er leder eller HR for."
            in (response.context["form"].errors["membership"][0])
        )
        assert not Enrolment.objects.filter(user=charlie).exists()

    def test_the_manager_enrols_someone_of_the_department(self, client, alice, bob, session):
        client.force_login(alice)
        membership = Membership.objects.get(user=bob)
        response = client.post(
            reverse("enrol_colleague"), {"membership": membership.pk, "session": session.pk}
        )
        assert response.status_code == 302
        assert Enrolment.objects.get(user=bob).status == S.BOOKED

    @pytest.mark.parametrize("person", ["hanne", "dorte"])
    def test_hr_and_a_department_less_manager_enrol_anyone(
        self, client, charlie, session, person, request
    ):
        client.force_login(request.getfixturevalue(person))
        membership = Membership.objects.get(user=charlie)
        response = client.post(
            reverse("enrol_colleague"), {"membership": membership.pk, "session": session.pk}
        )
        assert response.status_code == 302
        assert Enrolment.objects.get(user=charlie).status == S.BOOKED


@pytest.mark.django_db
class TestApprovalEmail:
    def test_only_the_managers_who_look_after_the_person_and_hr_are_asked(
        self, django_capture_on_commit_callbacks, alice, birgit, hanne, dorte, charlie, session
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.enrolment_create(
                user=charlie, course=session.course, session=session, requested_by=charlie
            )
        asked = {
            message.to[0]
            for message in mail.outbox
            if message.subject.startswith("Godkend tilmelding")
        }
        assert asked == {birgit.email, hanne.email, dorte.email}
        assert alice.email not in {message.to[0] for message in mail.outbox}


@pytest.fixture
def completed(akademi, sofie, bob, charlie):
    """Bob's and Charlie's certificates (a session of Almen Akademi, attended)."""
    from tests.courses.conftest import make_course

    course = make_course(akademi, "A3", "Bevisets kursus")
    session = make_session(course)
    fjordbo = Membership.objects.get(user=bob).organisation
    fjordbo.requires_enrolment_approval = False
    fjordbo.save(update_fields=["requires_enrolment_approval"])
    codes = {}
    for person in (bob, charlie):
        enrolment = services.enrolment_create(
            user=person, course=course, session=session, requested_by=person
        )
        services.attendance_mark(enrolment=enrolment, attended=True, actor=sofie)
        enrolment.refresh_from_db()
        codes[person.first_name] = enrolment.certificate.code
    return codes


def _pdf(code):
    return reverse("certificate_pdf", kwargs={"code": code})


@pytest.mark.django_db
class TestCertificates:
    def test_the_manager_downloads_their_departments_certificates_only(
        self, client, completed, alice
    ):
        client.force_login(alice)
        assert client.get(_pdf(completed["Bob"])).status_code == 200
        assert client.get(_pdf(completed["Charlie"])).status_code == 404
        public = client.get(reverse("certificate_public", kwargs={"code": completed["Charlie"]}))
        assert public.context["can_download"] is False

    @pytest.mark.parametrize("person", ["hanne", "dorte"])
    def test_hr_and_a_department_less_manager_download_all(
        self, client, completed, person, request
    ):
        client.force_login(request.getfixturevalue(person))
        for code in completed.values():
            assert client.get(_pdf(code)).status_code == 200

    def test_the_selector_agrees(self, completed, alice, charlie):
        visible = course_access.certificates_for_download(alice)
        assert set(visible.values_list("enrolment__user__first_name", flat=True)) == {"Bob"}


@pytest.mark.django_db
def test_pending_approvals_never_holds_ones_own_request(waiting, fjordbo, hanne, course, session):
    own = Enrolment.objects.create(
        user=hanne, course=course, session=session, organisation=fjordbo, status=S.AWAITING_APPROVAL
    )
    assert own not in selectors.pending_approvals(hanne)
