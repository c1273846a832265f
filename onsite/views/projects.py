"""Building projects: the list, create and edit, the project page with its learning-log
timeline, parties and members, and invitations of partners' people.

Views stay thin: rows come through ``onsite.access`` (404 outside the person's reach), every
change is one call to ``onsite.services.projects``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import invitations
from core.submissions import once_per_submission
from core.views import service_refusal
from onsite import access, selectors
from onsite.forms.projects import (
    InviteForm,
    MemberAddForm,
    MemberUpdateForm,
    PartyForm,
    ProjectFilterForm,
    ProjectForm,
)
from onsite.models import (
    BuildingProject,
    EffectCategory,
    EntryKind,
    EntryStatus,
    ProjectInvitation,
    ProjectMember,
)
from onsite.pagination import CountedPaginator
from onsite.services import projects as services
from organisations.access import me
from organisations.forms import InvitationAcceptForm

PAGE_SIZE = 20
TIMELINE_PAGE_SIZE = 20


# --- List, create, edit ---------------------------------------------------------------------


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilterForm(request.GET or None)
    projects = selectors.project_listing(access.projects_for(request.user), filters.filters())
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": filters,
        "actions": access.project_list_actions(request.user),
    }
    return render(request, "onsite/projects/list.html", context)


@login_required
@once_per_submission
def project_create(request: HttpRequest) -> HttpResponse:
    if not access.project_list_actions(request.user).can_create:
        raise Http404  # only project leaders of a housing organisation create projects
    organisations = access.project_organisations_for(request.user)
    form = ProjectForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            project = services.project_create(actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Byggesagen %(name)s er oprettet.") % {"name": project})
            return redirect("onsite:project_detail", pk=project.pk)
    return render(request, "onsite/projects/form.html", {"form": form})


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.project_update(project=project, actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Byggesagen er gemt."))
            return redirect("onsite:project_detail", pk=project.pk)
    return render(request, "onsite/projects/form.html", {"form": form, "project": project})


# --- The project page: timeline, parties, guides ------------------------------------------


def _with_share(rows: Iterable[object], key: str = "entry_count") -> list[dict[str, object]]:
    """Each row with its share of the largest value, in % (for the bars)."""
    rows = list(rows)
    top = max((_value(r, key) for r in rows), default=0) or 1
    return [{"row": r, "percent": round(100 * _value(r, key) / top)} for r in rows]


def _value(row: object, key: str) -> int:
    value = row[key] if isinstance(row, dict) else getattr(row, key)
    return int(value)


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for(request.user, pk)
    actions = access.actions_for(request.user, project)
    timeline = selectors.TimelineFilter(request.GET)
    visible = access.entries_on(request.user, project)
    entries = selectors.timeline(visible, timeline)
    counts = selectors.timeline_counts(visible, timeline)
    paginator = CountedPaginator(entries, TIMELINE_PAGE_SIZE, count=counts.shown)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "project": project,
        "actions": actions,
        "page_obj": page,
        "timeline": timeline,
        "kinds": EntryKind.choices,
        "categories": EffectCategory.choices,
        "statuses": EntryStatus.choices,
        "all_guides": selectors.current_guides(),
        "parties": _with_share(selectors.party_contributions(project)),
        "guides_applied": _with_share(selectors.guides_applied(project), key="count"),
        "departments": selectors.project_departments(project),
        "members": selectors.project_members(project),
    }
    if actions.can_lead:
        # The leader's button says how many entries wait for them, as the header does.
        context["submitted_count"] = counts.submitted
    return render(request, "onsite/projects/detail.html", context)


# --- Parties and members --------------------------------------------------------------------


def _parties_page(
    request: HttpRequest,
    project: BuildingProject,
    *,
    status: int = 200,
    party_form: PartyForm | None = None,
    member_form: MemberAddForm | None = None,
) -> HttpResponse:
    parties = selectors.project_parties(project)
    context = {
        "project": project,
        "parties": parties,
        "members": [
            (m, MemberUpdateForm(parties=parties, prefix=f"m{m.pk}", initial=_member_initial(m)))
            for m in selectors.project_members(project)
        ],
        "party_form": party_form or PartyForm(organisations=selectors.partner_organisations()),
        "member_form": member_form
        or MemberAddForm(
            candidates=access.member_candidates(request.user, project), parties=parties
        ),
        "invitations": selectors.open_invitations(project),
    }
    return render(request, "onsite/projects/parties.html", context, status=status)


def _member_initial(member: ProjectMember) -> dict[str, object]:
    return {"is_leader": member.is_leader, "party": member.party_id}


@login_required
def project_parties(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    return _parties_page(request, project)


@login_required
@require_POST
@once_per_submission
def party_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    form = PartyForm(request.POST, organisations=selectors.partner_organisations())
    if form.is_valid():
        with service_refusal(form) as refused:
            party = services.party_create(project=project, actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("%(party)s er tilføjet som part.") % {"party": party})
            return redirect("onsite:project_parties", pk=project.pk)
    return _parties_page(request, project, party_form=form, status=400)


@login_required
def party_edit(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    party = access.get_party_for_leader(request.user, project, party_pk)
    initial = {
        "role": party.role,
        "organisation": party.organisation_id,
        "name": party.name,
        "note": party.note,
    }
    form = PartyForm(
        request.POST or None, initial=initial, organisations=selectors.partner_organisations()
    )
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            services.party_update(party=party, actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("Parten er gemt."))
            return redirect("onsite:project_parties", pk=project.pk)
    context = {"project": project, "party": party, "form": form}
    return render(request, "onsite/projects/party_form.html", context)


@login_required
@require_POST
def party_remove(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    party = access.get_party_for_leader(request.user, project, party_pk)
    with service_refusal(request) as refused:
        services.party_remove(party=party, actor=me(request))
    if not refused:
        messages.success(request, _("Parten er fjernet."))
    return redirect("onsite:project_parties", pk=project.pk)


@login_required
@require_POST
@once_per_submission
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    form = MemberAddForm(
        request.POST,
        candidates=access.member_candidates(request.user, project),
        parties=selectors.project_parties(project),
    )
    if form.is_valid():
        data = form.cleaned_data
        with service_refusal(form, rename={"user": "membership"}) as refused:
            member = services.member_add(
                project=project,
                actor=me(request),
                user=data["membership"].user,
                party=data["party"],
                is_leader=data["is_leader"],
            )
        if not refused:
            messages.success(
                request, _("%(name)s er med på byggesagen.") % {"name": member.user.name}
            )
            return redirect("onsite:project_parties", pk=project.pk)
    return _parties_page(request, project, member_form=form, status=400)


@login_required
@require_POST
def member_update(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    member = access.get_member_for_leader(request.user, project, member_pk)
    form = MemberUpdateForm(
        request.POST, parties=selectors.project_parties(project), prefix=f"m{member.pk}"
    )
    if form.is_valid():
        with service_refusal(request) as refused:
            services.member_update(member=member, actor=me(request), **form.cleaned_data)
        if not refused:
            messages.success(request, _("%(name)s er gemt.") % {"name": member.user.name})
    else:
        messages.error(request, _("Deltageren kunne ikke gemmes. Prøv igen."))
    return redirect("onsite:project_parties", pk=project.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    member = access.get_member_for_leader(request.user, project, member_pk)
    name = member.user.name
    with service_refusal(request) as refused:
        services.member_remove(member=member, actor=me(request))
    if not refused:
        messages.success(request, _("%(name)s er taget af byggesagen.") % {"name": name})
    return redirect("onsite:project_parties", pk=project.pk)


# --- Invitations ----------------------------------------------------------------------------


@login_required
@once_per_submission
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    form = InviteForm(request.POST or None, parties=selectors.project_parties(project))
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            invitation = services.project_invitation_create(
                project=project, actor=me(request), **form.cleaned_data
            )
        if not refused:
            messages.success(
                request, _("Invitationen er sendt til %(email)s.") % {"email": invitation.email}
            )
            return redirect("onsite:invite", pk=project.pk)
    context = {
        "project": project,
        "form": form,
        "invitations": selectors.recent_invitations(project),
    }
    return render(request, "onsite/projects/invite.html", context)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    invitation = access.get_invitation_for_leader(request.user, project, invitation_pk)
    with service_refusal(request) as refused:
        services.project_invitation_revoke(invitation=invitation, actor=me(request))
    if not refused:
        messages.success(request, _("Invitationen er trukket tilbage."))
    return redirect("onsite:invite", pk=project.pk)


def _welcome(
    request: HttpRequest, invitation: ProjectInvitation, new_account: bool
) -> HttpResponse:
    """The same welcome whether the account is new or not: the project is where they go."""
    messages.success(
        request,
        _("Velkommen til byggesagen %(project)s.") % {"project": invitation.project.name},
    )
    return redirect("onsite:project_detail", pk=invitation.project_id)


ACCEPT = invitations.AcceptFlow(
    template="onsite/projects/invitation_accept.html",
    wording=services.INVITATION_WORDING,
    form_class=InvitationAcceptForm,
    accept=services.project_invitation_accept,
    welcome=_welcome,
)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: join as the logged-in person, or create an account first."""
    invitation = invitations.get_by_token(ProjectInvitation, token, "project__organisation")
    return invitations.accept_page(request, invitation, ACCEPT)


