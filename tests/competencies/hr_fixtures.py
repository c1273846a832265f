"""Bulk data for the gap analysis and the HR dashboard at size (tests and tests/perf).

``populate`` gives an organisation ``people`` members spread over its departments and the
eight job functions, its own role profile for each job function (``requirements`` competences
each, from a pool of at least ``competences`` active competences), and evidence for about two
thirds of each person's requirements — some below the required level, some expired, some
pending — so every figure on the pages has something to count. Everything is bulk-inserted.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from competencies.models import (
    Competence,
    CompetenceArea,
    CompetencePlan,
    Evidence,
    EvidenceSource,
    EvidenceStatus,
    LearningStrategy,
    RoleProfile,
    RoleProfileRequirement,
)
from competencies.services import summaries_rebuild
from organisations.models import Department, JobFunction, Membership, Organisation, User
from tests.factories import (
    EvidenceFactory,
    LearningStrategyFactory,
    RoleProfileFactory,
    RoleProfileRequirementFactory,
    StrategyPlanLineFactory,
    TargetGroupFactory,
)


def competence_pool(size: int) -> list[Competence]:
    """At least ``size`` active competences: the seeded framework plus generated ones."""
    existing = list(Competence.objects.active().order_by("pk"))
    missing = size - len(existing)
    if missing > 0:
        area, _ = CompetenceArea.objects.get_or_create(
            code="bench", defaults={"name": "Ekstra kompetencer", "sort_order": 99}
        )
        Competence.objects.bulk_create(
            Competence(
                area=area,
                code=f"ekstra-{i}",
                name=f"Ekstra kompetence {i}",
                level_1="Kender",
                level_2="Forstår",
                level_3="Anvender",
                level_4="Leder",
                sort_order=i,
            )
            for i in range(missing)
        )
        existing = list(Competence.objects.active().order_by("pk"))
    return existing[:size]


def own_profiles(
    organisation: Organisation, competences: list[Competence], per_profile: int
) -> list[RoleProfile]:
    """The organisation's own profile for every job function, ``per_profile`` requirements."""
    profiles = RoleProfile.objects.bulk_create(
        RoleProfile(organisation=organisation, job_function=job_function)
        for job_function in JobFunction.objects.order_by("pk")
    )
    RoleProfileRequirement.objects.bulk_create(
        RoleProfileRequirement(
            profile=profile,
            competence=competences[(p * 5 + i) % len(competences)],
            required_level=1 + (p + i) % 4,
        )
        for p, profile in enumerate(profiles)
        for i in range(min(per_profile, len(competences)))
    )
    return profiles


def populate(
    organisation: Organisation,
    *,
    people: int,
    competences: int = 40,
    requirements: int = 12,
    tag: str = "p",
    analyze: bool = False,
) -> list[Membership]:
    """Members, evidence and plans for ``organisation``, in bulk; its own profiles are made on
    the first call and reused by later ones (``tag`` keeps the people's e-mails apart).
    ``analyze``: rebuild every organisation's rows, with fresh statistics (a benchmark)."""
    pool = competence_pool(competences)
    profiles = list(RoleProfile.objects.filter(organisation=organisation).order_by("pk"))
    profiles = profiles or own_profiles(organisation, pool, requirements)
    departments: list[Department | None] = [
        *Department.objects.filter(organisation=organisation)
    ] or [None]
    job_functions = [profile.job_function_id for profile in profiles]
    users = User.objects.bulk_create(
        User(
            email=f"{tag}{i}@{organisation.pk}.example", first_name=f"Person{i:05d}", last_name=tag
        )
        for i in range(people)
    )
    memberships = Membership.objects.bulk_create(
        Membership(
            user=user,
            organisation=organisation,
            department=departments[i % len(departments)],
            job_function_id=job_functions[i % len(job_functions)],
        )
        for i, user in enumerate(users)
    )
    required = {
        profile.job_function_id: list(
            profile.requirements.order_by("pk").values_list("competence_id", "required_level")
        )
        for profile in profiles
    }
    Evidence.objects.bulk_create(_evidence(organisation, users, memberships, required))
    _plans(organisation, users)
    # Bulk inserts pass the models' signals by: rebuild the stored rows, as the scale
    # generator does (a rebuild of all refreshes PostgreSQL's statistics first).
    summaries_rebuild(organisation=None if analyze else organisation)
    return memberships


