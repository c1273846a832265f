"""Writes of building projects: the project, its parties, its members and invitations.

Every function checks that the actor runs the project (``onsite.access.is_project_leader``),
validates, runs atomically, writes Wagtail's audit log and e-mails only once committed.

An invited outside person (the contractor's site manager, the adviser, the municipality's
case officer) joins one project as a ``ProjectMember`` and gets no organisation membership, so
the access policy shows them that project and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from competencies.models import Guide, LearningStrategy
from core import invitations
from core.db import save_or_existing
from onsite import access
from onsite.models import (
    BuildingProject,
    PartyRole,
    ProjectInvitation,
    ProjectMember,
    ProjectParty,
)
from organisations import services as org_services
from organisations.models import Department, Membership, Organisation, User

PROJECT_FIELDS = (
    "name",
    "description",
    "address",
    "postcode",
    "city",
    "kind",
    "phase",
    "status",
    "starts_on",
    "handover_on",
    "ends_on",
    "strategy",
)


def _check_leader(actor: User, project: BuildingProject) -> None:
    if not access.is_project_leader(actor, project):
        raise ValidationError(_("Kun byggesagens projektledere kan gøre dette."))


def _check_belongings(
    organisation: Organisation,
    departments: Iterable[Department],
    strategy: LearningStrategy | None,
) -> None:
    errors: dict[str, list[str]] = {}
    if any(d.organisation_id != organisation.pk for d in departments):
        errors["departments"] = [_("Afdelingerne skal høre til byggesagens boligorganisation.")]
    if strategy is not None and strategy.organisation_id != organisation.pk:
        errors["strategy"] = [_("Strategien hører til en anden organisation.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def project_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    kind: str,
    phase: str,
    starts_on: date,
    departments: Iterable[Department] = (),
    guides: Iterable[Guide] = (),
    **fields: object,
) -> BuildingProject:
    """Create a byggesag; the creator becomes its first leader, the owner its bygherre party.

    Only a project leader of a housing organisation may create one, in that organisation.
    """
    if organisation.pk not in access.can_create_project(actor):
        raise ValidationError(
            {
                "organisation": _(
                    "Du kan kun oprette byggesager som projektleder i en boligorganisation."
                )
            }
        )
    departments, guides = list(departments), list(guides)
    _check_belongings(organisation, departments, fields.get("strategy"))  # type: ignore[arg-type]
    project = BuildingProject(
        organisation=organisation,
        name=name,
        kind=kind,
        phase=phase,
        starts_on=starts_on,
        created_by=actor,
        **fields,
    )
    project.full_clean()
    project.save()
    project.departments.set(departments)
    project.guides.set(guides)
    client = ProjectParty.objects.create(
        project=project, role=PartyRole.CLIENT, organisation=organisation, name=organisation.name
    )
    ProjectMember.objects.create(
        project=project, user=actor, party=client, is_leader=True, added_by=actor
    )
    log(project, "onsite.project.create", user=actor)
    return project


@transaction.atomic
def project_update(
    *,
    project: BuildingProject,
    actor: User,
    departments: Iterable[Department] | None = None,
    guides: Iterable[Guide] | None = None,
    **fields: object,
) -> BuildingProject:
    """Change a project's facts, departments and guides (its leaders only)."""
    _check_leader(actor, project)
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"project_update() got unexpected fields {sorted(unknown)}")
    departments = list(departments) if departments is not None else None
    strategy = fields.get("strategy", project.strategy)
    _check_belongings(project.organisation, departments or [], strategy)  # type: ignore[arg-type]
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    if departments is not None:
        project.departments.set(departments)
    if guides is not None:
        project.guides.set(list(guides))
    log(project, "wagtail.edit", user=actor)
    return project


# --- Parties --------------------------------------------------------------------------------


def _party_name(organisation: Organisation | None, name: str) -> str:
    name = name.strip()
    if not name and organisation is not None:
        return organisation.name
    return name


def _validate_party(party: ProjectParty) -> None:
    if not party.name:
        raise ValidationError(
            {"name": _("Vælg en organisation, eller skriv et navn (fx Afdelingsbestyrelsen).")}
        )
    party.full_clean()


