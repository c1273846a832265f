"""A room's members: the participant register (contact only where chosen), its XLSX export,
invitations through the one mechanism (new and existing accounts), revoking, roles, removing,
leaving, one's own settings, the last-owner rule, 403 for non-owners, 404 for non-members on
every route, and flat queries for 10 and 1,000 members."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.mail.models import OutboundEmail
from organisations.models import Organisation, User
from rooms.models import ActivityVerb, MemberRole, Room, RoomActivity, RoomInvitation, RoomMember
from rooms.services.members import room_invitation_create
from tests.factories import MembershipFactory, UserFactory
from tests.factories.rooms import room_with

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _member(room: Room, user: User) -> RoomMember:
    return RoomMember.objects.get(room=room, user=user)


def _url(name: str, room: Room, *args: object) -> str:
    return reverse(f"rooms:{name}", args=[room.pk, *args])


# --- The register ------------------------------------------------------------------------------


def test_the_register_shows_contact_details_only_where_chosen(
    alice: User, bob: User, fjordbo_room: Room
) -> None:
    RoomMember.objects.filter(room=fjordbo_room, user=bob).update(
        show_email=True, function="Driftschef"
    )
    html = _client(bob).get(_url("members", fjordbo_room)).content.decode()
    assert "bob@fjordbo.example" in html
    assert "alice@fjordbo.example" not in html  # Alice chose not to show it
    assert "Ikke vist" in html
    assert "Driftschef" in html
    assert "Fjordbo" in html  # the organisation of their active membership


def test_the_function_falls_back_to_the_job_function(
    alice: User, bob: User, fjordbo_room: Room
) -> None:
    job = bob.memberships.get().job_function
    assert job is not None
    rows = _client(alice).get(_url("members", fjordbo_room)).context["rows"]
    by_name = {row.name: row for row in rows}
    assert by_name["Bob Berg"].function == job.name
    assert by_name["Bob Berg"].organisations == ["Fjordbo"]


def test_owners_see_the_invite_form_and_members_do_not(
    alice: User, bob: User, fjordbo_room: Room
) -> None:
    assert (
        "Invitér en deltager" in _client(alice).get(_url("members", fjordbo_room)).content.decode()
    )
    assert (
        "Invitér en deltager"
        not in _client(bob).get(_url("members", fjordbo_room)).content.decode()
    )


def test_the_register_runs_the_same_queries_for_10_and_1000_members(
    alice: User, fjordbo: Organisation, fjordbo_room: Room
) -> None:
    def grow(total: int) -> None:
        have = RoomMember.objects.filter(room=fjordbo_room).count()
        users = get_user_model().objects.bulk_create(
            get_user_model()(email=f"m{have + i}@example.org", first_name=f"M{have + i}")
            for i in range(total - have)
        )
        from organisations.models import Membership

        Membership.objects.bulk_create(Membership(user=u, organisation=fjordbo) for u in users)
        RoomMember.objects.bulk_create(
            RoomMember(room=fjordbo_room, user=u, show_email=True) for u in users
        )

    client = _client(alice)
    grow(10)
    client.get(_url("members", fjordbo_room))  # the session's first request fills caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url("members", fjordbo_room)).status_code == 200
    grow(1000)
    with CaptureQueriesContext(connection) as many:
        response = client.get(_url("members", fjordbo_room))
    # One page of the register at a time; the count says how many there are in all.
    assert len(response.context["rows"]) == 50
    assert response.context["page"].paginator.count == 1000
    assert len(many) == len(few)


def test_owners_export_the_register_as_xlsx(alice: User, bob: User, fjordbo_room: Room) -> None:
    RoomMember.objects.filter(room=fjordbo_room, user=bob).update(show_email=True)
    response = _client(alice).get(_url("members_xlsx", fjordbo_room))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Navn", "Organisation", "Funktion", "Rolle"]
    flat = [str(value) for row in rows for value in row if value]
    assert "bob@fjordbo.example" in flat
    assert "alice@fjordbo.example" not in flat


def test_members_may_not_export_the_register(bob: User, fjordbo_room: Room) -> None:
    assert _client(bob).get(_url("members_xlsx", fjordbo_room)).status_code == 403


# --- Invitations -------------------------------------------------------------------------------


def test_an_owner_invites_someone_from_another_organisation(
    alice: User, fjordbo_room: Room, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        response = _client(alice).post(
            _url("invite", fjordbo_room),
            {"email": " Nina@Nordlys.example ", "first_name": "Nina", "role": MemberRole.GUEST},
        )
    assert response.status_code == 302
    invitation = RoomInvitation.objects.get()
    assert (invitation.email, invitation.role) == ("nina@nordlys.example", MemberRole.GUEST)
    mail = OutboundEmail.objects.get(dedupe_key=f"rooms-invitation:{invitation.pk}")
    assert mail.to == ["nina@nordlys.example"]
    assert reverse("rooms:invitation_accept", args=[invitation.token]) in mail.body
    assert "Helhedsplan Fjordparken" in mail.subject


def test_inviting_a_member_is_refused_beside_the_field(
    alice: User, bob: User, fjordbo_room: Room
) -> None:
    response = _client(alice).post(
        _url("invite", fjordbo_room), {"email": "BOB@fjordbo.example", "role": "member"}
    )
    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"] == [
        "Personen er allerede medlem af rummet."
    ]
    assert response.context["invite_form"]["email"].value() == "BOB@fjordbo.example"
    assert not RoomInvitation.objects.exists()


def test_a_second_open_invitation_and_a_bad_address_are_refused(
    alice: User, fjordbo_room: Room
) -> None:
    client = _client(alice)
    assert (
        client.post(_url("invite", fjordbo_room), {"email": "x@y.dk", "role": "member"}).status_code
        == 302
    )
    again = client.post(_url("invite", fjordbo_room), {"email": "X@y.dk", "role": "member"})
    assert again.status_code == 400
    assert "allerede sendt en invitation" in again.content.decode()
    bad = client.post(_url("invite", fjordbo_room), {"email": "ikke en adresse", "role": "boss"})
    assert bad.status_code == 400
    assert set(bad.context["invite_form"].errors) == {"email", "role"}
    assert RoomInvitation.objects.count() == 1


def test_members_may_not_invite(bob: User, fjordbo_room: Room) -> None:
    response = _client(bob).post(_url("invite", fjordbo_room), {"email": "x@y.dk", "role": "owner"})
    assert response.status_code == 403
    assert not RoomInvitation.objects.exists()


def test_a_new_person_creates_an_account_on_the_accept_page(
    alice: User, fjordbo_room: Room
) -> None:
    invitation = room_invitation_create(
        room=fjordbo_room, actor=alice, email="nina@nordlys.example", role=MemberRole.GUEST
    )
    url = reverse("rooms:invitation_accept", args=[invitation.token])
    client = Client()
    assert "Opret din konto" in client.get(url).content.decode()
    weak = client.post(
        url, {"first_name": "Nina", "last_name": "Nord", "password1": "1", "password2": "1"}
    )
    assert weak.status_code == 200 and weak.context["form"].errors
    assert not RoomMember.objects.filter(user__email="nina@nordlys.example").exists()
    response = client.post(
        url,
        {
            "first_name": "Nina",
            "last_name": "Nord",
            "password1": "Fjordparken-2026!",
            "password2": "Fjordparken-2026!",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("rooms:detail", args=[fjordbo_room.pk])
    member = RoomMember.objects.get(user__email="nina@nordlys.example")
    assert member.role == MemberRole.GUEST
    assert RoomActivity.objects.filter(
        room=fjordbo_room, actor=member.user, verb=ActivityVerb.JOINED
    ).exists()
    assert client.get(reverse("rooms:detail", args=[fjordbo_room.pk])).status_code == 200
    invitation.refresh_from_db()
    assert invitation.accepted_by == member.user
    # The link works once.
    assert "allerede brugt" in Client().get(url).content.decode()


def test_an_existing_account_accepts_while_logged_in(
    alice: User, olga: User, fjordbo_room: Room
) -> None:
    invitation = room_invitation_create(room=fjordbo_room, actor=alice, email=olga.email)
    url = reverse("rooms:invitation_accept", args=[invitation.token])
    assert "Log ind" in Client().get(url).content.decode()  # an account exists: log in first
    client = _client(olga)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert _member(fjordbo_room, olga).role == MemberRole.MEMBER


def test_another_logged_in_person_cannot_use_the_link(
    alice: User, bob: User, fjordbo_room: Room, olga: User
) -> None:
    invitation = room_invitation_create(
        room=fjordbo_room, actor=alice, email="nina@nordlys.example"
    )
    url = reverse("rooms:invitation_accept", args=[invitation.token])
    response = _client(olga).post(url)
    assert "en anden e-mailadresse" in response.content.decode()
    assert not RoomMember.objects.filter(room=fjordbo_room, user=olga).exists()


def test_an_unknown_token_is_404(client: Client) -> None:
    assert client.get(reverse("rooms:invitation_accept", args=["nope"])).status_code == 404


def test_an_owner_revokes_an_invitation(alice: User, fjordbo_room: Room) -> None:
    invitation = room_invitation_create(room=fjordbo_room, actor=alice, email="x@y.dk")
    response = _client(alice).post(_url("invitation_revoke", fjordbo_room, invitation.pk))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    page = Client().get(reverse("rooms:invitation_accept", args=[invitation.token]))
    assert "trukket tilbage" in page.content.decode()


def test_revoking_is_for_owners_and_for_this_rooms_invitations(
    alice: User, bob: User, fjordbo_room: Room
) -> None:
    invitation = room_invitation_create(room=fjordbo_room, actor=alice, email="x@y.dk")
    assert (
        _client(bob).post(_url("invitation_revoke", fjordbo_room, invitation.pk)).status_code == 403
    )
    other = room_with(alice, title="Andet rum")
    assert _client(alice).post(_url("invitation_revoke", other, invitation.pk)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


# --- Roles, removing, leaving --------------------------------------------------------------------


def test_an_owner_changes_a_role_and_removes_a_member(
    alice: User, bob: User, fjordbo_room: Room
) -> None:
    client = _client(alice)
    bob_member = _member(fjordbo_room, bob)
    assert (
        client.post(_url("member_role", fjordbo_room, bob_member.pk), {"role": "owner"}).status_code
        == 302
    )
    assert _member(fjordbo_room, bob).role == MemberRole.OWNER
    assert client.post(_url("member_remove", fjordbo_room, bob_member.pk)).status_code == 302
    assert not RoomMember.objects.filter(room=fjordbo_room, user=bob).exists()


def test_the_last_owner_is_never_demoted_or_removed(alice: User, fjordbo_room: Room) -> None:
    client = _client(alice)
    owner = _member(fjordbo_room, alice)
    response = client.post(
        _url("member_role", fjordbo_room, owner.pk), {"role": "member"}, follow=True
    )
    assert "mindst én ejer" in response.content.decode()
    response = client.post(_url("member_remove", fjordbo_room, owner.pk), follow=True)
    assert "mindst én ejer" in response.content.decode()
    assert _member(fjordbo_room, alice).role == MemberRole.OWNER


def test_a_bad_role_is_refused(alice: User, bob: User, fjordbo_room: Room) -> None:
    bob_member = _member(fjordbo_room, bob)
    response = _client(alice).post(
        _url("member_role", fjordbo_room, bob_member.pk), {"role": "konge"}, follow=True
    )
    assert "Vælg en af rollerne." in response.content.decode()
    assert _member(fjordbo_room, bob).role == MemberRole.MEMBER


def test_members_may_not_change_roles_or_remove(alice: User, bob: User, fjordbo_room: Room) -> None:
    owner = _member(fjordbo_room, alice)
    client = _client(bob)
    assert (
        client.post(_url("member_role", fjordbo_room, owner.pk), {"role": "guest"}).status_code
        == 403
    )
    assert client.post(_url("member_remove", fjordbo_room, owner.pk)).status_code == 403
    assert _member(fjordbo_room, alice).role == MemberRole.OWNER


def test_a_member_of_another_room_is_404(alice: User, bob: User, fjordbo_room: Room) -> None:
    other = room_with(alice, members=[bob], title="Andet rum")
    foreign = _member(other, bob)
    client = _client(alice)
    assert client.post(_url("member_remove", fjordbo_room, foreign.pk)).status_code == 404
    assert RoomMember.objects.filter(pk=foreign.pk).exists()


def test_a_member_leaves_and_the_last_owner_cannot(
    alice: User, bob: User, fjordbo_room: Room
) -> None:
    bob_client = _client(bob)
    assert bob_client.get(_url("leave", fjordbo_room)).status_code == 200
    response = bob_client.post(_url("leave", fjordbo_room))
    assert response["Location"] == reverse("rooms:list")
    assert not RoomMember.objects.filter(room=fjordbo_room, user=bob).exists()
    assert RoomActivity.objects.filter(room=fjordbo_room, verb=ActivityVerb.LEFT).exists()
    assert bob_client.get(reverse("rooms:detail", args=[fjordbo_room.pk])).status_code == 404
    response = _client(alice).post(_url("leave", fjordbo_room), follow=True)
    assert "mindst én ejer" in response.content.decode()
    assert RoomMember.objects.filter(room=fjordbo_room, user=alice).exists()


# --- My settings ---------------------------------------------------------------------------------


def test_a_member_saves_their_settings(bob: User, fjordbo_room: Room) -> None:
    client = _client(bob)
    assert client.get(_url("my_settings", fjordbo_room)).status_code == 200
    response = client.post(
        _url("my_settings", fjordbo_room),
        {"function": " Drift  og service ", "show_email": "on", "forum_notify": "straks"},
    )
    assert response.status_code == 302
    member = _member(fjordbo_room, bob)
    assert (member.function, member.show_email, member.show_phone, member.forum_notify) == (
        "Drift og service",
        True,
        False,
        "straks",
    )


def test_bad_settings_are_refused_and_kept(bob: User, fjordbo_room: Room) -> None:
    response = _client(bob).post(
        _url("my_settings", fjordbo_room), {"function": "x" * 200, "forum_notify": "hver time"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"function", "forum_notify"}
    assert _member(fjordbo_room, bob).function == ""


# --- 404 for non-members on every route ----------------------------------------------------------


def test_non_members_get_404_on_every_members_route(
    alice: User, bob: User, olga: User, fjordbo_room: Room
) -> None:
    invitation = room_invitation_create(room=fjordbo_room, actor=alice, email="x@y.dk")
    member = _member(fjordbo_room, bob)
    client = _client(olga)
    gets = ["members", "members_xlsx", "my_settings", "leave"]
    for name in gets:
        assert client.get(_url(name, fjordbo_room)).status_code == 404, name
    posts = [
        _url("invite", fjordbo_room),
        _url("invitation_revoke", fjordbo_room, invitation.pk),
        _url("member_role", fjordbo_room, member.pk),
        _url("member_remove", fjordbo_room, member.pk),
        _url("my_settings", fjordbo_room),
        _url("leave", fjordbo_room),
    ]
    for url in posts:
        assert client.post(url, {"email": "o@n.dk", "role": "owner"}).status_code == 404, url
    assert RoomMember.objects.filter(room=fjordbo_room).count() == 2
    assert RoomInvitation.objects.count() == 1


def test_a_room_that_does_not_exist_is_404(alice: User) -> None:
    assert _client(alice).get(reverse("rooms:members", args=[99999])).status_code == 404


def test_factories_make_owner_members_and_guests(alice: User, fjordbo: Organisation) -> None:
    guest = UserFactory.create(email="g@example.org")
    MembershipFactory.create(user=guest, organisation=fjordbo)
    room = room_with(alice, guests=[guest])
    roles = dict(RoomMember.objects.filter(room=room).values_list("user__email", "role"))
    assert roles == {"alice@fjordbo.example": "owner", "g@example.org": "guest"}
