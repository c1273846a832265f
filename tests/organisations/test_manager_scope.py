"""Who sees whom: the member lists and the "looks after" rule, department by department.

Fjordbo has departments A and B. Alice manages A, Bob works in A, Charlie in B. Hanne is HR and
Dorte a manager, neither with a department; Ole works at the office (no department, staff).
"""

import pytest
from django.urls import reverse

from organisations import access, services
from organisations.models import Department
from tests.factories.organisations import needs_totp, totp_activate
from tests.organisations.conftest import PASSWORD


def _person(email, organisation, roles, first_name, department=None, totp=None):
    user = services.user_create(email=email, password=PASSWORD, first_name=first_name)
    services.membership_create(
        user=user, organisation=organisation, roles=roles, department=department
    )
    # The two-factor policy: privileged roles come with TOTP unless ``totp=False``.
    if totp or (totp is None and needs_totp(roles)):
        totp_activate(user)
    return user


@pytest.fixture
def people(fjordbo, nordlys):
    """Everybody, by first name; ``fjordbo`` comes with department 101 (A)."""
    department_a = fjordbo.departments.get()
    department_b = services.department_create(organisation=fjordbo, number="202", name="Bakkely")
    return {
        "Alice": _person(
            "alice@fjordbo.example", fjordbo, ["staff", "manager"], "Alice", department_a
        ),
        "Bob": _person("bob@fjordbo.example", fjordbo, ["staff"], "Bob", department_a),
        "Charlie": _person("charlie@fjordbo.example", fjordbo, ["staff"], "Charlie", department_b),
        "Hanne": _person("hanne@fjordbo.example", fjordbo, ["staff", "hr"], "Hanne", totp=True),
        "Dorte": _person("dorte@fjordbo.example", fjordbo, ["staff", "manager"], "Dorte"),
        "Ole": _person("ole@fjordbo.example", fjordbo, ["staff"], "Ole"),
        "Nina": _person("nina@nordlys.example", nordlys, ["staff", "hr"], "Nina", totp=True),
    }


def _listed(client, person, url):
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return {membership.user.first_name for membership in response.context["page"]}, response


@pytest.mark.django_db
class TestMemberLists:
    def test_the_manager_sees_their_department_and_the_office_only(self, client, fjordbo, people):
        shown, response = _listed(
            client, people["Alice"], reverse("organisations:detail", args=[fjordbo.pk])
        )
        assert shown == {"Alice", "Bob", "Hanne", "Dorte", "Ole"}
        assert "Charlie" not in response.content.decode()
        assert "Du ser kollegerne i din egen afdeling" in response.content.decode()

    def test_another_departments_page_lists_none_of_its_people(self, client, fjordbo, people):
        department_b = Department.objects.get(organisation=fjordbo, number="202")
        url = reverse("organisations:department", args=[fjordbo.pk, department_b.pk])
        shown, response = _listed(client, people["Alice"], url)
        assert shown == set()
        assert "Charlie" not in response.content.decode()

    def test_staff_of_a_department_see_the_same_as_its_manager(self, client, fjordbo, people):
        shown, _response = _listed(
            client, people["Bob"], reverse("organisations:detail", args=[fjordbo.pk])
        )
        assert shown == {"Alice", "Bob", "Hanne", "Dorte", "Ole"}

    @pytest.mark.parametrize("name", ["Hanne", "Dorte", "Ole"])
    def test_hr_and_the_department_less_see_the_whole_organisation(
        self, client, fjordbo, people, name
    ):
        shown, response = _listed(
            client, people[name], reverse("organisations:detail", args=[fjordbo.pk])
        )
        assert shown == {"Alice", "Bob", "Charlie", "Hanne", "Dorte", "Ole"}
        assert "Du ser kollegerne i din egen afdeling" not in response.content.decode()

    def test_nobody_sees_another_organisations_people(self, people):
        for name in ("Alice", "Bob", "Hanne", "Dorte"):
            emails = set(access.memberships_for(people[name]).values_list("user__email", flat=True))
            assert "nina@nordlys.example" not in emails, name