@transaction.atomic
def party_create(
    *,
    project: BuildingProject,
    actor: User,
    role: str,
    organisation: Organisation | None = None,
    name: str = "",
    note: str = "",
) -> ProjectParty:
    """Add a byggepart: an organisation in a role, or a named group such as the residents."""
    _check_leader(actor, project)
    party = ProjectParty(
        project=project,
        role=role,
        organisation=organisation,
        name=_party_name(organisation, name),
        note=note,
    )
    _validate_party(party)
    try:
        # A simultaneous twin may pass the check above too; the constraint decides.
        with transaction.atomic():
            party.save()
    except IntegrityError:
        message = _("Parten er allerede med på byggesagen i den rolle.")
        raise ValidationError({"name": message}) from None
    log(project, "onsite.party.create", user=actor, data={"party": party.name, "role": role})
    return party


@transaction.atomic
def party_update(
    *,
    party: ProjectParty,
    actor: User,
    role: str,
    organisation: Organisation | None = None,
    name: str = "",
    note: str = "",
) -> ProjectParty:
    """Change a party's role, organisation, name or note."""
    _check_leader(actor, party.project)
    party.role = role
    party.organisation = organisation
    party.name = _party_name(organisation, name)
    party.note = note
    _validate_party(party)
    party.save()
    log(party.project, "onsite.party.update", user=actor, data={"party": party.name})
    return party


@transaction.atomic
def party_remove(*, party: ProjectParty, actor: User) -> None:
    """Remove a party that no log entry names (entries keep their parties)."""
    _check_leader(actor, party.project)
    if party.entries.exists():
        raise ValidationError(
            _("Parten er nævnt i logindlæg og kan ikke fjernes. Ret rollen eller navnet i stedet.")
        )
    project, name = party.project, party.name
    party.delete()
    log(project, "onsite.party.remove", user=actor, data={"party": name})


# --- Members --------------------------------------------------------------------------------


@transaction.atomic
def member_add(
    *,
    project: BuildingProject,
    actor: User,
    user: User,
    party: ProjectParty | None = None,
    is_leader: bool = False,
) -> ProjectMember:
    """Add a colleague from the owning organisation (outsiders are invited by e-mail)."""
    _check_leader(actor, project)
    if (
        not Membership.objects.active()
        .filter(user=user, organisation=project.organisation_id)
        .exists()
    ):
        raise ValidationError(
            {"user": _("Kun medarbejdere i boligorganisationen kan tilføjes. Invitér andre.")}
        )
    if party is not None and party.project_id != project.pk:
        raise ValidationError({"party": _("Parten hører ikke til byggesagen.")})
    member = ProjectMember(
        project=project, user=user, party=party, is_leader=is_leader, added_by=actor
    )
    member.full_clean()
    try:
        # A simultaneous twin may pass the check above too; the constraint decides.
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError({"user": _("Personen er allerede med på byggesagen.")}) from None
    log(project, "onsite.member.add", user=actor, data={"member": user.email})
    return member


@transaction.atomic
def member_update(
    *, member: ProjectMember, actor: User, is_leader: bool, party: ProjectParty | None
) -> ProjectMember:
    """Make a member a leader (læringsansvarlig) or not, and set the party they stand for."""
    project = member.project
    _check_leader(actor, project)
    if party is not None and party.project_id != project.pk:
        raise ValidationError({"party": _("Parten hører ikke til byggesagen.")})
    if member.is_leader and not is_leader:
        _keep_a_leader(project, leaving=member)
    member.is_leader = is_leader
    member.party = party
    member.save(update_fields=["is_leader", "party"])
    log(
        project,
        "onsite.member.update",
        user=actor,
        data={"member": member.user.email, "is_leader": is_leader},
    )
    return member


@transaction.atomic
def member_remove(*, member: ProjectMember, actor: User) -> None:
    """Take a person off the project (their entries and signatures stay)."""
    project = member.project
    _check_leader(actor, project)
    if member.is_leader:
        _keep_a_leader(project, leaving=member)
    email = member.user.email
    member.delete()
    log(project, "onsite.member.remove", user=actor, data={"member": email})


def _keep_a_leader(project: BuildingProject, *, leaving: ProjectMember) -> None:
    others = project.members.filter(is_leader=True).exclude(pk=leaving.pk)
    if not others.exists():
        raise ValidationError(_("Byggesagen skal have mindst én projektleder."))