urlpatterns = [
    path("byggesager/", project_list, name="project_list"),
    path("byggesager/ny/", project_create, name="project_create"),
    path("byggesager/<int:pk>/", project_detail, name="project_detail"),
    path("byggesager/<int:pk>/rediger/", project_edit, name="project_edit"),
    path("byggesager/<int:pk>/parter/", project_parties, name="project_parties"),
    path("byggesager/<int:pk>/parter/ny/", party_create, name="party_create"),
    path("byggesager/<int:pk>/parter/<int:party_pk>/", party_edit, name="party_edit"),
    path("byggesager/<int:pk>/parter/<int:party_pk>/fjern/", party_remove, name="party_remove"),
    path("byggesager/<int:pk>/parter/deltagere/ny/", member_add, name="member_add"),
    path(
        "byggesager/<int:pk>/parter/deltagere/<int:member_pk>/",
        member_update,
        name="member_update",
    ),
    path(
        "byggesager/<int:pk>/parter/deltagere/<int:member_pk>/fjern/",
        member_remove,
        name="member_remove",
    ),
    path("byggesager/<int:pk>/inviter/", invite, name="invite"),
    path(
        "byggesager/<int:pk>/inviter/<int:invitation_pk>/tilbagekald/",
        invitation_revoke,
        name="invitation_revoke",
    ),
    path("byggesager/invitation/<str:token>/", invitation_accept, name="invitation_accept"),
]
