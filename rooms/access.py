"""Who may see and do what in the project web: the one access policy of ``rooms`` (shape in
``core/access.py``).

- A room is visible to its **members** only; everybody else — other organisations, network
  editors, HR of the owning organisation — gets 404 for the room and everything in it
  (documents, files, meetings, threads, posts, votes, agreements).
- **Owners** (ejer) invite and remove members, edit the room, create folders, hide posts and
  lock threads, open and close votes, export the participant register, and keep the ERFA
  group's agreements like any member.
- **Members** upload documents and new versions, call meetings and add minutes, write in the
  forum, vote, note agreements and share a group insight as a lesson.
- **Guests** (gæst) read, reply to meeting invitations, write in the forum and vote; they do
  not upload, call meetings or note agreements.
- Who may create a room: HR, managers and project leaders create rooms of their organisation;
  network editors create the network's rooms (no organisation). The creator becomes its owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model
from django.http import Http404

from organisations import access
from organisations.models import Organisation, Role
from rooms.models import (
    Agreement,
    Document,
    DocumentVersion,
    Folder,
    Meeting,
    MemberRole,
    Post,
    PostAttachment,
    Room,
    RoomInvitation,
    RoomKind,
    RoomMember,
    RoomQuerySet,
    Thread,
    Vote,
)

if TYPE_CHECKING:
    from organisations.access import AnyUser

CREATE_ROLES = (Role.HR, Role.MANAGER, Role.PROJECT_LEADER)

_Row = TypeVar("_Row", bound=Model)


# --- Rooms ------------------------------------------------------------------------------------


def rooms_for(user: AnyUser) -> RoomQuerySet:
    """The rooms the person is a member of (the only rooms they may see)."""
    if not user.is_authenticated:
        return Room.objects.none()
    return Room.objects.filter(members__user_id=user.pk)


def get_room_for(user: AnyUser, pk: int) -> Room:
    """One room the person is a member of, or 404."""
    room = rooms_for(user).select_related("organisation").filter(pk=pk).first()
    if room is None:
        raise Http404
    return room


def get_erfa_room_for(user: AnyUser, pk: int) -> Room:
    """An erfaringsgruppe the person is a member of, or 404 (its agreements and shared
    lessons exist only there: another kind of room has no such pages)."""
    room = get_room_for(user, pk)
    if room.kind != RoomKind.ERFA:
        raise Http404
    return room


def membership(user: AnyUser, room: Room) -> RoomMember | None:
    """The person's membership of ``room`` (cached on the room for the request)."""
    if user.pk is None:
        return None
    cache: dict[int, RoomMember | None] = room.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = RoomMember.objects.filter(room=room, user_id=user.pk).first()
    return cache[user.pk]


def role_in(user: AnyUser, room: Room) -> str | None:
    member = membership(user, room) if user.is_authenticated else None
    return member.role if member else None


def is_owner(user: AnyUser, room: Room) -> bool:
    return role_in(user, room) == MemberRole.OWNER


def is_contributor(user: AnyUser, room: Room) -> bool:
    """Owners and members (not guests) upload, call meetings and note agreements."""
    return role_in(user, room) in (MemberRole.OWNER, MemberRole.MEMBER)


def is_member(user: AnyUser, room: Room) -> bool:
    return role_in(user, room) is not None


def creatable_organisations(user: AnyUser) -> list[Organisation]:
    """The organisations in which the person may create a room, by name."""
    ids = access.organisation_ids_with_any_role(user, CREATE_ROLES)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def may_create_network_room(user: AnyUser) -> bool:
    return access.is_network_editor(user)


def may_create_room(user: AnyUser) -> bool:
    return may_create_network_room(user) or bool(
        access.organisation_ids_with_any_role(user, CREATE_ROLES)
    )


# --- Objects in a room (the caller got ``room`` from the policy) ------------------------------


