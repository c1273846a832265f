"""A room's documents: the list with folders and search, a document with all its versions,
upload, new versions, folders, move, delete, and the access-checked download.

Every route asks ``rooms.access`` for the room first (404 for anyone who is not a member), then
for the folder, document or version inside it (404 for an id from another room). Guests read
and download; uploading, folders and moving need ``can_contribute`` (403 otherwise). A refused
upload (a file that is not what its name says, or too large) is shown again with the message
beside the field and the rest of the input kept. Files are never reachable by URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import require
from core.views import service_refusal
from organisations.access import me
from rooms import access
from rooms import selectors_documents as selectors
from rooms.forms_documents import (
    DocumentForm,
    DocumentSearchForm,
    FolderForm,
    MoveForm,
    VersionForm,
)
from rooms.models import Document, Room
from rooms.services import documents as services

PAGE_SIZE = 25


def _list_url(room: Room) -> str:
    return reverse("rooms:documents", kwargs={"pk": room.pk})


def _document_url(document: Document) -> str:
    return reverse("rooms:document", kwargs={"pk": document.room_id, "doc": document.pk})


def _contributing(request: HttpRequest, pk: int) -> Room:
    """The room (404 for non-members), refusing guests (403)."""
    room = access.get_room_for(request.user, pk)
    require(access.actions_for(request.user, room).can_contribute)
    return room


def _document(request: HttpRequest, pk: int, doc: int) -> tuple[Room, Document]:
    room = access.get_room_for(request.user, pk)
    document = access.get_document_for(request.user, room, doc)
    document.room = room
    return room, document


@login_required
def document_list(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.get_room_for(request.user, pk)
    folders = selectors.folders_of(room)
    search = DocumentSearchForm(request.GET or None, folders=folders)
    query, folder = "", None
    if search.is_valid():
        query, folder = search.cleaned_data["q"], search.cleaned_data["mappe"]
    rows = selectors.documents_of(room, query=query, folder=folder)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "room": room,
        "tab": "documents",
        "actions": access.actions_for(request.user, room),
        "folders": folders,
        "search": search,
        "query": query,
        "folder": folder,
        "page": page,
        "filtered": bool(query or folder),
        "folder_form": FolderForm(),
    }
    return render(request, "rooms/documents/document_list.html", context)


@login_required
def document_detail(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    room, document = _document(request, pk, doc)
    actions = access.actions_for(request.user, room)
    context = {
        "room": room,
        "tab": "documents",
        "document": document,
        "versions": selectors.versions_of(document),
        "actions": actions,
        "document_actions": access.document_actions_for(request.user, room, document),
        "move_form": MoveForm(
            initial={"folder": document.folder_id}, folders=selectors.folders_of(room)
        ),
    }
    return render(request, "rooms/documents/document_detail.html", context)


@login_required
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    room = _contributing(request, pk)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        folders=selectors.folders_of(room),
        initial={"folder": request.GET.get("mappe")},
    )
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            document = services.document_create(actor=me(request), room=room, **form.cleaned_data)
        if not refused:
            messages.success(
                request, _("Dokumentet »%(title)s« er lagt op.") % {"title": document.title}
            )
            return redirect(_document_url(document))
    context = {"room": room, "tab": "documents", "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "rooms/documents/document_form.html", context, status=status)


@login_required
def document_version_upload(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    room, document = _document(request, pk, doc)
    require(access.document_actions_for(request.user, room, document).can_upload_version)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            version = services.version_add(
                actor=me(request), document=document, **form.cleaned_data
            )
        if not refused:
            messages.success(
                request,
                _("Version %(number)s af »%(title)s« er lagt op.")
                % {"number": version.number, "title": document.title},
            )
            return redirect(_document_url(document))
    context = {"room": room, "tab": "documents", "document": document, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "rooms/documents/version_form.html", context, status=status)


@login_required
def document_download(request: HttpRequest, pk: int, version_pk: int) -> FileResponse:
    """Any version's file, only for the room's members; always a download, never sniffed."""
    room = access.get_room_for(request.user, pk)
    version = access.get_version_for(request.user, room, version_pk)
    response = FileResponse(
        version.file.open("rb"),
        content_type=version.content_type,
        as_attachment=True,
        filename=version.original_name or f"dokument-{version.document_id}-v{version.number}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def folder_create(request: HttpRequest, pk: int) -> HttpResponse:
    room = _contributing(request, pk)
    form = FolderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            folder = services.folder_create(actor=me(request), room=room, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Mappen »%(name)s« er oprettet.") % {"name": folder.name})
            return redirect(f"{_list_url(room)}?mappe={folder.pk}")
    context = {"room": room, "tab": "documents", "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "rooms/documents/folder_form.html", context, status=status)


@login_required
@require_POST
def document_move(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    room, document = _document(request, pk, doc)
    require(access.document_actions_for(request.user, room, document).can_move)
    form = MoveForm(request.POST, folders=selectors.folders_of(room))
    if not form.is_valid():
        messages.error(request, _("Vælg en af rummets mapper."))
        return redirect(_document_url(document))
    with service_refusal(request) as refused:
        services.document_move(
            actor=me(request), document=document, folder=form.cleaned_data["folder"]
        )
    if not refused:
        messages.success(request, _("Dokumentet er flyttet."))
    return redirect(_document_url(document))


@login_required
def document_delete(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    """A confirmation page (GET), then the delete with every version's file (POST)."""
    room, document = _document(request, pk, doc)
    require(access.document_actions_for(request.user, room, document).can_delete)
    if request.method == "POST":
        title = document.title
        with service_refusal(request) as refused:
            services.document_delete(actor=me(request), document=document)
        if not refused:
            messages.success(request, _("Dokumentet »%(title)s« er slettet.") % {"title": title})
            return redirect(_list_url(room))
        return redirect(_document_url(document))
    context = {"room": room, "tab": "documents", "document": document}
    return render(request, "rooms/documents/document_delete.html", context)


urlpatterns = [
    path("<int:pk>/dokumenter/", document_list, name="documents"),
    path("<int:pk>/dokumenter/ny/", document_upload, name="document_upload"),
    path("<int:pk>/dokumenter/mapper/ny/", folder_create, name="folder_create"),
    path("<int:pk>/dokumenter/fil/<int:version_pk>/", document_download, name="document_download"),
    path("<int:pk>/dokumenter/<int:doc>/", document_detail, name="document"),
    path(
        "<int:pk>/dokumenter/<int:doc>/ny-version/",
        document_version_upload,
        name="document_version_upload",
    ),
    path("<int:pk>/dokumenter/<int:doc>/flyt/", document_move, name="document_move"),
    path("<int:pk>/dokumenter/<int:doc>/slet/", document_delete, name="document_delete"),
]
