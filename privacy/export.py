"""Access (GDPR art. 15 and 20): a ZIP of everything the platform holds about one person.

``export_request_create`` records the request and enqueues ``privacy.build_export`` once the
transaction commits; ``export_build`` (the task's body) walks the registry
(``core.privacy.declarations()``), writes one readable JSON file per area with the rows about
the person (found through each declaration's ``subject`` paths), adds the person's files and
their certificates as PDFs, and a ``LÆSMIG.txt``. Rows are streamed with ``.iterator()`` and the
ZIP is written to a temporary file, so a person with many rows never fills the memory.

An export HR produces (``organisation`` set) holds only that organisation's data: each housing
organisation is the data controller for its own people's data, so HR of one organisation must
not receive what the person did in another. Rows are kept when the declaration's
``organisation`` path equals HR's organisation; of the rows that belong to no organisation only
the account basics (``ACCOUNT_BASICS``) are written. The person's own export is complete.

The link is valid for ``EXPIRES_AFTER``; after that the file is deleted (on access, or by the
nightly ``privacy.expire_exports``) and the link answers 410.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import AccessAction, audit_record
from core.formats import long_datetime
from core.privacy import Declaration, Erasure, Text, declarations
from organisations.models import Organisation, User
from privacy import access as policy
from privacy.models import ExportRequest, ExportStatus

logger = logging.getLogger(__name__)

EXPIRES_AFTER = datetime.timedelta(days=7)
# A queued export the broker never delivered (an outage) is enqueued again after this long.
STALE_QUEUED_AFTER = datetime.timedelta(minutes=10)
OPEN = (ExportStatus.QUEUED, ExportStatus.RUNNING)

# What the areas hold, for LÆSMIG.txt and the Mine data page. An area without an entry is
# shown by its name.
AREAS: dict[str, Text] = {
    "konto": gettext_lazy("Din konto: navn, e-mail, log ind og to-faktor (uden hemmeligheder)."),
    "organisationer": gettext_lazy("De organisationer, du er med i, dine roller og invitationer."),
    "tilmeldinger": gettext_lazy(
        "Dine tilmeldinger til kurser og hold, deres historik, dit fremskridt i moduler og "
        "quizzer, og dine evalueringer."
    ),
    "kursusbeviser": gettext_lazy(
        "Dine kursusbeviser; beviserne som PDF ligger i mappen kursusbeviser/."
    ),
    "kompetenceplaner": gettext_lazy("Dine kompetenceplaner med mål, aktiviteter og forløb."),
    "dokumentation": gettext_lazy(
        "Dokumentation af dine kompetencer; dokumenter, du har lagt op, ligger i mappen filer/."
    ),
    "læringslog": gettext_lazy(
        "Det, du har skrevet i byggesagers læringslog, de indlæg, du er deltager i, og dine "
        "fotos og filer (i mappen filer/)."
    ),
    "effektmålinger": gettext_lazy("De effektmålinger, du har registreret på byggesager."),
    "erfaringer": gettext_lazy("Erfaringer, der er udgivet fra dine læringslog-indlæg."),
    "byggesager": gettext_lazy("De byggesager, du er med i, og invitationer til dem."),
    "e-mails": gettext_lazy("E-mails, platformen har sendt til dig (de seneste 90 dage)."),
    "redaktion": gettext_lazy(
        "Dit arbejde i redaktionen: sider, versioner, kommentarer og godkendelser. Billeder og "
        "dokumenter, du har lagt op, er offentligt indhold og står kun med titel."
    ),
    "privatliv": gettext_lazy("Dine dataudtræk og anmodninger om sletning."),
}
# Values never written out: secrets rather than information about the person, and the
# details of editorial history, which name other people (whom an editor added, what a page
# said) — a copy must not disclose others' data (GDPR art. 15(4)); the action, what it was
# done to and when are kept.
LEFT_OUT = frozenset(
    {
        "organisations.User.password",
        "mfa.Authenticator.data",
        "organisations.Invitation.token",
        "onsite.ProjectInvitation.token",
        "privacy.ExportRequest.file",
        "wagtailcore.ModelLogEntry.data",
        "wagtailcore.PageLogEntry.data",
        "wagtailcore.Revision.content",
        # A process's history says in words what changed, naming whom a role or a milestone
        # was given to; the action, the milestone and when are kept.
        "processes.ProcessEvent.comment",
    }
)
# What an HR export writes of declarations without an ``organisation`` path: the account's
# name and e-mail, so the copy says whom it is about. Everything else that belongs to no
# organisation (log-in, two-factor, e-learning progress, consents, editorial work, e-mails,
# the access log of other organisations) is the person's own or another controller's, and is
# left out; the person gets it in their own export.
ACCOUNT_BASICS: dict[str, frozenset[str]] = {
    "organisations.User": frozenset({"id", "email", "first_name", "last_name"}),
}
# Files of these areas are published content (Wagtail images and documents), listed by title.
FILES_LEFT_OUT = frozenset({"redaktion"})


# --- Audit ---------------------------------------------------------------------------------


def audit(**kwargs: Any) -> None:
    """Record in the audit log (``core.audit``)."""
    audit_record(**kwargs)


# --- Services ------------------------------------------------------------------------------


@transaction.atomic
def export_request_create(
    *,
    person: User,
    requested_by: User,
    organisation: Organisation | None = None,
    request: HttpRequest | None = None,
) -> ExportRequest:
    """Ask for a copy of ``person``'s data, made by ``privacy.build_export`` after commit.

    A person asks for themselves; HR asks on a person's behalf and names its organisation,
    which the person must belong to (``PermissionDenied`` otherwise). An export already under
    way for the same person and requester is returned instead of a second one.
    """
    if not policy.may_export_for(requested_by, person, organisation):
        raise PermissionDenied
    running = (
        ExportRequest.objects.select_for_update()
        .filter(person=person, requested_by=requested_by, status__in=OPEN)
        .first()
    )
    if running is not None:
        return running
    export = ExportRequest(person=person, requested_by=requested_by, organisation=organisation)
    export.full_clean()
    export.save()
    if requested_by.pk != person.pk:
        audit(
            actor=requested_by,
            action=AccessAction.EXPORT_REQUESTED,
            subject=person,
            organisation=organisation,
            obj=export,
            request=request,
        )
    transaction.on_commit(lambda: enqueue(export.pk))
    return export


def enqueue(export_id: int) -> None:
    """Hand the export to a worker through the kernel's enqueue, which stores the task when the
    broker is down and sends it again when the broker is back (``core.tasks``)."""
    from core.tasks import enqueue as enqueue_task
    from privacy.tasks_export import build_export

    enqueue_task(build_export, export_id)


def export_is_valid(export: ExportRequest) -> bool:
    """Whether the download link works: built, not expired, and the file still there."""
    return bool(
        export.status == ExportStatus.DONE
        and export.file
        and export.expires_at is not None
        and export.expires_at > timezone.now()
    )


def export_expire(*, export: ExportRequest) -> ExportRequest:
    """Delete the file of an export whose link has run out, and mark it expired."""
    if export.file:
        export.file.delete(save=False)
    export.status = ExportStatus.EXPIRED
    export.save(update_fields=["file", "status"])
    return export


def exports_expire() -> int:
    """Nightly: expire every export past its time, and enqueue again those a broker outage
    left queued. Returns how many expired."""
    now = timezone.now()
    count = 0
    for export in ExportRequest.objects.filter(status=ExportStatus.DONE, expires_at__lte=now):
        export_expire(export=export)
        count += 1
    stale = ExportRequest.objects.filter(
        status=ExportStatus.QUEUED, created_at__lt=now - STALE_QUEUED_AFTER
    ).values_list("pk", flat=True)
    for export_id in stale:
        enqueue(export_id)
    return count


def export_download_record(
    *, export: ExportRequest, actor: User, request: HttpRequest | None = None
) -> None:
    """Log that someone downloaded an export (HR's downloads of a person's data above all)."""
    audit(
        actor=actor,
        action=AccessAction.EXPORT_DOWNLOADED,
        subject=export.person,
        organisation=export.organisation,
        obj=export,
        request=request,
    )


# --- Reading the registry ------------------------------------------------------------------


def about_person(
    declaration: Declaration, person: User, organisation: Organisation | None = None
) -> QuerySet[Any] | None:
    """The declaration's rows about ``person``; None when the model is about nobody.

    With ``organisation`` (an HR export): only the rows that belong to that organisation, and
    None for a model whose rows belong to no organisation, unless it is among the account
    basics (``ACCOUNT_BASICS``).
    """
    if organisation is not None and not in_scope(declaration):
        return None
    condition = Q()
    for path in declaration.subject:
        condition |= Q(**{path: person})
    if declaration.subject_q is not None:
        condition |= declaration.subject_q(person)
    if not condition:
        return None
    manager = declaration.model._default_manager
    # A subquery rather than .distinct(): several paths may join the same row twice.
    rows = manager.filter(pk__in=manager.filter(condition).values("pk"))
    if organisation is not None and declaration.organisation:
        rows = rows.filter(**{declaration.organisation: organisation.pk})
    return rows.order_by("pk")


def in_scope(declaration: Declaration) -> bool:
    """Whether an HR export writes any of the declaration's rows."""
    return bool(declaration.organisation) or declaration.label in ACCOUNT_BASICS


