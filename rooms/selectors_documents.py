"""Reads of a room's documents: the folders, the list (search and folder filter) and a
document's versions.

Every read comes in a fixed number of queries, however many documents there are: the list
fetches each shown document's latest version in one more query (``latest_versions``), never
one per row. The room comes from ``rooms.access``; these functions only shape its rows.
"""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from rooms.models import Document, DocumentVersion, Folder, Room


def folders_of(room: Room) -> QuerySet[Folder]:
    """The room's folders by name, each with its number of documents (``document_count``)."""
    return Folder.objects.filter(room=room).annotate(document_count=Count("documents"))


def documents_of(
    room: Room, *, query: str = "", folder: Folder | None = None
) -> QuerySet[Document]:
    """The room's documents, last changed first, with their folder and latest version.

    ``query`` is looked for in titles, descriptions and the file names of every version;
    ``folder`` keeps the documents of one of the room's folders.
    """
    rows = Document.objects.filter(room=room)
    if folder is not None:
        rows = rows.filter(folder=folder)
    query = query.strip()
    if query:
        named = DocumentVersion.objects.filter(
            document=OuterRef("pk"), original_name__icontains=query
        )
        rows = rows.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Exists(named)
        )
    # ``version_count`` is kept by the service with each upload, so it names the latest one.
    latest = DocumentVersion.objects.filter(number=F("document__version_count")).select_related(
        "uploaded_by"
    )
    return (
        rows.select_related("folder")
        .prefetch_related(Prefetch("versions", queryset=latest, to_attr="latest_versions"))
        .order_by("-updated_at", "-pk")
    )


def versions_of(document: Document) -> QuerySet[DocumentVersion]:
    """Every version of a document, newest first, with who uploaded it."""
    return document.versions.select_related("uploaded_by").order_by("-number")