@pytest.mark.django_db
class TestLooksAfter:
    def test_the_manager_looks_after_their_department_only(self, fjordbo, people):
        looked_after = access.looked_after_memberships(people["Alice"], fjordbo)
        assert {m.user.first_name for m in looked_after} == {"Alice", "Bob"}

    @pytest.mark.parametrize("name", ["Hanne", "Dorte"])
    def test_hr_and_a_department_less_manager_look_after_everyone(self, fjordbo, people, name):
        looked_after = access.looked_after_memberships(people[name], fjordbo)
        assert {m.user.first_name for m in looked_after} == {
            "Alice",
            "Bob",
            "Charlie",
            "Hanne",
            "Dorte",
            "Ole",
        }

    def test_approvers_of_is_the_inverse_of_looks_after(self, fjordbo, nordlys, people):
        """The approval e-mail's recipients and the approval rights are one rule."""
        everybody = list(people.values())
        for person in everybody:
            for organisation in (fjordbo, nordlys):
                approvers = set(
                    access.approvers_of(person, organisation).values_list("user_id", flat=True)
                )
                expected = {
                    other.pk
                    for other in everybody
                    if access.looks_after(other, person, organisation)
                }
                assert approvers == expected, (person.first_name, organisation.name)

    def test_charlie_is_looked_after_by_hr_and_the_department_less_manager(self, fjordbo, people):
        approvers = access.approvers_of(people["Charlie"], fjordbo)
        assert {m.user.first_name for m in approvers} == {"Hanne", "Dorte"}

    def test_a_person_in_two_organisations_is_scoped_per_organisation(
        self, fjordbo, nordlys, people
    ):
        """One membership per organisation, each with at most one department: a manager of
        department A in Fjordbo who is staff in Nordlys looks after nobody there."""
        services.membership_create(user=people["Alice"], organisation=nordlys, roles=["staff"])
        assert not access.looked_after_memberships(people["Alice"], nordlys).exists()
        assert not access.looks_after(people["Alice"], people["Nina"], nordlys)


class TestInvitationsOfADepartmentManager:
    """A department manager invites into their own department and sees only its invitations."""

    def _invite(self, client, person, organisation, department):
        client.force_login(person)
        url = reverse("organisations:invitations", args=[organisation.pk])
        data = {"email": "ny@fjordbo.example", "roles": ["staff"], "department": department.pk}
        return client.post(url, data)

    def test_alice_invites_into_her_own_department(self, client, fjordbo, people):
        department_a = people["Alice"].memberships.get().department
        response = self._invite(client, people["Alice"], fjordbo, department_a)
        assert response.status_code == 302
        assert fjordbo.invitations.get().department == department_a

    def test_alice_cannot_invite_into_another_department(self, client, fjordbo, people):
        department_b = people["Charlie"].memberships.get().department
        response = self._invite(client, people["Alice"], fjordbo, department_b)
        assert response.status_code == 200
        assert "department" in response.context["form"].errors
        assert not fjordbo.invitations.exists()

    def test_the_service_refuses_it_too(self, fjordbo, people):
        department_b = people["Charlie"].memberships.get().department
        with pytest.raises(services.ValidationError) as refused:
            services.invitation_create(
                organisation=fjordbo,
                email="ny@fjordbo.example",
                roles=["staff"],
                invited_by=people["Alice"],
                department=department_b,
            )
        assert "department" in refused.value.message_dict

    def test_alice_sees_her_departments_invitations_only(self, fjordbo, people):
        department_a = people["Alice"].memberships.get().department
        department_b = people["Charlie"].memberships.get().department
        for email, department in (("a@x.example", department_a), ("b@x.example", department_b)):
            services.invitation_create(
                organisation=fjordbo,
                email=email,
                roles=["staff"],
                invited_by=people["Hanne"],
                department=department,
            )
        seen = set(access.invitations_for(people["Alice"]).values_list("email", flat=True))
        assert seen == {"a@x.example"}
        everything = set(access.invitations_for(people["Dorte"]).values_list("email", flat=True))
        assert everything == {"a@x.example", "b@x.example"}