def personal_declarations() -> list[Declaration]:
    """Declarations whose rows can be about a person, grouped by area in a stable order."""
    found = [d for d in declarations() if d.subject or d.subject_q is not None]
    return sorted(found, key=lambda d: (d.area, d.label))


def area_counts(person: User) -> dict[str, int]:
    """How many rows each area holds about the person (one COUNT per declaration)."""
    counts: dict[str, int] = {}
    for declaration in personal_declarations():
        rows = about_person(declaration, person)
        if rows is not None:
            counts[declaration.area] = counts.get(declaration.area, 0) + rows.count()
    return counts


@dataclass(frozen=True)
class Purpose:
    """One line of "what we keep about you and why": an area's fields that share a rule."""

    area: str
    fields: list[str]
    category: str
    purpose: str
    basis: str
    retention: str
    erasure: str


def purposes() -> list[Purpose]:
    """The registry's purposes, bases and retention per area, for people to read."""
    grouped: dict[tuple[str, str, str, str, str, str], list[str]] = {}
    for declaration in personal_declarations():
        for name, rule in declaration.personal.items():
            label = _label(declaration.model, name)
            key = (
                declaration.area,
                str(rule.category.label),
                str(rule.purpose),
                str(rule.basis.label),
                str(rule.retention),
                str(Erasure(rule.erasure).label) + (f" ({rule.law})" if rule.law else ""),
            )
            names = grouped.setdefault(key, [])
            if label not in names:
                names.append(label)
    return [Purpose(key[0], names, *key[1:]) for key, names in grouped.items()]


