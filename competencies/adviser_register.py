"""Reads of the adviser register (anbefaling 4): listed consultants and their people, found by
the competences their currently valid evidence documents for a guide. Documents are never shown.

Who may use the register and edit a listing is ``competencies.access`` (section Advisers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Concat, RowNumber
from django.utils import timezone

from competencies.models import (
    AdviserListing,
    Evidence,
    GuideCompetence,
)
from organisations.models import Membership, Organisation, OrganisationKind


def listed_advisers() -> QuerySet[AdviserListing]:
    """Listings that consultants have opted into, with their organisation."""
    return (
        AdviserListing.objects.listed()
        .filter(organisation__kind=OrganisationKind.CONSULTANT)
        .select_related("organisation")
    )


def listing_of(organisation: Organisation) -> AdviserListing | None:
    """The organisation's listing (listed or not), or None when it never made one."""
    return AdviserListing.objects.filter(organisation=organisation).first()


@dataclass(frozen=True)
class AdviserQuery:
    """What a housing organisation looks for. Empty fields do not narrow."""

    guide: Any = None
    competence: Any = None
    min_level: int | None = None
    text: str = ""
    on: date = field(default_factory=timezone.localdate)

    @property
    def narrows_by_evidence(self) -> bool:
        return bool(self.guide or self.competence or self.min_level)


def _guide_built() -> Exists:
    """The (outer) evidence's competence is built by at least one guide."""
    return Exists(GuideCompetence.objects.filter(competence_id=OuterRef("competence_id")))


def _documented(query: AdviserQuery) -> QuerySet[Evidence]:
    """Valid evidence (the level rule's own filter) of a competence some guide builds."""
    evidence = Evidence.objects.valid_on(query.on).filter(_guide_built())
    if query.guide:
        built = GuideCompetence.objects.filter(guide=query.guide).values("competence_id")
        evidence = evidence.filter(competence_id__in=built)
    if query.competence:
        evidence = evidence.filter(competence=query.competence)
    return evidence


def qualifying_people(query: AdviserQuery) -> QuerySet[Membership]:
    """Active people of consultant organisations who match the query.

    A person qualifies when valid evidence documents a competence that the chosen guide builds
    (and is the chosen competence, when one is chosen) at the minimum level or above. The
    level rule makes a person's level the highest valid evidence, so "level ≥ minimum" is the
    same as "some valid evidence at ≥ minimum".
    """
    people = Membership.objects.active().filter(
        organisation__kind=OrganisationKind.CONSULTANT,
        user__is_active=True,
        user__adviser_opt_out__isnull=True,  # the person said no (core.consents)
    )
    if query.narrows_by_evidence:
        evidence = _documented(query).filter(
            user_id=OuterRef("user_id"), level__gte=query.min_level or 1
        )
        people = people.filter(Exists(evidence))
    if query.text:
        people = people.annotate(
            full_name=Concat("user__first_name", Value(" "), "user__last_name")
        ).filter(Q(full_name__icontains=query.text) | Q(organisation__name__icontains=query.text))
    return people


def search_advisers(query: AdviserQuery) -> QuerySet[AdviserListing]:
    """Listed consultant organisations that match: by their people when the query names a
    guide, competence or level; by organisation or person name for free text."""
    listings = listed_advisers()
    if query.narrows_by_evidence or query.text:
        people = qualifying_people(query).filter(organisation_id=OuterRef("organisation_id"))
        listings = listings.filter(Exists(people))
    return listings.annotate(
        match_count=Coalesce(
            Subquery(
                qualifying_people(query)
                .filter(organisation_id=OuterRef("organisation_id"))
                .order_by()
                .values("organisation_id")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        )
    ).order_by("organisation__name", "pk")


@dataclass(frozen=True)
class DocumentedCompetence:
    """One line of a person's record in the register — never the evidence document itself."""

    guide_codes: tuple[str, ...]
    competence: str
    level: int
    level_label: str
    source: str


@dataclass
class AdviserPerson:
    membership: Membership
    competences: list[DocumentedCompetence] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.membership.user.name


def _guide_codes_by_competence() -> dict[int, tuple[str, ...]]:
    codes: dict[int, list[str]] = defaultdict(list)
    for competence_id, code in GuideCompetence.objects.order_by("guide__code").values_list(
        "competence_id", "guide__code"
    ):
        codes[competence_id].append(code)
    return {key: tuple(value) for key, value in codes.items()}


def documented_competences(
    people: list[Membership], on: date | None = None
) -> dict[int, list[DocumentedCompetence]]:
    """Per person (user id): each guide-built competence at its current level (the level
    rule: the highest valid evidence), with the kind of source it rests on. Two queries."""
    on = on or timezone.localdate()
    user_ids = [m.user_id for m in people]
    rows = (
        Evidence.objects.valid_on(on)
        .filter(_guide_built(), user_id__in=user_ids)
        .select_related("competence__area")
        .only("user_id", "level", "source", "competence__name", "competence__area__sort_order")
        .order_by("user_id", "competence__area__sort_order", "competence__sort_order", "-level")
    )
    guide_codes = _guide_codes_by_competence()
    result: dict[int, list[DocumentedCompetence]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for evidence in rows:
        key = (evidence.user_id, evidence.competence_id)
        if key in seen:  # rows come highest level first: the first one is the current level
            continue
        seen.add(key)
        result[evidence.user_id].append(
            DocumentedCompetence(
                guide_codes=guide_codes.get(evidence.competence_id, ()),
                competence=evidence.competence.name,
                level=evidence.level,
                level_label=evidence.get_level_display(),
                source=evidence.get_source_display(),
            )
        )
    return result


def _with_competences(people: list[Membership], on: date | None = None) -> list[AdviserPerson]:
    competences = documented_competences(people, on)
    return [AdviserPerson(membership=m, competences=competences.get(m.user_id, [])) for m in people]


def people_of_listings(
    listings: list[AdviserListing], query: AdviserQuery, per_organisation: int
) -> dict[int, list[AdviserPerson]]:
    """For a page of listings: up to ``per_organisation`` matching people of each, with their
    documented guide competences. A fixed number of queries, however many people there are."""
    people = (
        qualifying_people(query)
        .filter(organisation_id__in=[listing.organisation_id for listing in listings])
        .select_related("user")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("organisation_id")],
                order_by=[F("user__first_name").asc(), F("user__last_name").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=per_organisation)
        .order_by("organisation_id", "rank")
    )
    grouped: dict[int, list[AdviserPerson]] = defaultdict(list)
    for person in _with_competences(list(people), query.on):
        grouped[person.membership.organisation_id].append(person)
    return grouped


def adviser_people(organisation: Organisation) -> QuerySet[Membership]:
    """The active people of a listed consultant organisation, by name."""
    return (
        Membership.objects.active()
        .filter(organisation=organisation, user__is_active=True, user__adviser_opt_out__isnull=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def with_documented_competences(people: Iterable[Membership]) -> list[AdviserPerson]:
    """Attach each person's documented guide competences (two queries for the whole page)."""
    return _with_competences(list(people))
