"""The generic part of erasing a person: the registry walk, the references others' rows hold,
and the scrubbing pass over free text.

``privacy.erasure.person_erase`` calls these in order, each inside its own transaction, and
adds up what each returns (rows touched) into the request's report. Nothing here writes a name:
the report says how many rows, never whose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Cast

from core.privacy import Declaration, Erasure, Personal, declarations

PLACEHOLDER_NAME = "Slettet bruger"
PLACEHOLDER_EMAIL = "slettet-bruger@invalid"
SCRUBBED = "[slettet]"

# Tables the scrubbing pass never rewrites: they hold no text about people (or, for
# migrations and content types, must not change under any circumstances).
SCRUB_SKIP = frozenset(
    {
        "contenttypes.ContentType",
        "auth.Permission",
        "sessions.Session",  # deleted wholesale for the person in the access step
        # Append-only; its details hold ids and codes, never names (core.audit).
        "core.AccessEvent",
    }
)
# Library tables whose rows about the person are theirs alone: deleted with the person, as
# Django would on deleting the user.
LIBRARY_ROWS_DELETED = frozenset(
    {
        "account.EmailAddress",
        "mfa.Authenticator",
        "wagtailusers.UserProfile",
        "wagtailcore.PageSubscription",
        "wagtailcore.APIToken",
        "wagtailadmin.EditingSession",
        "wagtailadmin.FormState",
        "admin.LogEntry",
    }
)


@dataclass
class Identity:
    """What the scrubbing pass looks for: the person's full name, e-mail and phone."""

    terms: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, person: models.Model) -> Identity:
        candidates = [
            getattr(person, "get_full_name", lambda: "")().strip(),
            (getattr(person, "email", "") or "").strip(),
            (getattr(person, "phone", "") or "").strip(),
        ]
        # A one-letter "name" would scrub half the database: only terms of some length count.
        return cls(terms=[term for term in dict.fromkeys(candidates) if len(term) >= 4])

    def pattern(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        escaped = sorted((re.escape(term) for term in self.terms), key=len, reverse=True)
        return re.compile("|".join(escaped), re.IGNORECASE)

    def variants(self) -> list[str]:
        """The terms as stored in text, and as JSON stores them with non-ASCII escaped."""
        found: list[str] = []
        for term in self.terms:
            found.append(term)
            escaped = json.dumps(term)[1:-1]
            if escaped != term:
                found.append(escaped)
        return found


@dataclass
class Context:
    """State shared by the steps of one erasure."""

    # The user model (organisations.User); Any, because the kernel of this module must not
    # import the organisations app's model to name its type.
    person: Any
    placeholder: Any
    identity: Identity
    files: list[tuple[Storage, str]] = field(default_factory=list)

    def delete_file_on_commit(self, file: models.fields.files.FieldFile) -> None:
        if file and file.name:
            self.files.append((file.storage, file.name))


def user_model() -> type[models.Model]:
    return apps.get_model(settings.AUTH_USER_MODEL)


def _is_page(model: type[models.Model]) -> bool:
    from wagtail.models import Page

    return issubclass(model, Page)


def _subject_q(declaration: Declaration, person: models.Model) -> Q | None:
    condition = Q()
    for path in declaration.subject:
        condition |= Q(**{path: person})
    return condition if declaration.subject else None


def _depth(declaration: Declaration) -> int:
    return max((path.count("__") for path in declaration.subject), default=0)


def areas_in_order() -> list[tuple[str, list[Declaration]]]:
    """Declarations with a subject, grouped by export area; rows further from the person
    (``enrolment__user``) come before nearer ones (``user``), so that a child that protects
    its parent (a certificate its enrolment) is gone before the parent is deleted."""
    grouped: dict[str, list[Declaration]] = {}
    for declaration in declarations():
        if declaration.subject:
            grouped.setdefault(declaration.area or "andet", []).append(declaration)
    for items in grouped.values():
        items.sort(key=_depth, reverse=True)
    return sorted(grouped.items(), key=lambda item: (-max(map(_depth, item[1])), item[0]))


# --- Field rules ---------------------------------------------------------------------------


def _is_user_fk(model_field: models.Field[Any, Any]) -> bool:
    return bool(model_field.is_relation and model_field.related_model is user_model())


def anonymised_value(
    model_field: models.Field[Any, Any], rule: Personal | None, ctx: Context, row: models.Model
) -> tuple[bool, object]:
    """The value a personal field takes on erasure: (change it?, new value)."""
    erasure = rule.erasure if rule else Erasure.ANONYMISE
    if erasure == Erasure.KEEP:
        return False, None
    # A row about the person may also name other people (the approver of their log entry):
    # those keys stay. Only the keys that point at the person change.
    if _is_user_fk(model_field) and getattr(row, model_field.attname) != ctx.person.pk:
        return False, None
    if _is_user_fk(model_field):
        if erasure == Erasure.DELETE and model_field.null:
            return True, None
        return True, ctx.placeholder
    if model_field.is_relation:
        return (True, None) if model_field.null else (False, None)
    if isinstance(model_field, models.FileField):
        ctx.delete_file_on_commit(getattr(row, model_field.attname))
        return True, ""
    if isinstance(model_field, models.JSONField):
        return True, model_field.get_default()
    if isinstance(model_field, (models.CharField, models.TextField)):
        if model_field.unique:
            return True, f"slettet-{row.pk}@invalid"[: model_field.max_length or 255]
        if erasure == Erasure.ANONYMISE and "name" in model_field.name:
            return True, PLACEHOLDER_NAME
        if model_field.blank:
            return True, ""
        return True, SCRUBBED
    if model_field.null:
        return True, None
    return False, None  # a number or date that cannot be emptied says nothing on its own


def anonymise_row(row: models.Model, declaration: Declaration, ctx: Context) -> None:
    changed = []
    for name, rule in declaration.personal.items():
        model_field = row._meta.get_field(name)
        if not isinstance(model_field, models.Field) or model_field.many_to_many:
            continue
        change, value = anonymised_value(model_field, rule, ctx, row)
        if change:
            setattr(row, model_field.name, value)
            changed.append(model_field.name)
    if changed:
        row.save(update_fields=changed)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def delete_with_files(rows: models.QuerySet[Any] | list[models.Model], ctx: Context) -> None:
    """Delete ``rows`` and everything that cascades from them; the files of every deleted row
    (an evidence document, a log entry's photos) are removed once the transaction commits.
    Raises ``ProtectedError`` (and deletes nothing) when something that must stay protects
    them."""
    from django.db import router
    from django.db.models.deletion import Collector

    sample = rows.model if isinstance(rows, models.QuerySet) else type(rows[0])
    collector = Collector(using=router.db_for_write(sample))
    collector.collect(rows)  # type: ignore[arg-type]
    for model, instances in collector.data.items():
        for model_field in _file_fields(model):
            for instance in instances:
                ctx.delete_file_on_commit(getattr(instance, model_field.attname))
    for queryset in collector.fast_deletes:
        for model_field in _file_fields(queryset.model):
            for instance in queryset:
                ctx.delete_file_on_commit(getattr(instance, model_field.attname))
    with transaction.atomic():
        collector.delete()


def _delete_rows(rows: models.QuerySet[Any], declaration: Declaration, ctx: Context) -> int:
    count = 0
    for row in rows:
        try:
            with transaction.atomic():
                delete_with_files([row], ctx)
        except models.ProtectedError:
            # Something that must stay still points at the row: keep it, stripped.
            anonymise_row(row, declaration, ctx)
        count += 1
    return count


def erase_declared(declaration: Declaration, ctx: Context) -> int:
    """Apply one declaration's rule to the rows about the person; return how many."""
    condition = _subject_q(declaration, ctx.person)
    if condition is None:
        return 0
    model = declaration.model
    rows = model._default_manager.filter(condition).distinct()
    if declaration.rows == Erasure.DELETE and not _is_page(model):
        return _delete_rows(rows, declaration, ctx)
    if declaration.rows == Erasure.KEEP:
        return 0
    count = 0
    for row in rows:
        anonymise_row(row, declaration, ctx)
        count += 1
    return count


# --- References on others' rows ------------------------------------------------------------


def _user_foreign_keys() -> Iterable[tuple[type[models.Model], models.ForeignKey[Any, Any]]]:
    user = user_model()
    for model in apps.get_models():
        for model_field in model._meta.local_concrete_fields:
            if isinstance(model_field, models.ForeignKey) and model_field.related_model is user:
                yield model, model_field


def _repoint(
    rows: models.QuerySet[Any], model_field: models.ForeignKey[Any, Any], value: object
) -> int:
    try:
        with transaction.atomic():
            return rows.update(**{model_field.name: value})
    except IntegrityError:
        pass
    # A unique constraint (one row per person) clashes for the shared placeholder: row by row,
    # empty what can be emptied and delete what cannot.
    count = 0
    for row in rows:
        try:
            with transaction.atomic():
                setattr(row, model_field.name, value)
                row.save(update_fields=[model_field.name])
        except IntegrityError:
            if model_field.null:
                setattr(row, model_field.name, None)
                row.save(update_fields=[model_field.name])
            else:
                row.delete()
        count += 1
    return count


def _deleted(rows: models.QuerySet[Any], ctx: Context) -> bool:
    """Delete rows that are the person's own (their key CASCADEs, as Django would on deleting
    the user); False when something that must stay protects them."""
    try:
        with transaction.atomic():
            delete_with_files(rows, ctx)
    except models.ProtectedError:
        return False
    return True


def references_release(ctx: Context) -> int:
    """Every foreign key to the person that is left after the walk.

    Rows the registry did not cover are treated as Django would treat them on deleting the
    user, except that nothing fails: rows whose key CASCADEs are the person's own and are
    deleted (unless something protects them); our own apps keep authorship as the shared
    "Slettet bruger" placeholder (also where the key PROTECTs the user, such as a log entry's
    author); libraries' nullable keys (page owner, revision and log-entry user, uploader) are
    emptied; the person's own library rows (e-mail addresses, authenticators, profile) go.
    """
    own_apps = set(settings.LMS_PRIVACY_APPS)
    count = 0
    for model, model_field in _user_foreign_keys():
        if model is user_model():
            continue
        if model._meta.label == "privacy.ErasureRequest" and model_field.name == "person":
            continue  # the request keeps pointing at the (anonymised) person: it is the record
        rows = model._default_manager.filter(**{model_field.name: ctx.person})
        if not rows.exists():
            continue
        if model._meta.label in LIBRARY_ROWS_DELETED:
            count += rows.count()
            delete_with_files(rows, ctx)
        elif model_field.remote_field.on_delete is models.CASCADE and _deleted(rows, ctx):
            count += 1
        elif model._meta.app_label in own_apps or not model_field.null:
            count += _repoint(rows, model_field, ctx.placeholder)
        else:
            count += rows.update(**{model_field.name: None})
    for model in apps.get_models():
        for m2m in model._meta.local_many_to_many:
            if m2m.related_model is user_model():
                through: Any = m2m.remote_field.through
                if through._meta.auto_created:
                    target = m2m.m2m_reverse_field_name()
                    deleted, _detail = through.objects.filter(**{target: ctx.person}).delete()
                    count += deleted
    return count


# --- Scrubbing -----------------------------------------------------------------------------


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        model_field
        for model_field in model._meta.local_concrete_fields
        if isinstance(model_field, (models.CharField, models.TextField, models.JSONField))
        and not model_field.primary_key
    ]