# --- Writing rows --------------------------------------------------------------------------


def _label(model: type[models.Model], path: str) -> str:
    """A readable key for a field or a ``context`` path ("hold: starttidspunkt")."""
    parts = []
    for name in path.split("__"):
        field = model._meta.get_field(name)
        parts.append(str(getattr(field, "verbose_name", name)))
        if field.is_relation and isinstance(field.related_model, type):
            model = field.related_model
    return capfirst(": ".join(parts)) or path


class Names:
    """People's names for foreign keys (approved by, decided by), looked up once per person."""

    def __init__(self) -> None:
        self._known: dict[int, str] = {}

    def __call__(self, pk: int) -> str:
        if pk not in self._known:
            user = get_user_model()._default_manager.filter(pk=pk).first()
            self._known[pk] = user.get_full_name() or user.email if user else ""
        return self._known[pk]


def readable(value: Any, field: models.Field[Any, Any] | None, names: Names) -> Any:
    """A value as a person reads it: choice labels, ISO dates in Danish time, names of people."""
    if value is None:
        return None
    if field is not None and field.choices and not field.is_relation:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.related_model is get_user_model():
        return names(value)
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    return value


@dataclass
class Attachment:
    storage: Any
    name: str
    arcname: str


def _fields(
    declaration: Declaration, organisation: Organisation | None = None
) -> list[models.Field[Any, Any]]:
    model = declaration.model
    basics = ACCOUNT_BASICS.get(declaration.label) if organisation is not None else None
    return [
        field
        for field in model._meta.concrete_fields
        if f"{model._meta.label}.{field.name}" not in LEFT_OUT
        and not getattr(field.remote_field, "parent_link", False)
        and (basics is None or field.name in basics)
    ]


def _is_recipient(declaration: Declaration, row: dict[str, Any], person: User) -> bool:
    if declaration.subject or "to" not in row:
        return True
    # A text match on a JSON list of addresses also finds "karen@x" in "ekaren@x".
    email = person.email.lower()
    addresses = [*row.get("to", []), *row.get("cc", []), *row.get("bcc", [])]
    return any(str(address).lower().strip("<> ").endswith(email) for address in addresses)


