"""The personal-data registry: what each model keeps about people, why, for how long, and what
erasure does to it.

Every app declares its models in ``<app>/privacy.py`` with :func:`register` (the kernel imports
no app; ``core.apps`` discovers those modules). A declaration classifies EVERY concrete field of
the model: a field is either personal (a :class:`Personal` rule) or listed in ``other`` as
holding no personal data. ``unclassified()`` lists what is missing, and a test fails on it, so a
later capability cannot add a field about people without deciding what happens to it.

Export and erasure read these declarations; they are the single description of the data, in the
manner of Moodle's privacy API, kept in code beside the models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Purposes and retention are shown to people (Mine data, the export's LÆSMIG.txt): Danish
# msgids, usually lazy, so they follow the visitor's language.
Text = str | Promise


class Category(models.TextChoices):
    """Kinds of personal data (what a person would call it)."""

    IDENTITY = "identity", _("Identitet (navn, e-mail, telefon, medarbejdernummer)")
    EMPLOYMENT = "employment", _("Ansættelse (organisation, afdeling, funktion, roller)")
    LEARNING = "learning", _("Læring (tilmeldinger, forløb, beviser, evalueringer)")
    COMPETENCE = "competence", _("Kompetencer (planer, dokumentation, vurderinger)")
    PROJECT = "project", _("Byggesager (læringslog, deltagelse, målinger)")
    CONTENT = "content", _("Indhold, personen har skrevet")
    FILE = "file", _("Filer og fotos")
    COMMUNICATION = "communication", _("Kommunikation (e-mails, invitationer)")
    SECURITY = "security", _("Sikkerhed (adgangskode, to-faktor, log-ind)")
    ACTIVITY = "activity", _("Aktivitet og logning")
    CONSENT = "consent", _("Samtykker og valg")


class LegalBasis(models.TextChoices):
    """The GDPR article 6(1) basis for keeping the data."""

    CONTRACT = "contract", _("Aftale eller ansættelsesforhold (art. 6, stk. 1, litra b)")
    LEGAL_OBLIGATION = "legal_obligation", _("Retlig forpligtelse (art. 6, stk. 1, litra c)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitim interesse (art. 6, stk. 1, litra f)")
    CONSENT = "consent", _("Samtykke (art. 6, stk. 1, litra a)")


class Erasure(models.TextChoices):
    """What erasing the person does to the field (or, for ``DELETE``, to the whole row)."""

    DELETE = "delete", _("Slettes")
    ANONYMISE = "anonymise", _("Anonymiseres")
    KEEP = "keep", _("Beholdes, fordi anden lovgivning kræver det")


@dataclass(frozen=True)
class Personal:
    """The classification of one field that holds personal data."""

    category: Category
    purpose: Text
    basis: LegalBasis
    retention: Text
    erasure: Erasure
    # For Erasure.KEEP: the law that requires keeping it (e.g. "Bogføringsloven § 10").
    law: Text = ""

    def __post_init__(self) -> None:
        if self.erasure == Erasure.KEEP and not self.law:
            raise ValueError("A field kept on erasure must name the law that requires it.")


@dataclass(frozen=True)
class Declaration:
    """What one model keeps about people.

    ``subject`` names the field paths from the model to the person the row is about (a user
    foreign key, e.g. ``("user",)`` or ``("enrolment__user",)``); empty for rows about nobody in
    particular. ``area`` is the export area the rows go into ("tilmeldinger", "planer" …).
    ``rows`` is what erasure does to rows about the person: ``DELETE`` removes them, ``ANONYMISE``
    keeps the row and applies each personal field's own rule. ``context`` names related values an
    export adds to make a row readable (e.g. ``"session__course__title"``).
    ``rows = KEEP`` leaves the rows to a step of their own (the user row: erasure's person step).
    ``subject_q`` finds rows about the person where no field path can (stored e-mails name
    their recipients in a JSON list): the export uses it besides ``subject``; erasure handles
    such rows in a step of its own.
    ``organisation`` is the field path from the model to the organisation a row belongs to
    (``"organisation"``, ``"plan__organisation"``, ``"organisation_id"``); each housing
    organisation is the data controller for its own rows, so an export HR produces holds only
    rows whose path equals HR's organisation. Empty for rows that belong to no organisation.
    """

    model: type[models.Model]
    area: str
    subject: tuple[str, ...]
    personal: Mapping[str, Personal]
    other: frozenset[str]
    rows: Erasure
    context: tuple[str, ...] = ()
    files: tuple[str, ...] = field(default=())
    subject_q: Callable[[Any], Q] | None = None
    organisation: str = ""

    @property
    def label(self) -> str:
        return self.model._meta.label


_registry: dict[str, Declaration] = {}


def register(
    model: type[models.Model],
    *,
    area: str = "",
    subject: Iterable[str] = (),
    personal: Mapping[str, Personal] | None = None,
    other: Iterable[str] = (),
    rows: Erasure = Erasure.DELETE,
    context: Iterable[str] = (),
    subject_q: Callable[[Any], Q] | None = None,
    organisation: str = "",
) -> Declaration:
    """Declare a model's fields. Every concrete field must appear in ``personal`` or ``other``."""
    personal = dict(personal or {})
    other_set = frozenset(other)
    overlap = other_set & personal.keys()
    if overlap:
        raise ValueError(f"{model._meta.label}: {sorted(overlap)} both personal and not.")
    subject = tuple(subject)
    if personal and not area:
        raise ValueError(f"{model._meta.label}: personal data needs an export area.")
    files = tuple(
        name for name in personal if isinstance(_field_or_none(model, name), models.FileField)
    )
    declaration = Declaration(
        model=model,
        area=area,
        subject=subject,
        personal=personal,
        other=other_set,
        rows=rows,
        context=tuple(context),
        files=files,
        subject_q=subject_q,
        organisation=organisation,
    )
    _registry[model._meta.label] = declaration
    return declaration


def _field_or_none(model: type[models.Model], name: str) -> models.Field | None:
    try:
        found = model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist; reported by unclassified()/unknown_fields()
        return None
    return found if isinstance(found, models.Field) else None


def declarations() -> list[Declaration]:
    """All declarations, in a stable order (by model label)."""
    return [_registry[label] for label in sorted(_registry)]


def declaration_for(model: type[models.Model]) -> Declaration | None:
    return _registry.get(model._meta.label)


def classified_fields(model: type[models.Model]) -> set[str]:
    """The model's own concrete fields (attribute names without ``_id``) that need a decision.

    Multi-table children (Wagtail pages) classify only their own fields: the parent's are
    declared with the parent. The link to the parent (``page_ptr``) holds nothing personal.
    """
    names = set()
    for model_field in model._meta.local_concrete_fields:
        if getattr(model_field.remote_field, "parent_link", False):
            continue
        names.add(model_field.name)
    return names


def unclassified(models_to_check: Iterable[type[models.Model]]) -> list[str]:
    """``app.Model.field`` for each concrete field of the given models that nobody classified."""
    missing = []
    for model in models_to_check:
        declaration = _registry.get(model._meta.label)
        known = set() if declaration is None else set(declaration.personal) | declaration.other
        for name in sorted(classified_fields(model) - known):
            missing.append(f"{model._meta.label}.{name}")
    return missing


def unknown_fields() -> list[str]:
    """Declared names that are not fields of their model (typos, removed fields)."""
    wrong = []
    for declaration in declarations():
        for name in sorted(set(declaration.personal) | declaration.other):
            if _field_or_none(declaration.model, name) is None:
                wrong.append(f"{declaration.label}.{name}")
    return wrong


def project_models() -> list[type[models.Model]]:
    """Models whose data the registry must cover: our apps', and the libraries' listed in
    ``settings.LMS_PRIVACY_LIBRARY_MODELS`` (allauth, Wagtail and Django tables about people)."""
    from django.conf import settings

    own_apps = set(settings.LMS_PRIVACY_APPS)
    library = set(settings.LMS_PRIVACY_LIBRARY_MODELS)
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in own_apps or model._meta.label in library
    ]


def alike(rule: Personal, *names: str) -> dict[str, Personal]:
    """The same classification for several fields (``personal={**alike(rule, "a", "b")}``)."""
    return dict.fromkeys(names, rule)
