"""The network secretariat's admin listings: they open, and stay flat as rows grow."""

import pytest

from organisations import services
from organisations.models import Department, Membership, User
from tests.factories.organisations import totp_activate

LISTINGS = ["organisationer", "afdelinger", "medlemskaber", "funktioner", "invitationer"]


@pytest.fixture
def maria(db):
    network = services.organisation_create(name="Sekretariatet", kind="network")
    user = services.user_create(email="maria@net.example", password="Hemmelig-kode-1")
    services.membership_create(user=user, organisation=network, roles=["staff", "network_editor"])
    totp_activate(user)
    return user


def test_every_listing_opens_for_a_network_editor(client, maria):
    client.force_login(maria)
    for prefix in LISTINGS:
        assert client.get(f"/admin/{prefix}/").status_code == 200, prefix


def test_other_roles_do_not_see_them(client, fjordbo, alice):
    client.force_login(alice)  # HR, with TOTP, but not a network editor
    for prefix in LISTINGS:
        assert client.get(f"/admin/{prefix}/").status_code in (302, 403), prefix


# 15 since the two-factor gate reads the person's memberships once per request (issue 11).
MEMBERSHIP_LISTING_QUERIES = 14  # the gate's TOTP check rides on the memberships query


@pytest.mark.parametrize("count", [10, 1000])
def test_the_membership_listing_is_flat(client, maria, fjordbo, count, django_assert_num_queries):
    department = Department.objects.create(organisation=fjordbo, number="900", name="Stor")
    users = User.objects.bulk_create(
        User(email=f"m{i}@example.dk", first_name="M", last_name=str(i)) for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=fjordbo, department=department) for u in users
    )
    client.force_login(maria)
    client.get("/admin/medlemskaber/")
    with django_assert_num_queries(MEMBERSHIP_LISTING_QUERIES):
        response = client.get("/admin/medlemskaber/")
    assert response.status_code == 200
