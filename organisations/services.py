"""Writes for people, organisations and memberships.

Each service validates with ``full_clean``, runs in one transaction, writes an entry to Wagtail's
audit log and sends e-mail only once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from core import invitations
from core.db import save_or_refuse
from organisations import access, notifications
from organisations.models import (
    Department,
    Invitation,
    JobFunction,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
)

NETWORK_EDITORS_GROUP = "Netværksredaktører"


def allowed_roles(organisation: Organisation) -> list[str]:
    """Roles that make sense in this kind of organisation.

    Provider editors belong to course providers and network editors to the network
    secretariat; the other roles fit any organisation.
    """
    roles = [Role.STAFF, Role.MANAGER, Role.HR, Role.PROJECT_LEADER]
    if organisation.kind == OrganisationKind.PROVIDER:
        roles.append(Role.PROVIDER_EDITOR)
    if organisation.kind == OrganisationKind.NETWORK:
        roles.append(Role.NETWORK_EDITOR)
    return [str(role) for role in roles]


@transaction.atomic
def organisation_create(*, actor: User | None = None, **fields: object) -> Organisation:
    """Create an organisation (a boligorganisation, a course provider, a partner …)."""
    organisation = Organisation(**fields)
    organisation.full_clean()
    # A simultaneous twin may pass the check too; the constraint decides (see ``core.db``).
    save_or_refuse(organisation, field="cvr")
    log(organisation, "wagtail.create", user=actor)
    return organisation


@transaction.atomic
def department_create(
    *,
    organisation: Organisation,
    number: str,
    name: str,
    actor: User | None = None,
    **fields: object,
) -> Department:
    """Create a boligafdeling in ``organisation``; the number must be unique there."""
    department = Department(organisation=organisation, number=number, name=name, **fields)
    department.full_clean()
    save_or_refuse(department, field="number")
    log(department, "wagtail.create", user=actor)
    return department


@transaction.atomic
def user_create(
    *, email: str, password: str | None, first_name: str = "", last_name: str = ""
) -> User:
    """Create a person whose e-mail address is known to be theirs (verified)."""
    email = User.objects.normalize_email(email).lower()
    user = User(email=email, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    save_or_refuse(
        user, field="email", message=_("Der findes allerede en konto med denne e-mailadresse.")
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def user_groups_sync(*, user: User) -> None:
    """Keep the person's Wagtail groups in line with their editor roles.

    Network editors join the secretariat's group; a course provider's editors join the group
    that onboarding gave their organisation (``Organisation.editor_group``).
    """
    memberships = list(Membership.objects.active().filter(user=user).select_related("organisation"))
    network_group = network_editors_group()
    if any(m.role_network_editor for m in memberships):
        user.groups.add(network_group)
    else:
        user.groups.remove(network_group)
    provider_groups = Group.objects.filter(editor_of__isnull=False)
    wanted = {
        m.organisation.editor_group_id
        for m in memberships
        if m.role_provider_editor and m.organisation.editor_group_id
    }
    user.groups.remove(*provider_groups.exclude(pk__in=wanted))
    user.groups.add(*wanted)


def network_editors_group() -> Group:
    """The Wagtail group of the network secretariat's editors, with its permissions.

    Each app lists the permissions its network editors need in its AppConfig
    (``network_editor_permissions``, "app_label.codename"), so this module names no other app.
    """
    group, _created = Group.objects.get_or_create(name=NETWORK_EDITORS_GROUP)
    wanted: set[str] = set()
    for config in apps.get_app_configs():
        wanted.update(getattr(config, "network_editor_permissions", ()))
    condition = Q(pk__in=[])
    for dotted in wanted:
        app_label, codename = dotted.split(".", 1)
        condition |= Q(content_type__app_label=app_label, codename=codename)
    missing = Permission.objects.filter(condition).exclude(group=group)
    if missing.exists():
        group.permissions.add(*missing)
    _grant_tree_permissions(group)
    return group


NETWORK_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
NETWORK_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
)


def _grant_tree_permissions(group: Group) -> None:
    """The secretariat edits, approves and publishes anywhere in the page tree and media."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is not None and not GroupPagePermission.objects.filter(group=group, page=root).exists():
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=NETWORK_PAGE_PERMISSIONS
        ):
            GroupPagePermission.objects.create(group=group, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    if (
        collection is not None
        and not GroupCollectionPermission.objects.filter(
            group=group, collection=collection
        ).exists()
    ):
        for app_label, codename in NETWORK_COLLECTION_PERMISSIONS:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.create(
                group=group, collection=collection, permission=permission
            )


def _set_roles(membership: Membership, roles: Iterable[str]) -> None:
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError(_("Ukendt rolle: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    for role in Role.values:
        setattr(membership, Membership.role_field(role), role in wanted)


@transaction.atomic
def membership_create(
    *,
    user: User,
    organisation: Organisation,
    roles: Iterable[str],
    department: Department | None = None,
    job_function: JobFunction | None = None,
    title: str = "",
    actor: User | None = None,
) -> Membership:
    """Make ``user`` a member of ``organisation`` with the given roles and job function."""
    membership = Membership(
        user=user,
        organisation=organisation,
        department=department,
        job_function=job_function,
        title=title,
    )
    _set_roles(membership, roles)
    membership.full_clean()
    save_or_refuse(membership, field="user")
    user_groups_sync(user=user)
    log(membership, "wagtail.create", user=actor, data={"roles": sorted(membership.roles)})
    return membership


@transaction.atomic
def membership_set_roles(
    *, membership: Membership, roles: Iterable[str], actor: User
) -> Membership:
    """Replace the roles of a membership."""
    _set_roles(membership, roles)
    membership.full_clean()
    # ``updated_at`` too: a change the save does not name is invisible to the API's sync.
    membership.save(update_fields=[*(Membership.role_field(r) for r in Role.values), "updated_at"])
    user_groups_sync(user=membership.user)
    log(membership, "lms.membership.roles", user=actor, data={"roles": sorted(membership.roles)})
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, roles: Iterable[str], actor: User) -> Membership:
    """Save a membership as edited in the back office: its department, job function, title,
    whether it is active, and its roles."""
    membership.save(
        update_fields=["department", "job_function", "title", "is_active", "updated_at"]
    )
    return membership_set_roles(membership=membership, roles=roles, actor=actor)


# --- Invitations -------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    roles: Iterable[str],
    invited_by: User,
    first_name: str = "",
    last_name: str = "",
    department: Department | None = None,
    job_function: JobFunction | None = None,
) -> Invitation:
    """Invite a person into ``organisation`` and e-mail them the link once committed.

    Refuses an address that is already a member or already has an open invitation, roles that
    do not fit the organisation, and granting HR without being HR.
    """
    email = invitations.normalise_email(email)
    roles = sorted(set(roles))
    # "One open invitation per address" has no constraint (expiry is a moment, not a column
    # value an index can test), so two managers inviting the same person at once would both
    # pass the check below and send two links. Invitations to one organisation queue here.
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk"))
    errors: dict[str, list[str]] = {}
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        errors["email"] = [_("Personen er allerede medlem af organisationen.")]
    elif Invitation.objects.open().to_address(email).filter(organisation=organisation).exists():
        errors["email"] = [_("Der er allerede sendt en invitation til denne adresse.")]
    if not roles:
        errors["roles"] = [_("Vælg mindst én rolle.")]
    elif set(roles) - set(allowed_roles(organisation)):
        errors["roles"] = [_("En af rollerne passer ikke til denne type organisation.")]
    elif Role.HR in roles and not access.may_grant_hr(invited_by, organisation):
        errors["roles"] = [_("Kun HR kan give HR-rollen.")]
    if department is not None and department.organisation_id != organisation.pk:
        errors["department"] = [_("Afdelingen hører ikke til denne organisation.")]
    scope = access.department_scope(invited_by, organisation)
    if scope is not None and (department is None or department.pk != scope):
        errors["department"] = [_("Som afdelingsleder kan du kun invitere til din egen afdeling.")]
    if errors:
        raise ValidationError(errors)

    invitation = Invitation(
        organisation=organisation,
        email=email,
        first_name=first_name,
        last_name=last_name,
        roles=roles,
        department=department,
        job_function=job_function,
        invited_by=invited_by,
    )
    invitation.full_clean()
    invitation.save()
    log(invitation, "lms.invitation.create", user=invited_by, data={"email": email})
    transaction.on_commit(lambda: notifications.send_invitation(invitation_id=invitation.pk))
    return invitation


# Whom to ask for a new link: the organisation's HR or the person's manager.
WORDING = invitations.Wording(
    revoked=gettext_lazy("Invitationen er trukket tilbage. Bed om en ny invitation."),
    expired=gettext_lazy("Invitationen er udløbet. Bed HR eller din leder om at sende en ny."),
)


def invitation_check(*, invitation: Invitation) -> None:
    """Raise ``ValidationError`` with a Danish message if the invitation cannot be accepted."""
    invitations.check_open(invitation, WORDING)


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> Membership:
    """Accept an invitation: create the person (unless ``user`` is given) and the membership.

    A person an HR import created already has an account (without a password) and a
    membership: the account gets the name and password typed here, the membership is kept.
    The invitation row is locked, so a link clicked twice at once creates one membership; a
    second use is refused.
    """
    invitation = invitations.lock_open(
        Invitation.objects.select_for_update().select_related("organisation"),
        token=token,
        wording=WORDING,
    )
    person: User = invitations.accepting_person(
        invitation,
        user=user,
        first_name=first_name,
        last_name=last_name,
        password=password,
        create_account=user_create,
    )
    # An HR import made the membership with the account (the invitation only lets the person
    # in): it stays as the HR file has it — roles, department, and whether it is active.
    membership = Membership.objects.filter(
        user=person, organisation=invitation.organisation
    ).first() or membership_create(
        user=person,
        organisation=invitation.organisation,
        roles=invitation.roles,
        department=invitation.department,
        job_function=invitation.job_function,
        actor=person,
    )
    invitations.mark_accepted(invitation, person)
    log(invitation, "lms.invitation.accept", user=person)
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    """Withdraw an invitation that has not been accepted."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitations.mark_revoked(invitation):
        log(invitation, "lms.invitation.revoke", user=actor)
    return invitation