def rows_of(
    declaration: Declaration,
    person: User,
    names: Names,
    files: list[Attachment],
    organisation: Organisation | None = None,
) -> Iterator[dict[str, Any]]:
    """The person's rows of one declaration, readable; their files are added to ``files``.
    With ``organisation`` only that organisation's rows (an HR export)."""
    rows = about_person(declaration, person, organisation)
    if rows is None:
        return
    fields = _fields(declaration, organisation)
    columns = [field.attname for field in fields]
    for raw in rows.values(*columns, *declaration.context).iterator(chunk_size=500):
        if not _is_recipient(declaration, raw, person):
            continue
        row: dict[str, Any] = {}
        for field in fields:
            value = raw[field.attname]
            if isinstance(field, models.FileField):
                row[_label(declaration.model, field.name)] = _file(
                    declaration, field, value, raw, files
                )
                continue
            row[_label(declaration.model, field.name)] = readable(value, field, names)
        for path in declaration.context:
            row[_label(declaration.model, path)] = readable(raw[path], None, names)
        yield row


def _file(
    declaration: Declaration,
    field: models.FileField,
    name: str,
    raw: dict[str, Any],
    files: list[Attachment],
) -> str | None:
    if not name:
        return None
    if declaration.area in FILES_LEFT_OUT:
        return os.path.basename(name)
    model_name = declaration.model._meta.model_name
    arcname = f"filer/{declaration.area}/{model_name}-{raw['id']}-{os.path.basename(name)}"
    files.append(Attachment(storage=field.storage, name=name, arcname=arcname))
    return arcname


# --- The ZIP -------------------------------------------------------------------------------


def _write_area(
    archive: zipfile.ZipFile,
    area: str,
    items: list[Declaration],
    person: User,
    names: Names,
    files: list[Attachment],
    organisation: Organisation | None = None,
) -> int:
    """Stream one area's JSON into the archive; return how many rows it holds."""
    count = 0
    with archive.open(f"{area}.json", "w") as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8")
        out.write("{\n")
        out.write(f'  "område": {json.dumps(area, ensure_ascii=False)},\n')
        out.write(f'  "beskrivelse": {json.dumps(str(AREAS.get(area, "")), ensure_ascii=False)},\n')
        out.write('  "tabeller": [')
        for index, declaration in enumerate(items):
            meta = declaration.model._meta
            out.write("," if index else "")
            out.write("\n    {\n")
            table = json.dumps(str(capfirst(meta.verbose_name_plural)), ensure_ascii=False)
            out.write(f'      "tabel": {table},\n')
            out.write('      "rækker": [')
            first = True
            for row in rows_of(declaration, person, names, files, organisation):
                out.write("" if first else ",")
                out.write("\n        " + json.dumps(row, ensure_ascii=False, default=str))
                first = False
                count += 1
            out.write("\n      ]\n    }")
        out.write("\n  ]\n}\n")
        out.flush()
        out.detach()
    return count


def _add_files(archive: zipfile.ZipFile, files: list[Attachment], notes: list[str]) -> None:
    for attachment in files:
        try:
            with (
                attachment.storage.open(attachment.name, "rb") as source,
                archive.open(attachment.arcname, "w") as target,
            ):
                for chunk in iter(lambda: source.read(1024 * 1024), b""):
                    target.write(chunk)
        except OSError:
            notes.append(_("Filen %(name)s findes ikke længere.") % {"name": attachment.arcname})


def _add_certificates(
    archive: zipfile.ZipFile,
    person: User,
    notes: list[str],
    organisation: Organisation | None = None,
) -> None:
    """Certificates are rendered on demand (courses.certificates), so the ZIP gets them
    rendered now; one that cannot be rendered is named in LÆSMIG.txt with its public page.
    An HR export gets the certificates of enrolments through HR's organisation only."""
    from courses.certificates import certificate_filename, certificate_pdf
    from courses.models import Certificate

    certificates = Certificate.objects.filter(enrolment__user=person)
    if organisation is not None:
        certificates = certificates.filter(enrolment__organisation=organisation)
    for certificate in certificates.iterator():
        try:
            pdf = certificate_pdf(certificate)
        except Exception:  # WeasyPrint or a font missing: say where the certificate is
            logger.exception("Certificate %s could not be rendered for an export", certificate.pk)
            notes.append(
                _("Kursusbeviset %(code)s kunne ikke laves som PDF; hent det under Min side.")
                % {"code": certificate.code}
            )
            continue
        archive.writestr(f"kursusbeviser/{certificate_filename(certificate)}", pdf)