# --- Invitations ----------------------------------------------------------------------------


@transaction.atomic
def project_invitation_create(
    *,
    project: BuildingProject,
    actor: User,
    email: str,
    first_name: str = "",
    last_name: str = "",
    party: ProjectParty | None = None,
) -> ProjectInvitation:
    """Invite a partner's person to this one project; e-mail the link once committed."""
    _check_leader(actor, project)
    email = invitations.normalise_email(email)
    # One open invitation per address has no constraint (expiry is a moment); two leaders
    # inviting the same person at once queue on the project's row instead of sending two links.
    list(BuildingProject.objects.select_for_update().filter(pk=project.pk).values_list("pk"))
    errors: dict[str, list[str]] = {}
    if project.members.filter(user__email__iexact=email).exists():
        errors["email"] = [_("Personen er allerede med på byggesagen.")]
    elif ProjectInvitation.objects.open().to_address(email).filter(project=project).exists():
        errors["email"] = [_("Der er allerede sendt en invitation til denne adresse.")]
    if party is not None and party.project_id != project.pk:
        errors["party"] = [_("Parten hører ikke til byggesagen.")]
    if errors:
        raise ValidationError(errors)
    invitation = ProjectInvitation(
        project=project,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        party=party,
        invited_by=actor,
    )
    invitation.full_clean()
    invitation.save()
    log(project, "onsite.invitation.create", user=actor, data={"email": email})
    _send_invitation(invitation.pk)
    return invitation


def _send_invitation(invitation_id: int) -> None:
    from core.tasks import enqueue_on_commit
    from onsite.tasks_log import log_notify

    enqueue_on_commit(log_notify, "invitation", invitation_id)


# Whom to ask for a new link: the project's leader.
INVITATION_WORDING = invitations.Wording(
    revoked=gettext_lazy("Invitationen er trukket tilbage. Bed projektlederen om en ny."),
    expired=gettext_lazy("Invitationen er udløbet. Bed projektlederen om at sende en ny."),
)


def invitation_problem(invitation: ProjectInvitation) -> str:
    """Why the invitation cannot be accepted (in Danish), or "" when it can."""
    return invitations.problem(invitation, INVITATION_WORDING)


@transaction.atomic
def project_invitation_accept(
    *,
    token: str,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> ProjectMember:
    """Accept an invitation: join the project, creating the person's account if needed.

    The row is locked, so a link clicked twice at once adds one member; a second use is
    refused. A new account gets no organisation membership: the person sees this project only.
    """
    invitation = invitations.lock_open(
        ProjectInvitation.objects.select_for_update(of=("self",)).select_related("project"),
        token=token,
        wording=INVITATION_WORDING,
    )
    person: User = invitations.accepting_person(
        invitation,
        user=user,
        first_name=first_name,
        last_name=last_name,
        password=password,
        create_account=org_services.user_create,
    )
    member = ProjectMember.objects.filter(project=invitation.project, user=person).first()
    if member is None:
        # A leader may add the same person at this very moment: then they are on the project
        # already, which is what accepting asks for.
        member, _created = save_or_existing(
            ProjectMember(
                project=invitation.project,
                user=person,
                party=invitation.party,
                added_by=invitation.invited_by,
            ),
            existing=lambda: ProjectMember.objects.filter(
                project=invitation.project, user=person
            ).first(),
        )
    invitations.mark_accepted(invitation, person)
    log(invitation.project, "onsite.invitation.accept", user=person, data={"email": person.email})
    return member


@transaction.atomic
def project_invitation_revoke(*, invitation: ProjectInvitation, actor: User) -> ProjectInvitation:
    """Withdraw an invitation that has not been accepted."""
    invitation = ProjectInvitation.objects.select_for_update().get(pk=invitation.pk)
    _check_leader(actor, invitation.project)
    if invitations.mark_revoked(invitation):
        log(
            invitation.project,
            "onsite.invitation.revoke",
            user=actor,
            data={"email": invitation.email},
        )
    return invitation


__all__ = [
    "PROJECT_FIELDS",
    "invitation_problem",
    "member_add",
    "member_remove",
    "member_update",
    "party_create",
    "party_remove",
    "party_update",
    "project_create",
    "project_invitation_accept",
    "project_invitation_create",
    "project_invitation_revoke",
    "project_update",
]
