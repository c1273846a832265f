"""Export the rows that deleting one object removes, from a restored copy, to load into production.

For bringing back one organisation's deleted data without restoring over everyone else's: run
against a database restored beside production (``manage.py restore``), never against production.
Django's own deletion collector finds exactly what deleting the object removes (``on_delete``
CASCADE) and which links it sets to NULL (SET_NULL); the export is one CSV per table, ``load.sql``
(``\\copy`` of each CSV, then UPDATEs putting the NULLed links back) and ``files.txt`` (the media
those rows name, as paths inside the backup folder).

Loading never overwrites: the deleted rows keep their ids, which PostgreSQL never hands out again,
so inserting them collides with nothing — and if a row does exist, the one-transaction load fails
as a whole. Django's foreign keys are deferred to the commit, so the table order does not matter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.core.files.storage import DefaultStorage
from django.db import connection, models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from core.ops.backup.errors import BackupRefused


@dataclass
class RowsExport:
    """What an export wrote: rows per table, links to put back, files to copy."""

    tables: dict[str, int] = field(default_factory=dict)
    links: int = 0
    files: list[str] = field(default_factory=list)


def rows_export(*, label: str, pk: int, folder: Path) -> RowsExport:
    """Write what deleting ``label`` (``app.Model``) number ``pk`` removes into ``folder``."""
    model = _model(label)
    obj = model._base_manager.filter(pk=pk).first()
    if obj is None:
        raise BackupRefused(
            _("%(label)s %(pk)s findes ikke i denne database.") % {"label": label, "pk": pk}
        )
    if folder.exists() and any(folder.iterdir()):
        raise BackupRefused(_("%(folder)s findes og er ikke tom.") % {"folder": folder})
    collector = Collector(using=router.db_for_write(model))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as exc:  # the deletion itself would be refused
        raise BackupRefused(
            _("%(label)s %(pk)s kan ikke slettes, så intet at hente tilbage: %(why)s")
            % {"label": label, "pk": pk, "why": exc.args[0]}
        ) from exc
    folder.mkdir(parents=True, exist_ok=True)
    result, load = RowsExport(), []
    for number, (table_model, pks) in enumerate(_rows(collector).items()):
        load.append(_table_export(table_model, sorted(pks), folder, number))
        result.tables[table_model._meta.db_table] = len(pks)
        result.files += _files(table_model, pks)
    updates = _link_updates(collector)
    result.links = len(updates)
    (folder / "load.sql").write_text("\n".join(load + updates) + "\n", encoding="utf-8")
    result.files = sorted(set(result.files))
    (folder / "files.txt").write_text("".join(f"{name}\n" for name in result.files), "utf-8")
    return result


def _model(label: str) -> type[models.Model]:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise BackupRefused(
            _("Ukendt model %(label)s (skriv app.Model).") % {"label": label}
        ) from exc


def _rows(collector: Collector) -> dict[type[models.Model], set[Any]]:
    rows: dict[type[models.Model], set[Any]] = {}
    for model, instances in collector.data.items():
        rows.setdefault(model, set()).update(obj.pk for obj in instances)
    for queryset in collector.fast_deletes:  # deleted without loading (no signals, no cascades)
        rows.setdefault(queryset.model, set()).update(queryset.values_list("pk", flat=True))
    return {model: pks for model, pks in rows.items() if pks}


def _table_export(model: type[models.Model], pks: list[Any], folder: Path, number: int) -> str:
    quote = connection.ops.quote_name
    table, pk_column = model._meta.db_table, model._meta.pk.column
    columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
    target = folder / f"{number:03d}_{table}.csv"
    query = (
        f"COPY (SELECT {columns} FROM {quote(table)} WHERE {quote(pk_column)} = ANY(%s)) "  # noqa: S608  (names from the model, quoted)
        "TO STDOUT WITH (FORMAT csv, HEADER)"
    )
    with connection.cursor() as cursor, target.open("wb") as out:
        with cursor.cursor.copy(query, [pks]) as copy:
            for block in copy:
                out.write(bytes(block))
    return f"\\copy {quote(table)} ({columns}) FROM '{target.resolve()}' WITH (FORMAT csv, HEADER)"


def _files(model: type[models.Model], pks: set[Any]) -> list[str]:
    """The backup-folder paths of the files these rows name (``media/<storage>/<name>``)."""
    found = []
    for file_field in model._meta.concrete_fields:
        if isinstance(file_field, models.FileField):
            alias = "default" if isinstance(file_field.storage, DefaultStorage) else "private"
            names = model._base_manager.filter(pk__in=pks).values_list(
                file_field.attname, flat=True
            )
            found += [f"media/{alias}/{name}" for name in names if name]
    return found


def _link_updates(collector: Collector) -> list[str]:
    """UPDATEs that give the links deletion set to NULL (SET_NULL) their old values back."""
    quote = connection.ops.quote_name
    updates = []
    for (link, _value), batches in collector.field_updates.items():
        model = link.model
        pk_column = model._meta.pk.column
        # Each entry is a batch (a queryset or a list of rows), whatever django-stubs say.
        for batch in cast(list[Iterable[Any]], batches):
            pks = [obj.pk for obj in batch]
            rows = model._base_manager.filter(pk__in=pks).values_list("pk", link.attname)
            updates += [
                f"UPDATE {quote(model._meta.db_table)} SET {quote(link.column)} = {int(old)} "  # noqa: S608  (names from the model, integers)
                f"WHERE {quote(pk_column)} = {int(pk)};"
                for pk, old in sorted(rows)
                if old is not None
            ]
    return updates