def readme(
    person: User,
    counts: dict[str, int],
    notes: list[str],
    organisation: Organisation | None = None,
) -> str:
    """LÆSMIG.txt: what the ZIP holds and how to read it, and for an HR export whose data
    it holds."""
    lines = [
        _("Dine data fra AlmenLæring"),
        "",
        _("Udtrækket er lavet %(when)s for %(name)s (%(email)s).")
        % {
            "when": long_datetime(timezone.now()),
            "name": person.get_full_name(),
            "email": person.email,
        },
        *(_scope_lines(organisation) if organisation is not None else []),
        _("Der er én JSON-fil pr. område. Datoer er skrevet som ISO 8601 i dansk tid."),
        _(
            "Adgangskoder, to-faktor-nøgler og invitationskoder er udeladt: de er hemmeligheder, "
            "ikke oplysninger om dig."
        ),
        "",
        _("Områder:"),
    ]
    for area, count in counts.items():
        lines.append(
            _("- %(area)s.json (%(count)s rækker): %(description)s")
            % {"area": area, "count": count, "description": AREAS.get(area, "")}
        )
    lines += ["", _("Hvorfor vi gemmer dine data, og hvor længe, står på siden Mine data.")]
    if notes:
        lines += ["", _("Bemærkninger:"), *notes]
    return "\n".join(str(line) for line in lines) + "\n"


def _scope_lines(organisation: Organisation) -> list[str]:
    return [
        _(
            "Udtrækket er lavet af HR i %(organisation)s og indeholder kun data fra "
            "%(organisation)s."
        )
        % {"organisation": organisation.name},
        _(
            "Data fra andre organisationer, du er med i, er udeladt, fordi hver organisation "
            "selv er dataansvarlig for sine data. Af det, der ikke hører til en organisation, er "
            "kun dit navn og din e-mail med; log ind, to-faktor, e-learning-fremskridt, "
            "samtykker, redaktionsarbejde og e-mails er udeladt."
        ),
        _("Det fulde udtræk af alle dine data henter du selv under Mine data."),
    ]


def _progress(export: ExportRequest, value: int) -> None:
    ExportRequest.objects.filter(pk=export.pk).update(progress=min(value, 100))


def _areas(organisation: Organisation | None = None) -> list[tuple[str, list[Declaration]]]:
    """The areas and their declarations; for an HR export only those it writes rows of."""
    grouped: dict[str, list[Declaration]] = {}
    for declaration in personal_declarations():
        if organisation is not None and not in_scope(declaration):
            continue
        grouped.setdefault(declaration.area, []).append(declaration)
    return list(grouped.items())


def _write_zip(export: ExportRequest, path: str) -> None:
    person = export.person
    # Set for an export HR produced: only that organisation's data (see the module docstring).
    organisation = export.organisation
    names = Names()
    files: list[Attachment] = []
    notes: list[str] = []
    counts: dict[str, int] = {}
    areas = _areas(organisation)
    steps = len(areas) + 2
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, (area, items) in enumerate(areas, start=1):
            counts[area] = _write_area(archive, area, items, person, names, files, organisation)
            _progress(export, done * 90 // steps)
        _add_files(archive, files, notes)
        _progress(export, (len(areas) + 1) * 90 // steps)
        _add_certificates(archive, person, notes, organisation)
        archive.writestr("LÆSMIG.txt", readme(person, counts, notes, organisation))


def export_build(*, export_id: int) -> ExportRequest | None:
    """Build the ZIP for one export request (the body of ``privacy.build_export``).

    Safe to run twice: a finished or expired export is left alone; one left running by a
    worker that died is built again from the start, replacing any half-saved file.
    """
    export = (
        ExportRequest.objects.select_related("person", "organisation").filter(pk=export_id).first()
    )
    if export is None or export.status in (ExportStatus.DONE, ExportStatus.EXPIRED):
        return export
    ExportRequest.objects.filter(pk=export.pk).update(
        status=ExportStatus.RUNNING, progress=0, error=""
    )
    handle, path = tempfile.mkstemp(prefix="dataudtraek-", suffix=".zip")
    os.close(handle)
    try:
        _write_zip(export, path)
        if export.file:
            export.file.delete(save=False)
        with open(path, "rb") as built:
            export.file.save(f"dataudtraek-{export.pk}.zip", File(built), save=False)
    except Exception:
        ExportRequest.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, error=_("Udtrækket kunne ikke laves. Prøv igen senere.")
        )
        raise
    finally:
        os.unlink(path)
    now = timezone.now()
    export.status = ExportStatus.DONE
    export.progress = 100
    export.finished_at = now
    export.expires_at = now + EXPIRES_AFTER
    export.error = ""
    export.save(update_fields=["file", "status", "progress", "finished_at", "expires_at", "error"])
    return export
