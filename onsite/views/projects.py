"""Building projects: the list, create and edit, the project page with its learning-log
timeline, parties and members, and invitations of partners' people.

Views stay thin: rows come through ``onsite.access`` (404 outside the person's reach), every
change is one call to ``onsite.services.projects``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competencies.models import Guide
from core.submissions import once_per_submission
from core.views import apply_errors, error_text
from onsite import access
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
    LogEntry,
    ProjectInvitation,
)
from onsite.services import entries as entry_services
from onsite.services import projects as services
from organisations.access import me
from organisations.forms import InvitationAcceptForm
from organisations.models import User

PAGE_SIZE = 20
TIMELINE_PAGE_SIZE = 20


# --- List, create, edit ---------------------------------------------------------------------


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilterForm(request.GET or None)
    projects = access.projects_for(request.user).for_listing().filter(**filters.filters())
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": filters,
        "can_create": bool(access.can_create_project(request.user)),
    }
    return render(request, "onsite/projects/list.html", context)


@login_required
@once_per_submission
def project_create(request: HttpRequest) -> HttpResponse:
    organisations = access.project_organisations_for(request.user)
    if not organisations.exists():
        raise Http404
    form = ProjectForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=me(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Byggesagen %(name)s er oprettet.") % {"name": project})
            return redirect("onsite:project_detail", pk=project.pk)
    return render(request, "onsite/projects/form.html", {"form": form})


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(project=project, actor=me(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Byggesagen er gemt."))
            return redirect("onsite:project_detail", pk=project.pk)
    return render(request, "onsite/projects/form.html", {"form": form, "project": project})


# --- The project page: timeline, parties, guides ------------------------------------------


class TimelineFilter:
    """The timeline's filters, read from the URL (kind, guide, party, effect category, status).

    Unknown values are ignored rather than refused: a filter link is never an error page.
    """

    def __init__(self, params: dict[str, str], project: BuildingProject) -> None:
        self.kind = params.get("type", "") if params.get("type") in EntryKind.values else ""
        category = params.get("effekt", "")
        self.category = category if category in EffectCategory.values else ""
        status = params.get("status", "")
        self.status = status if status in EntryStatus.values else ""
        self.guide = _int_or_none(params.get("vejledning"))
        self.party = _int_or_none(params.get("part"))

    def apply(self, entries):  # type: ignore[no-untyped-def]
        if self.kind:
            entries = entries.filter(kind=self.kind)
        if self.category:
            entries = entries.filter(effect_category=self.category)
        if self.status:
            entries = entries.filter(status=self.status)
        if self.guide:
            entries = entries.filter(guide_id=self.guide)
        if self.party:
            entries = entries.filter(parties__id=self.party)
        return entries

    @property
    def active(self) -> bool:
        return bool(self.kind or self.category or self.status or self.guide or self.party)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _party_contributions(project: BuildingProject):  # type: ignore[no-untyped-def]
    """Each party with its number of approved entries (one aggregate query)."""
    approved = Q(entries__status=EntryStatus.APPROVED)
    return project.parties.annotate(entry_count=Count("entries", filter=approved)).order_by(
        "-entry_count", "role", "name"
    )


def _guides_applied(project: BuildingProject) -> list[dict[str, object]]:
    """Each guide applied in approved entries, with its count, and the project's own guides."""
    counts = {
        row["guide_id"]: row["n"]
        for row in LogEntry.objects.filter(project=project, status=EntryStatus.APPROVED)
        .exclude(guide=None)
        .values("guide_id")
        .annotate(n=Count("pk"))
    }
    own = {g.pk for g in project.guides.all()}
    guides = Guide.objects.filter(Q(pk__in=own) | Q(pk__in=list(counts))).in_order()
    return [{"guide": g, "count": counts.get(g.pk, 0), "in_use": g.pk in own} for g in guides]


def _with_share(rows, key: str = "entry_count") -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    rows = list(rows)
    top = max((_value(r, key) for r in rows), default=0) or 1
    return [{"row": r, "percent": round(100 * _value(r, key) / top)} for r in rows]


