"""Mine data (GDPR access): what the platform holds about the person and why, their export,
and the erasure and consent sections; and HR's export for a person of their organisation.

Thin: rows and permissions from ``privacy.access`` (an export or a person outside the
viewer's reach answers 404), reads from ``privacy.selectors``, writes through
``privacy.export``'s services.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.access import me
from privacy import access, selectors
from privacy import export as exports
from privacy.models import ExportRequest, ExportStatus

POLL_SECONDS = 2


def _with_link(export: ExportRequest | None) -> ExportRequest | None:
    """The export with ``link_valid`` set, for the status fragment."""
    if export is not None:
        export.link_valid = exports.export_is_valid(export)  # type: ignore[attr-defined]
    return export


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Mine data: per area how many rows we hold and why, and the person's export."""
    person = me(request)
    counts = exports.area_counts(person)
    purposes = exports.purposes()
    areas = [
        {
            "name": area,
            "description": exports.AREAS.get(area, ""),
            "count": count,
            "purposes": [p for p in purposes if p.area == area],
        }
        for area, count in counts.items()
    ]
    return render(
        request,
        "privacy/my_data.html",
        {
            "areas": areas,
            "export": _with_link(selectors.latest_own_export(person)),
            "poll_seconds": POLL_SECONDS,
            # HR (and the network) find their privacy duties here: the access log and the
            # erasure requests of their people.
            "actions": access.actions_for(person),
        },
    )


@require_POST
@login_required
def export_create(request: HttpRequest) -> HttpResponse:
    """Start the person's own export ("Hent mine data")."""
    exports.export_request_create(person=me(request), requested_by=me(request))
    messages.success(request, _("Vi samler dine data. Det tager normalt et par minutter."))
    return redirect("privacy:my_data")


@login_required
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The export's progress as a small fragment (htmx polls it while the export is made)."""
    export = access.get_export_for(request.user, pk)
    return render(
        request,
        "privacy/_export_status.html",
        {"export": _with_link(export), "poll_seconds": POLL_SECONDS},
    )


@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """The ZIP, while the link is valid; 410 with an explanation once it has run out."""
    export = access.get_export_for(request.user, pk)
    if not exports.export_is_valid(export):
        if export.status in (ExportStatus.DONE, ExportStatus.EXPIRED):
            if export.file:
                exports.export_expire(export=export)
            return render(request, "privacy/export_expired.html", {"export": export}, status=410)
        raise Http404
    exports.export_download_record(export=export, actor=me(request), request=request)
    storage = cast(Storage, export.file.storage)
    return FileResponse(
        storage.open(export.file.name, "rb"),
        as_attachment=True,
        filename=f"mine-data-{export.created_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )


@login_required
def person_export(request: HttpRequest, user_id: int) -> HttpResponse:
    """HR produces a person's export on their request; only HR of an organisation the person
    belongs to (everybody else: 404). Both the request and each download are logged."""
    person, organisation = access.get_person_for_hr(request.user, user_id)
    if request.method == "POST":
        exports.export_request_create(
            person=person,
            requested_by=me(request),
            organisation=organisation,
            request=request,
        )
        messages.success(request, _("Dataudtrækket bliver lavet."))
        return redirect("privacy:person_export", user_id=person.pk)
    made = selectors.exports_made_by_hr(person, organisation)
    return render(
        request,
        "privacy/person_export.html",
        {
            "person": person,
            "organisation": organisation,
            "exports": [_with_link(export) for export in made],
            "poll_seconds": POLL_SECONDS,
        },
    )
