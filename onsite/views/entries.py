"""The learning log: write an entry (on a phone), read it, and its workflow steps; attachments.

Views stay thin: rows come through ``onsite.access`` (404 outside the person's reach), every
change is one call to ``onsite.services.entries``. Attachments are served only through
``attachment``, which asks the access policy first; the files are never reachable by URL.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.submissions import once_per_submission
from core.views import service_refusal
from onsite import access, selectors
from onsite.forms.entries import CommentForm, EntryForm, ReturnForm
from onsite.models import AttachmentKind, EntryEvent, EntryStatus, LogEntry
from onsite.services import entries as services
from organisations.access import me

# A service's "competences" error belongs beside the first competence row.
FIELD_ALIASES = {"competences": "competence_1"}


def _action(request: HttpRequest) -> bool:
    """Whether the author pressed "Indsend" rather than "Gem kladde"."""
    return request.POST.get("action") == "submit"


def _saved_message(entry: LogEntry) -> str:
    if entry.status == EntryStatus.SUBMITTED:
        return _("Indlægget er indsendt til godkendelse hos byggesagens projektledere.")
    return _("Indlægget er gemt som kladde.")


@login_required
@once_per_submission
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project_for(request.user, pk)
    if not access.actions_for(request.user, project).can_log:
        raise Http404  # people who only oversee the project do not write in its log
    initial = {"occurred_on": timezone.localdate(), "participants": [request.user.pk]}
    form = EntryForm(request.POST or None, request.FILES or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form, FIELD_ALIASES) as refused:
            entry = services.log_entry_create(
                project=project,
                author=me(request),
                submit=_action(request),
                **form.service_arguments(),
            )
        if not refused:
            messages.success(request, _saved_message(entry))
            return redirect("onsite:entry_detail", pk=entry.pk)
    status = 400 if form.is_bound else 200
    context = {"project": project, "form": form}
    return render(request, "onsite/entries/form.html", context, status=status)


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_entry_for_author(request.user, pk)
    if entry.status not in access.EDITABLE:
        messages.error(
            request, _("Indlægget kan kun rettes som kladde eller når det er sendt retur.")
        )
        return redirect("onsite:entry_detail", pk=entry.pk)
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        project=entry.project,
        entry=entry,
        initial=EntryForm.initial_for(entry),
    )
    if request.method == "POST" and form.is_valid():
        with service_refusal(form, FIELD_ALIASES) as refused:
            entry = services.log_entry_update(
                entry=entry, actor=me(request), submit=_action(request), **form.service_arguments()
            )
        if not refused:
            messages.success(request, _saved_message(entry))
            return redirect("onsite:entry_detail", pk=entry.pk)
    status = 400 if form.is_bound else 200
    context = {"project": entry.project, "entry": entry, "form": form}
    return render(request, "onsite/entries/form.html", context, status=status)


def _history(entry: LogEntry) -> list[tuple[EntryEvent, str]]:
    """Each event with what it means: a status change, or (same status) a co-signature."""
    labels: dict[str, str] = {
        EntryStatus.SUBMITTED: _("Indsendt"),
        EntryStatus.APPROVED: _("Godkendt"),
        EntryStatus.RETURNED: _("Sendt retur"),
    }
    history = []
    for event in entry.events.all():
        if not event.from_status:
            label = _("Oprettet som kladde")
        elif event.from_status == event.to_status:
            label = _("Medunderskrevet")
        elif event.from_status == EntryStatus.APPROVED:
            label = _("Åbnet som ny revision")
        else:
            label = labels.get(event.to_status, event.get_to_status_display())
        history.append((event, label))
    return history


def _detail(
    request: HttpRequest, pk: int, *, return_form: ReturnForm | None = None, status: int = 200
) -> HttpResponse:
    entry = selectors.entry_for_page(access.get_entry_for(request.user, pk))
    attachments = list(entry.attachments.all())
    context = {
        "entry": entry,
        "project": entry.project,
        "actions": access.actions_for(request.user, entry),
        "photos": [a for a in attachments if a.kind == AttachmentKind.IMAGE],
        "documents": [a for a in attachments if a.kind == AttachmentKind.DOCUMENT],
        "history": _history(entry),
        "approve_form": CommentForm(prefix="approve"),
        "return_form": return_form or ReturnForm(prefix="return"),
    }
    return render(request, "onsite/entries/detail.html", context, status=status)


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _step(
    request: HttpRequest, pk: int, run: Callable[[LogEntry], object], done: str
) -> HttpResponse:
    entry = access.get_entry_for(request.user, pk)
    with service_refusal(request) as refused:
        run(entry)
    if not refused:
        messages.success(request, done)
    return redirect("onsite:entry_detail", pk=entry.pk)


@login_required
@require_POST
def entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda entry: services.log_entry_submit(entry=entry, actor=me(request)),
        _("Indlægget er indsendt til godkendelse hos byggesagens projektledere."),
    )


@login_required
@require_POST
def entry_approve(request: HttpRequest, pk: int) -> HttpResponse:
    form = CommentForm(request.POST, prefix="approve")
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    entry = access.get_entry_for(request.user, pk)
    with service_refusal(request) as refused:
        services.log_entry_approve(entry=entry, actor=me(request), comment=comment)
    if not refused:
        # Say what was documented: an entry without participants documents nothing.
        outcome = selectors.approval_outcome(entry)
        messages.success(request, _("Indlægget er godkendt.") + " " + outcome)
    return redirect("onsite:entry_detail", pk=entry.pk)


@login_required
@require_POST
def entry_return(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST, prefix="return")
    if not form.is_valid():
        access.get_entry_for(request.user, pk)  # 404 before anything is shown
        return _detail(request, pk, return_form=form, status=400)
    return _step(
        request,
        pk,
        lambda entry: services.log_entry_return(
            entry=entry, actor=me(request), comment=form.cleaned_data["comment"]
        ),
        _("Indlægget er sendt retur til forfatteren."),
    )


@login_required
@require_POST
def entry_cosign(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda entry: services.log_entry_cosign(entry=entry, actor=me(request)),
        _("Du har medunderskrevet indlægget."),
    )


@login_required
@require_POST
def entry_revise(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_entry_for(request.user, pk)
    with service_refusal(request) as refused:
        entry = services.log_entry_revise(entry=entry, actor=me(request))
    if refused:
        return redirect("onsite:entry_detail", pk=entry.pk)
    messages.success(
        request,
        _(
            "Revision %(number)s er åbnet som kladde. Den godkendte revision og dens "
            "dokumentation gælder, indtil den nye er godkendt."
        )
        % {"number": entry.revision},
    )
    return redirect("onsite:entry_edit", pk=entry.pk)


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A photo or document, only for those who may see its entry; never sniffed as HTML."""
    item = access.get_attachment_for(request.user, pk)
    is_image = item.kind == AttachmentKind.IMAGE
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=not is_image,
        filename=f"foto-{item.pk}.jpg" if is_image else (item.original_name or f"bilag-{item.pk}"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


urlpatterns = [
    path("byggesager/<int:pk>/log/ny/", entry_create, name="entry_create"),
    path("byggesager/log/<int:pk>/", entry_detail, name="entry_detail"),
    path("byggesager/log/<int:pk>/rediger/", entry_edit, name="entry_edit"),
    path("byggesager/log/<int:pk>/indsend/", entry_submit, name="entry_submit"),
    path("byggesager/log/<int:pk>/godkend/", entry_approve, name="entry_approve"),
    path("byggesager/log/<int:pk>/send-retur/", entry_return, name="entry_return"),
    path("byggesager/log/<int:pk>/medunderskriv/", entry_cosign, name="entry_cosign"),
    path("byggesager/log/<int:pk>/revider/", entry_revise, name="entry_revise"),
    path("byggesager/bilag/<int:pk>/", attachment, name="attachment"),
]