def _value(row: object, key: str) -> int:
    return row[key] if isinstance(row, dict) else getattr(row, key)  # type: ignore[index]


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_user(request.user, pk)
    timeline = TimelineFilter(request.GET, project)
    entries = timeline.apply(access.entries_on(request.user, project).for_timeline())
    page = Paginator(entries, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    parties = _with_share(_party_contributions(project))
    context = {
        "project": project,
        "page_obj": page,
        "timeline": timeline,
        "kinds": EntryKind.choices,
        "categories": EffectCategory.choices,
        "statuses": EntryStatus.choices,
        "all_guides": Guide.objects.current().in_order(),
        "parties": parties,
        "guides_applied": _with_share(_guides_applied(project), key="count"),
        "departments": project.departments.order_by("number"),
        "members": project.members.select_related("user", "party"),
        "is_leader": access.is_project_leader(request.user, project),
        "can_write": entry_services.can_write(me(request), project),
    }
    if context["is_leader"]:
        # The leader's button says how many entries wait for them, as the header does.
        context["submitted_count"] = (
            access.entries_on(request.user, project).filter(status=EntryStatus.SUBMITTED).count()
        )
    return render(request, "onsite/projects/detail.html", context)


# --- Parties and members --------------------------------------------------------------------


def _parties_page(
    request: HttpRequest, project: BuildingProject, *, status: int = 200, **forms: object
) -> HttpResponse:
    parties = project.parties.order_by("role", "name")
    context = {
        "project": project,
        "parties": parties.select_related("organisation"),
        "members": [
            (m, MemberUpdateForm(parties=parties, prefix=f"m{m.pk}", initial=_member_initial(m)))
            for m in project.members.select_related("user", "party")
        ],
        "party_form": forms.get("party_form")
        or PartyForm(organisations=access.partner_organisations()),
        "member_form": forms.get("member_form")
        or MemberAddForm(
            candidates=access.member_candidates(request.user, project), parties=parties
        ),
        "invitations": project.invitations.open().select_related("party", "invited_by"),
    }
    return render(request, "onsite/projects/parties.html", context, status=status)


def _member_initial(member) -> dict[str, object]:  # type: ignore[no-untyped-def]
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
    form = PartyForm(request.POST, organisations=access.partner_organisations())
    if form.is_valid():
        try:
            party = services.party_create(project=project, actor=me(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
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
        request.POST or None, initial=initial, organisations=access.partner_organisations()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.party_update(party=party, actor=me(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Parten er gemt."))
            return redirect("onsite:project_parties", pk=project.pk)
    context = {"project": project, "party": party, "form": form}
    return render(request, "onsite/projects/party_form.html", context)


@login_required
@require_POST
def party_remove(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    party = access.get_party_for_leader(request.user, project, party_pk)
    try:
        services.party_remove(party=party, actor=me(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
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
        parties=project.parties.all(),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = services.member_add(
                project=project,
                actor=me(request),
                user=data["membership"].user,
                party=data["party"],
                is_leader=data["is_leader"],
            )
        except ValidationError as error:
            apply_errors(form, error, rename={"user": "membership"})
        else:
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
    form = MemberUpdateForm(request.POST, parties=project.parties.all(), prefix=f"m{member.pk}")
    if form.is_valid():
        try:
            services.member_update(member=member, actor=me(request), **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
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
    try:
        services.member_remove(member=member, actor=me(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(name)s er taget af byggesagen.") % {"name": name})
    return redirect("onsite:project_parties", pk=project.pk)


# --- Invitations ----------------------------------------------------------------------------


@login_required
@once_per_submission
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    form = InviteForm(request.POST or None, parties=project.parties.order_by("role", "name"))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.project_invitation_create(
                project=project, actor=me(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Invitationen er sendt til %(email)s.") % {"email": invitation.email}
            )
            return redirect("onsite:invite", pk=project.pk)
    invitations = project.invitations.select_related("party", "invited_by", "accepted_by")[:50]
    context = {"project": project, "form": form, "invitations": invitations}
    return render(request, "onsite/projects/invite.html", context)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    project = access.get_project_for_leader(request.user, pk)
    invitation = access.get_invitation_for_leader(request.user, project, invitation_pk)
    try:
        services.project_invitation_revoke(invitation=invitation, actor=me(request))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Invitationen er trukket tilbage."))
    return redirect("onsite:invite", pk=project.pk)


ACCEPT_TEMPLATE = "onsite/projects/invitation_accept.html"


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: join as the logged-in person, or create an account first."""
    invitation = get_object_or_404(
        ProjectInvitation.objects.select_related("project__organisation"), token=token
    )
    context: dict[str, object] = {"invitation": invitation}
    problem = services.invitation_problem(invitation)
    if problem:
        return render(request, ACCEPT_TEMPLATE, {**context, "problem": problem})
    if request.user.is_authenticated:
        return _accept_as_logged_in(request, invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        return render(request, ACCEPT_TEMPLATE, {**context, "existing_account": True})
    initial = {"first_name": invitation.first_name, "last_name": invitation.last_name}
    form = InvitationAcceptForm(request.POST or None, initial=initial, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.project_invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, invitation)
    return render(request, ACCEPT_TEMPLATE, {**context, "form": form})


def _accept_as_logged_in(request: HttpRequest, invitation: ProjectInvitation) -> HttpResponse:
    if request.method != "POST":
        return render(request, ACCEPT_TEMPLATE, {"invitation": invitation, "confirm": True})
    try:
        services.project_invitation_accept(token=invitation.token, user=me(request))
    except ValidationError as error:
        context = {"invitation": invitation, "problem": error_text(error)}
        return render(request, ACCEPT_TEMPLATE, context)
    return _welcome(request, invitation)


def _welcome(request: HttpRequest, invitation: ProjectInvitation) -> HttpResponse:
    messages.success(
        request,
        _("Velkommen til byggesagen %(project)s.") % {"project": invitation.project.name},
    )
    return redirect("onsite:project_detail", pk=invitation.project_id)


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