def _replace_in(value: object, pattern: re.Pattern[str]) -> object:
    if isinstance(value, str):
        return pattern.sub(SCRUBBED, value)
    if isinstance(value, list):
        return [_replace_in(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _replace_in(item, pattern) for key, item in value.items()}
    return value


def _matching(
    model: type[models.Model], model_field: models.Field[Any, Any], terms: list[str]
) -> Q:
    condition = Q()
    lookup = model_field.attname
    if isinstance(model_field, models.JSONField):
        lookup = f"_scrub_{model_field.attname}"
    for term in terms:
        condition |= Q(**{f"{lookup}__icontains": term})
    return condition


def scrub_model(model: type[models.Model], identity: Identity) -> int:
    """Replace the person's name, e-mail and phone in ``model``'s text and JSON columns."""
    pattern = identity.pattern()
    fields = _text_fields(model)
    if pattern is None or not fields:
        return 0
    terms = identity.variants()
    count = 0
    for model_field in fields:
        rows = model._default_manager.all()
        if isinstance(model_field, models.JSONField):
            rows = rows.annotate(
                **{f"_scrub_{model_field.attname}": Cast(model_field.attname, models.TextField())}
            )
        for row in rows.filter(_matching(model, model_field, terms)):
            value = getattr(row, model_field.attname)
            new = _replace_in(value, pattern)
            if new != value:
                model._default_manager.filter(pk=row.pk).update(**{model_field.attname: new})
                count += 1
    return count


def scrubbable_models() -> list[type[models.Model]]:
    """Every concrete table with text in it, ours and the libraries' (revisions, log entries,
    the search index, the outbox), but for the few that never hold people's words."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.label not in SCRUB_SKIP
        and _text_fields(model)
    ]