def _evidence(
    organisation: Organisation,
    users: list[User],
    memberships: list[Membership],
    required: dict[int | None, list[tuple[int, int]]],
) -> Iterator[Evidence]:
    today = timezone.localdate()
    for i, (user, membership) in enumerate(zip(users, memberships, strict=True)):
        for j, (competence_id, level) in enumerate(required[membership.job_function_id]):
            if (i + j) % 3 == 0:
                continue  # no evidence at all: a gap
            status = EvidenceStatus.PENDING if (i + j) % 11 == 0 else EvidenceStatus.APPROVED
            achieved = today - timedelta(days=30 * ((i + j) % 14))
            yield Evidence(
                user=user,
                competence_id=competence_id,
                level=max(1, level - (i + j) % 2),  # every other one a level short
                source=EvidenceSource.ASSESSMENT,
                status=status,
                achieved_on=achieved,
                expires_on=achieved + timedelta(days=200) if (i + j) % 7 == 0 else None,
                title="Vurdering",
                organisation=organisation,
            )


def _plans(organisation: Organisation, users: list[User]) -> None:
    today = timezone.localdate()
    statuses = ["draft", "submitted", "approved", "returned", "completed"]
    CompetencePlan.objects.bulk_create(
        CompetencePlan(
            user=user,
            organisation=organisation,
            title=f"Plan {i}",
            starts_on=today,
            ends_on=today + timedelta(days=365),
            status=statuses[i % len(statuses)],
        )
        for i, user in enumerate(users[: max(1, len(users) // 4)])
    )


def strategy(
    organisation: Organisation, *, year: int, hourly_rate: Decimal = Decimal("600")
) -> LearningStrategy:
    """An active Læringspilen strategy with two plan lines in ``year`` (and one the year after)."""
    strategy = LearningStrategyFactory.create(
        organisation=organisation, starts_year=year, hourly_rate=hourly_rate
    )
    group = TargetGroupFactory.create(strategy=strategy)
    line = functools.partial(StrategyPlanLineFactory, strategy=strategy, target_group=group)
    line(year=year)  # A3 Fremtidsanalyse: 4 × 7 hours, 2,500 kr.
    line(year=year, title="A1 Beboerdemokrati", people=2, hours_per_person=Decimal("3.5"),
         fee_per_person=Decimal("0"))  # fmt: skip
    line(year=year + 1, title="A5", people=10, fee_per_person=Decimal("0"))  # not this year
    return strategy


# --- Small, hand-built cases ---------------------------------------------------------------


def own_profile(
    organisation: Organisation, job_function: str, levels: dict[str, int]
) -> RoleProfile:
    """The organisation's own profile for ``job_function``: competence code → required level."""
    profile = RoleProfileFactory.create(
        organisation=organisation, job_function=JobFunction.objects.get(code=job_function)
    )
    for code, level in levels.items():
        RoleProfileRequirementFactory.create(
            profile=profile, competence=Competence.objects.get(code=code), required_level=level
        )
    return profile


def evidence(
    user: User,
    code: str,
    level: int,
    *,
    days_ago: int = 0,
    expires_in: int | None = None,
    status: str = EvidenceStatus.APPROVED,
    organisation: Organisation | None = None,
) -> Evidence:
    """Evidence achieved ``days_ago`` days ago, expiring ``expires_in`` days from today."""
    today = timezone.localdate()
    return EvidenceFactory.create(
        user=user,
        competence=code,
        level=level,
        status=status,
        achieved_on=today - timedelta(days=days_ago),
        expires_on=today + timedelta(days=expires_in) if expires_in is not None else None,
        organisation=organisation,
    )