def _one(row: _Row | None) -> _Row:
    if row is None:
        raise Http404
    return row


def get_member_for(user: AnyUser, room: Room, pk: int) -> RoomMember:
    return _one(RoomMember.objects.filter(room=room, pk=pk).select_related("user").first())


def get_invitation_for(user: AnyUser, room: Room, pk: int) -> RoomInvitation:
    return _one(RoomInvitation.objects.filter(room=room, pk=pk).first())


def get_folder_for(user: AnyUser, room: Room, pk: int) -> Folder:
    return _one(Folder.objects.filter(room=room, pk=pk).first())


def get_document_for(user: AnyUser, room: Room, pk: int) -> Document:
    return _one(Document.objects.filter(room=room, pk=pk).select_related("folder").first())


def get_version_for(user: AnyUser, room: Room, pk: int) -> DocumentVersion:
    return _one(
        DocumentVersion.objects.filter(document__room=room, pk=pk)
        .select_related("document")
        .first()
    )


def get_meeting_for(user: AnyUser, room: Room, pk: int) -> Meeting:
    return _one(Meeting.objects.filter(room=room, pk=pk).first())


def get_thread_for(user: AnyUser, room: Room, pk: int) -> Thread:
    return _one(Thread.objects.filter(room=room, pk=pk).first())


def get_post_for(user: AnyUser, room: Room, pk: int) -> Post:
    return _one(Post.objects.filter(thread__room=room, pk=pk).select_related("thread").first())


def get_attachment_for(user: AnyUser, room: Room, pk: int) -> PostAttachment:
    return _one(
        PostAttachment.objects.filter(post__thread__room=room, pk=pk, post__deleted_at=None)
        .select_related("post__thread")
        .first()
    )


def get_vote_for(user: AnyUser, room: Room, pk: int) -> Vote:
    return _one(Vote.objects.filter(room=room, pk=pk).first())


def get_agreement_for(user: AnyUser, room: Room, pk: int) -> Agreement:
    return _one(Agreement.objects.filter(room=room, pk=pk).select_related("responsible").first())


# --- Actions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomActions:
    """What the person may do in a room they are a member of."""

    can_manage: bool  # edit the room, invite and remove members, export the register
    can_contribute: bool  # upload, call meetings, add minutes, note agreements, share lessons
    can_post: bool  # write in the forum, reply to meetings, vote
    can_moderate: bool  # hide posts, lock threads
    can_open_votes: bool


def actions_for(user: AnyUser, room: Room) -> RoomActions:
    owner = is_owner(user, room)
    return RoomActions(
        can_manage=owner,
        can_contribute=is_contributor(user, room),
        can_post=is_member(user, room),
        can_moderate=owner,
        can_open_votes=owner,
    )


@dataclass(frozen=True)
class PostActions:
    can_edit: bool
    can_delete: bool
    can_hide: bool


def post_actions_for(user: AnyUser, room: Room, post: Post) -> PostActions:
    """Authors edit and delete their own posts (not in a locked thread); owners hide any."""
    own = post.author_id is not None and post.author_id == user.pk and post.deleted_at is None
    unlocked = post.thread.locked_at is None
    return PostActions(
        can_edit=own and unlocked,
        can_delete=own,
        can_hide=is_owner(user, room) and post.deleted_at is None,
    )


@dataclass(frozen=True)
class DocumentActions:
    can_upload_version: bool
    can_move: bool
    can_delete: bool


def document_actions_for(user: AnyUser, room: Room, document: Document) -> DocumentActions:
    """Contributors add versions and move documents; owners, and whoever uploaded the first
    version while still a contributor, delete them (a guest only reads and downloads)."""
    contributor = is_contributor(user, room)
    first_uploader = document.created_by_id is not None and document.created_by_id == user.pk
    return DocumentActions(
        can_upload_version=contributor,
        can_move=contributor,
        can_delete=is_owner(user, room) or (contributor and first_uploader),
    )
