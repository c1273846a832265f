"""List views render with a fixed number of queries, whatever the number of rows."""

import pytest
from django.urls import reverse

from organisations.models import Department, Membership, Organisation, User

# The fixed budgets: the same at 10 and at 1,000 rows. For people without a project-leader, HR
# or manager role the header asks once whether they are on a building project (+1) and once
# whether they are named in a process (+1, issue 13).
# Staff: the header asks once whether the person is in any project room (issue 14).
DETAIL_QUERIES = 17
DEPARTMENT_QUERIES = 17
INVITATION_QUERIES = 16  # HR (leads processes: no ask) + the header's count of requests
# The list is for the network editor: the two-factor gate asks on every view whether a holder
# of a two-factor role has TOTP (+1), as it did for the invitation list (HR) before.
LIST_QUERIES = 16


def add_members(organisation: Organisation, count: int) -> None:
    department = organisation.departments.first()
    users = User.objects.bulk_create(
        User(email=f"p{organisation.pk}-{i}@example.dk", first_name="Person", last_name=str(i))
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, department=department) for user in users
    )


def add_departments(organisation: Organisation, count: int) -> None:
    Department.objects.bulk_create(
        Department(organisation=organisation, number=f"9{i:04d}", name=f"Afdeling {i}")
        for i in range(count)
    )


def get_measured(client, url, django_assert_num_queries, expected):
    """GET ``url`` with exactly ``expected`` queries, after one warm-up request.

    The warm-up lets per-site rows (site settings, menu) be created once, as they are in use.
    """
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.mark.parametrize("size", [10, 1000])
    def test_organisation_detail_is_flat(
        self, client, fjordbo, bob, size, django_assert_num_queries
    ):
        client.force_login(bob)
        url = reverse("organisations:detail", args=[fjordbo.pk])
        add_members(fjordbo, size)
        add_departments(fjordbo, size)
        response = get_measured(client, url, django_assert_num_queries, DETAIL_QUERIES)
        assert "Person" in response.content.decode()

    @pytest.mark.parametrize("size", [10, 1000])
    def test_department_detail_is_flat(self, client, fjordbo, bob, size, django_assert_num_queries):
        client.force_login(bob)
        department = fjordbo.departments.first()
        add_members(fjordbo, size)
        url = reverse("organisations:department", args=[fjordbo.pk, department.pk])
        response = get_measured(client, url, django_assert_num_queries, DEPARTMENT_QUERIES)
        assert "Person" in response.content.decode()

    @pytest.mark.parametrize("size", [10, 1000])
    def test_invitation_list_is_flat(self, client, fjordbo, alice, size, django_assert_num_queries):
        from organisations.models import Invitation

        client.force_login(alice)
        Invitation.objects.bulk_create(
            Invitation(
                organisation=fjordbo,
                email=f"i{i}@example.dk",
                roles=["staff"],
                invited_by=alice,
                token=f"t{i}",
            )
            for i in range(size)
        )
        url = reverse("organisations:invitations", args=[fjordbo.pk])
        response = get_measured(client, url, django_assert_num_queries, INVITATION_QUERIES)
        assert response.content.decode().count("@example.dk</td>") == min(size, 50)

    @pytest.mark.parametrize("size", [10, 1000])
    def test_organisation_list_is_flat(self, client, size, django_assert_num_queries):
        from organisations import services

        network = services.organisation_create(name="Sekretariatet", kind="network")
        user = services.user_create(email="net@example.dk", password="Hemmelig-kode-1")
        services.membership_create(user=user, organisation=network, roles=["network_editor"])
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(user, "ALMENDEMOTOTPSECRETKEY234567ABCD")
        Organisation.objects.bulk_create(
            Organisation(name=f"Boligorganisation {i}", kind="housing") for i in range(size)
        )
        client.force_login(user)
        response = get_measured(
            client, reverse("organisations:list"), django_assert_num_queries, LIST_QUERIES
        )
        assert "Boligorganisation 1" in response.content.decode()
