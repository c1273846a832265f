"""An erfaringsgruppe's aftaler and a group insight shared as a lesson: members note and follow
up agreements, guests read, other rooms and non-members get 404; a shared lesson names nobody in
the group and the organisation only with its consent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from onsite.models import Lesson, LessonSharing
from onsite.models.lessons import LessonSource
from organisations.models import Organisation, User
from rooms.models import (
    ActivityVerb,
    Agreement,
    AgreementStatus,
    Meeting,
    MemberRole,
    Room,
    RoomActivity,
    RoomKind,
    RoomMember,
)
from rooms.services.erfa import agreement_create, agreement_update, lesson_share
from tests.factories import OrganisationFactory, person

pytestmark = pytest.mark.django_db


@dataclass
class World:
    fjordbo: Organisation
    room: Room
    other_room: Room
    owner: User
    member: User
    guest: User
    outsider: User
    meeting: Meeting


def _join(room: Room, user: User, role: str = MemberRole.MEMBER) -> None:
    RoomMember.objects.create(room=room, user=user, role=role)


@pytest.fixture
def world() -> World:
    fjordbo = OrganisationFactory.create(name="Boligselskabet Fjordbo")
    owner = person("henrik@fjordbo.example", fjordbo, first_name="Henrik", last_name="Holm")
    member = person("amina@fjordbo.example", fjordbo, first_name="Amina", last_name="Aziz")
    guest = person("karen@fjordbo.example", fjordbo, first_name="Karen", last_name="Kjær")
    outsider = person("ole@fjordbo.example", fjordbo, first_name="Ole", last_name="Olsen")
    room = Room.objects.create(kind=RoomKind.ERFA, title="ERFA Fjordparken", organisation=fjordbo)
    _join(room, owner, MemberRole.OWNER)
    _join(room, member)
    _join(room, guest, MemberRole.GUEST)
    # A development room the same people are in: it has no agreements pages.
    other_room = Room.objects.create(
        kind=RoomKind.DEVELOPMENT, title="Udviklingsprojekt", organisation=fjordbo
    )
    _join(other_room, owner, MemberRole.OWNER)
    _join(other_room, member)
    start = timezone.now() - datetime.timedelta(days=7)
    meeting = Meeting.objects.create(
        room=room, title="ERFA-møde 1", starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    return World(fjordbo, room, other_room, owner, member, guest, outsider, meeting)


def _agreement(w: World, what: str = "Tjekliste til genhusningen", **kw: object) -> Agreement:
    return Agreement.objects.create(room=w.room, what=what, created_by=w.owner, **kw)


def _routes(room: Room, agreement_pk: int = 1) -> list[str]:
    return [
        reverse("rooms:agreements", args=[room.pk]),
        reverse("rooms:agreement_create", args=[room.pk]),
        reverse("rooms:agreement_edit", args=[room.pk, agreement_pk]),
        reverse("rooms:lesson_share", args=[room.pk]),
    ]


# --- Agreements: services ----------------------------------------------------------------


class TestAgreementServices:
    def test_create_notes_activity_and_log(self, world: World) -> None:
        due = timezone.localdate() + datetime.timedelta(days=14)
        agreement = agreement_create(
            room=world.room,
            actor=world.member,
            what="  Driften og boligsocial laver en tjekliste til genhusningen ",
            responsible=world.owner,
            due_on=due,
            meeting=world.meeting,
        )
        assert agreement.status == AgreementStatus.OPEN
        assert agreement.what.startswith("Driften")
        assert agreement.created_by == world.member
        assert RoomActivity.objects.filter(
            room=world.room, verb=ActivityVerb.AGREEMENT, actor=world.member
        ).exists()
        assert ModelLogEntry.objects.filter(action="rooms.agreement.create").count() == 1

    def test_responsible_must_be_a_member(self, world: World) -> None:
        with pytest.raises(ValidationError) as error:
            agreement_create(
                room=world.room, actor=world.owner, what="X", responsible=world.outsider
            )
        assert "responsible" in error.value.message_dict
        assert not Agreement.objects.exists()

    def test_meeting_of_another_room_is_refused(self, world: World) -> None:
        start = timezone.now()
        foreign = Meeting.objects.create(
            room=world.other_room, title="Andet", starts_at=start, ends_at=start.replace(year=2100)
        )
        with pytest.raises(ValidationError) as error:
            agreement_create(room=world.room, actor=world.owner, what="X", meeting=foreign)
        assert "meeting" in error.value.message_dict

    def test_blank_what_is_refused(self, world: World) -> None:
        with pytest.raises(ValidationError) as error:
            agreement_create(room=world.room, actor=world.owner, what="   ")
        assert "what" in error.value.message_dict

    def test_guest_may_not_note(self, world: World) -> None:
        with pytest.raises(PermissionDenied):
            agreement_create(room=world.room, actor=world.guest, what="X")

    def test_not_in_other_kinds_of_room(self, world: World) -> None:
        with pytest.raises(ValidationError):
            agreement_create(room=world.other_room, actor=world.owner, what="X")

    def test_update_follows_up(self, world: World) -> None:
        agreement = _agreement(world)
        updated = agreement_update(
            agreement=agreement,
            actor=world.member,
            what=agreement.what,
            status=AgreementStatus.DONE,
            follow_up="Tjeklisten er brugt ved de første ti flytninger.",
            responsible=world.member,
            due_on=None,
        )
        updated.refresh_from_db()
        assert updated.status == AgreementStatus.DONE
        assert updated.follow_up.startswith("Tjeklisten")
        assert updated.responsible == world.member
        assert ModelLogEntry.objects.filter(action="rooms.agreement.update").count() == 1


# --- Agreements: pages -------------------------------------------------------------------


class TestAgreementPages:
    def test_list_open_first_overdue_in_words(self, client, world: World) -> None:
        today = timezone.localdate()
        _agreement(world, "Udført aftale", status=AgreementStatus.DONE)
        _agreement(world, "Forsinket aftale", due_on=today - datetime.timedelta(days=2))
        _agreement(world, "Kommende aftale", due_on=today + datetime.timedelta(days=5))
        client.force_login(world.guest)
        response = client.get(reverse("rooms:agreements", args=[world.room.pk]))
        assert response.status_code == 200
        page = response.content.decode()
        assert page.index("Forsinket aftale") < page.index("Kommende aftale")
        assert page.index("Kommende aftale") < page.index("Udført aftale")
        assert "Overskredet" in page
        assert "fristen er overskredet" in page
        # A guest reads but is offered no way to write.
        assert reverse("rooms:agreement_create", args=[world.room.pk]) not in page

    def test_member_creates_through_the_form(self, client, world: World) -> None:
        client.force_login(world.member)
        url = reverse("rooms:agreement_create", args=[world.room.pk])
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "what": "Udlejningen giver driften besked om ledige boliger.",
                "responsible": world.member.pk,
                "due_on": "2030-01-31",
                "meeting": world.meeting.pk,
            },
        )
        assert response.status_code == 302
        agreement = Agreement.objects.get()
        assert agreement.responsible == world.member
        assert agreement.meeting == world.meeting
        assert agreement.due_on == datetime.date(2030, 1, 31)

    def test_bad_input_is_shown_beside_the_field_and_kept(self, client, world: World) -> None:
        client.force_login(world.member)
        url = reverse("rooms:agreement_create", args=[world.room.pk])
        response = client.post(url, {"what": "Min aftale", "due_on": "ikke en dato"})
        assert response.status_code == 400
        assert "due_on" in response.context["form"].errors
        assert "Min aftale" in response.content.decode()
        assert not Agreement.objects.exists()

    def test_edit_sets_status_and_follow_up(self, client, world: World) -> None:
        agreement = _agreement(world)
        client.force_login(world.owner)
        url = reverse("rooms:agreement_edit", args=[world.room.pk, agreement.pk])
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "what": agreement.what,
                "status": AgreementStatus.DONE,
                "follow_up": "Klaret.",
                "responsible": world.member.pk,
                "due_on": "",
                "meeting": "",
            },
        )
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert (agreement.status, agreement.follow_up) == (AgreementStatus.DONE, "Klaret.")
        assert agreement.responsible == world.member

    def test_guest_cannot_create_or_edit_or_share(self, client, world: World) -> None:
        agreement = _agreement(world)
        client.force_login(world.guest)
        for url in _routes(world.room, agreement.pk)[1:]:
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"what": "X"}).status_code == 403, url
        assert Agreement.objects.count() == 1

    def test_non_member_gets_404_on_every_route(self, client, world: World) -> None:
        agreement = _agreement(world)
        client.force_login(world.outsider)
        for url in _routes(world.room, agreement.pk):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"what": "X"}).status_code == 404, url

    def test_other_kind_of_room_gets_404_on_every_route(self, client, world: World) -> None:
        client.force_login(world.owner)
        for url in _routes(world.other_room):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"what": "X"}).status_code == 404, url

    def test_agreement_of_another_room_is_404(self, client, world: World) -> None:
        second = Room.objects.create(kind=RoomKind.ERFA, title="Anden gruppe")
        foreign = Agreement.objects.create(room=second, what="Fremmed")
        client.force_login(world.owner)
        url = reverse("rooms:agreement_edit", args=[world.room.pk, foreign.pk])
        assert client.get(url).status_code == 404

    def test_list_query_count_is_flat(self, client, world: World) -> None:
        def add(count: int) -> None:
            today = timezone.localdate()
            Agreement.objects.bulk_create(
                Agreement(
                    room=world.room,
                    what=f"Aftale {i}",
                    responsible=world.member,
                    meeting=world.meeting,
                    due_on=today + datetime.timedelta(days=i % 40 - 20),
                    status=(AgreementStatus.OPEN, AgreementStatus.DONE)[i % 2],
                )
                for i in range(count)
            )

        client.force_login(world.member)
        url = reverse("rooms:agreements", args=[world.room.pk])
        add(10)
        client.get(url)
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        add(990)
        with CaptureQueriesContext(connection) as large:
            assert client.get(url).status_code == 200
        assert len(large.captured_queries) == len(small.captured_queries)


# --- A group insight shared as a lesson ---------------------------------------------------

STORY = {
    "title": "Væggen der blev flyttet",
    "summary": "Amina fortalte, at beboerne brugte hjørnet. Henrik Holm flyttede væggen.",
    "what_we_learned": "Aminas og Karens viden om beboerne ændrede projektet.",
    "do_differently": "Vi spørger driften (amina@fjordbo.example) før hver fase.",
}


class TestLessonShare:
    def test_names_of_every_member_are_scrubbed(self, world: World) -> None:
        lesson = lesson_share(room=world.room, actor=world.member, **STORY)
        text = " ".join(
            [lesson.title, lesson.summary, lesson.what_we_learned, lesson.do_differently]
        )
        for name in ("Amina", "Henrik", "Holm", "Karen", "amina@"):
            assert name not in text
        assert (
            lesson.summary == "[navn] fortalte, at beboerne brugte hjørnet. [navn] flyttede væggen."
        )
        assert lesson.what_we_learned == "[navn]s og [navn]s viden om beboerne ændrede projektet."
        assert "[e-mail]" in lesson.do_differently
        assert lesson.source == LessonSource.GROUP
        assert lesson.entry is None
        assert lesson.source_title == "Erfaringsgruppe"
        assert world.room.title not in lesson.source_title
        assert RoomActivity.objects.filter(room=world.room, verb=ActivityVerb.LESSON).exists()
        assert ModelLogEntry.objects.filter(action="rooms.lesson.share").count() == 1

    def test_organisation_only_with_consent(self, world: World) -> None:
        hidden = lesson_share(room=world.room, actor=world.member, **STORY)
        assert hidden.show_organisation is False
        LessonSharing.objects.create(organisation=world.fjordbo, name_in_lessons=True)
        shown = lesson_share(room=world.room, actor=world.member, **{**STORY, "title": "Nr. 2"})
        assert shown.show_organisation is True

    def test_network_group_cannot_share(self, world: World) -> None:
        network = Room.objects.create(kind=RoomKind.ERFA, title="Netværkets ERFA")
        _join(network, world.owner, MemberRole.OWNER)
        with pytest.raises(ValidationError) as error:
            lesson_share(room=network, actor=world.owner, **STORY)
        assert "netværket" in error.value.messages[0]
        assert not Lesson.objects.exists()

    def test_guest_cannot_share(self, world: World) -> None:
        with pytest.raises(PermissionDenied):
            lesson_share(room=world.room, actor=world.guest, **STORY)

    def test_preview_then_publish_through_the_page(self, client, world: World) -> None:
        client.force_login(world.member)
        url = reverse("rooms:lesson_share", args=[world.room.pk])
        assert client.get(url).status_code == 200
        preview = client.post(url, {**STORY, "preview": "1"})
        assert preview.status_code == 200
        assert preview.context["preview"]["summary"].startswith("[navn] fortalte")
        assert not Lesson.objects.exists()
        unconfirmed = client.post(url, {**STORY, "publish": "1"})
        assert unconfirmed.status_code == 400
        assert "confirm" in unconfirmed.context["form"].errors
        assert not Lesson.objects.exists()
        published = client.post(url, {**STORY, "publish": "1", "confirm": "on"})
        lesson = Lesson.objects.get()
        assert published.status_code == 302
        assert published["Location"] == reverse("onsite:lesson_detail", args=[lesson.pk])

    def test_network_group_is_refused_on_the_page(self, client, world: World) -> None:
        network = Room.objects.create(kind=RoomKind.ERFA, title="Netværkets ERFA")
        _join(network, world.owner, MemberRole.OWNER)
        client.force_login(world.owner)
        url = reverse("rooms:lesson_share", args=[network.pk])
        response = client.post(url, {**STORY, "publish": "1", "confirm": "on"})
        assert response.status_code == 400
        assert "derfor ikke dele erfaringer" in str(response.context["form"].non_field_errors())
        assert not Lesson.objects.exists()


# --- Demo ------------------------------------------------------------------------------------


def test_demo_seed_is_idempotent(world: World) -> None:
    from types import SimpleNamespace

    from rooms.demo import erfa as demo

    people = {
        "henrik": world.owner,
        "amina": world.member,
        "karen": world.guest,
        "peter": person("peter@fjordbo.example", world.fjordbo, first_name="Peter"),
        "birthe": person("birthe@fjordbo.example", world.fjordbo, first_name="Birthe"),
    }
    for key in ("peter", "birthe"):
        _join(world.room, people[key])
    rooms = SimpleNamespace(erfa=world.room, people=people)
    demo.seed(rooms)
    demo.seed(rooms)
    agreements = Agreement.objects.filter(room=world.room)
    assert agreements.count() == 4
    assert agreements.filter(status=AgreementStatus.DONE).count() == 1
    today = timezone.localdate()
    overdue = agreements.filter(status=AgreementStatus.OPEN, due_on__lt=today)
    assert overdue.count() == 1
    assert agreements.filter(status=AgreementStatus.OPEN, due_on__gte=today).count() == 2
    assert agreements.filter(responsible__isnull=True).count() == 0
    assert agreements.values("meeting").distinct().count() == 2
    lessons = Lesson.objects.filter(source=LessonSource.GROUP)
    assert lessons.count() == 1
    assert "Henrik" not in lessons.get().summary
