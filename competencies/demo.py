"""Demo data for pillar 2: Fjordbo's adjusted profile, its Læringspilen strategy, plans in every
status, evidence of every kind, and a consultant in the adviser register.

Everything goes through the services, as a real user's clicks would. Idempotent: the strategy's
title marks a seeded installation, and a second run changes nothing. The evidence from completed
courses comes from the course demo (completing an enrolment records it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from wagtail.models import Page

from competencies import offers, services
from competencies.models import (
    Competence,
    CompetencePlan,
    Guide,
    LearningStage,
    LearningStrategy,
    StrategyStatus,
)
from organisations.models import Department, JobFunction, Organisation, User

FJORDBO = "Boligselskabet Fjordbo"
STRATEGY_TITLE = "Fremtidssikring gennem læring"

# A one-page PDF, small enough to keep in code (the demo ships no binary files).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _people() -> dict[str, User]:
    return {user.email.split("@")[0]: user for user in User.objects.filter(email__contains="@")}


def _competence(code: str) -> Competence:
    return Competence.objects.get(code=code)


def _course(title: str) -> Page | None:
    return Page.objects.filter(title=title).first()


@transaction.atomic
def seed() -> None:
    """Create the pillar-2 demo once (needs the organisation, course and session demos first)."""
    if LearningStrategy.objects.filter(title=STRATEGY_TITLE).exists():
        return
    fjordbo = Organisation.objects.get(name=FJORDBO)
    people = _people()
    hanne = people["hanne"]
    _profiles(fjordbo, hanne)
    _strategy(fjordbo, hanne)
    _plans(fjordbo, people)
    _evidence(fjordbo, people)
    _adviser(people)


def _profiles(fjordbo: Organisation, hr: User) -> None:
    """Fjordbo asks more of its project leaders in effect measurement than the network does."""
    projektleder = JobFunction.objects.get(code="projektleder")
    profile = services.role_profile_adopt(actor=hr, organisation=fjordbo, job_function=projektleder)
    services.role_requirement_set(
        actor=hr, profile=profile, competence=_competence("effektmaaling"), required_level=3
    )


GOALS = [
    # title, competence, level, coverage, stage, measure, description
    (
        "Alle projektledere kan anvende fremtidsanalysen",
        "fremtidsanalyse",
        3,
        100,
        "Læring",
        "Andel projektledere på niveau 3 (gabanalysen)",
        "Fremtidsanalysen (A3) er grundlaget for vores strategiske beslutninger om afdelingerne.",
    ),
    (
        "En skole på hver byggeplads",
        "laering-paa-byggepladsen",
        3,
        80,
        "Anvendelse",
        "Godkendte logindlæg pr. byggesag og kvartal",
        "Projektlederen har ansvaret for læringen og inddrager de centrale parter.",
    ),
    (
        "Effekten måles på alle renoveringer",
        "effektmaaling",
        3,
        100,
        "Mål",
        "Byggesager med effektmål og opfølgning efter 3, 6 og 12 måneder",
        "Bedre sociale rammer, bedre fysisk byggeri, bedre økonomi og en bedre byggeproces.",
    ),
    (
        "Beboervalgte forstår den beboerdemokratiske proces",
        "beboerdemokratisk-proces",
        2,
        75,
        "Behov",
        "Andel af afdelingsbestyrelsernes medlemmer på niveau 2",
        "Afdelingsmødet har det sidste ord; beslutningen skal træffes på et oplyst grundlag.",
    ),
    (
        "Erfaringsgrupper på tværs af byg, drift og boligsocial",
        "erfaringsgrupper",
        2,
        90,
        "Effekt",
        "Beboertilfredshed 1–5 efter renoveringerne",
        "Et ledelsesansvar: hvad kan de andre, hvad er min funktion, hvad kan vi sammen?",
    ),
]

# target group: (kind, job functions, department numbers, description)
TARGET_GROUPS = {
    "Projektledere og driftschefer": (
        "a",
        ("projektleder", "driftschef"),
        (),
        "De udviklende: går forrest med vejledningerne og spreder erfaringerne.",
    ),
    "Drift, udlejning og boligsocial": (
        "b",
        ("ejendomsfunktionaer", "udlejningsmedarbejder", "boligsocial-medarbejder"),
        (),
        "De lærende: bruger den nye viden i hverdagen i afdelingerne.",
    ),
    "Beboervalgte og frivillige": (
        "b",
        ("beboervalgt", "frivillig"),
        ("101", "102"),
        "Afdelingsbestyrelserne i Fjordparken og Sølyst og de frivillige i beboerhuset.",
    ),
}

# (target group, year, title, guide, course title, people, hours per person, fee per person)
PLAN_LINES = [
    (
        "Projektledere og driftschefer",
        2026,
        "Fremtidsanalyse (A3)",
        "A3",
        "Fremtidsanalyse for boligafdelinger",
        3,
        "12",
        "5200",
    ),
    (
        "Projektledere og driftschefer",
        2026,
        "Helhedsplanlægning (A2)",
        "A2",
        "Helhedsplanlægning fra behov til program",
        2,
        "14",
        "5600",
    ),
    (
        "Drift, udlejning og boligsocial",
        2026,
        "Beboerdemokrati (A1)",
        "A1",
        "Beboerdemokratisk proces i praksis",
        4,
        "12",
        "4800",
    ),
    (
        "Projektledere og driftschefer",
        2027,
        "Implementering og forankring (A5)",
        "A5",
        "Implementering og forankring af den boligsociale indsats",
        3,
        "10",
        "4200",
    ),
    (
        "Drift, udlejning og boligsocial",
        2027,
        "Den boligsociale helhedsplan (A4)",
        "A4",
        "Den boligsociale helhedsplan – de fire faser",
        3,
        "14",
        "5400",
    ),
    (
        "Beboervalgte og frivillige",
        2027,
        "Beboerdemokratisk proces for afdelingsbestyrelser",
        "A1",
        "Beboerdemokratisk proces i praksis",
        6,
        "12",
        "4800",
    ),
    (
        "Projektledere og driftschefer",
        2028,
        "Erfaringsgrupper og netværk af lærende projektledere",
        None,
        None,
        5,
        "10",
        "0",
    ),
    (
        "Drift, udlejning og boligsocial",
        2028,
        "Forankring i driften",
        "A5",
        "Forankring i driften – fra projekt til drift",
        4,
        "7",
        "3900",
    ),
]


def _strategy(fjordbo: Organisation, hr: User) -> LearningStrategy:
    strategy = services.strategy_create(
        actor=hr,
        organisation=fjordbo,
        title=STRATEGY_TITLE,
        starts_year=2026,
        ends_year=2028,
        vision=(
            "Fjordbo vil selv kunne fremtidssikre sine afdelinger: vi analyserer, planlægger og "
            "gennemfører renoveringer og helhedsplaner med AlmenVejledningerne som fælles grundlag, "
            "og vi lærer systematisk af hver byggesag, så effekten kan måles for beboerne."
        ),
        hourly_rate=Decimal("600"),
        status=StrategyStatus.ACTIVE,
    )
    stages = {stage.name: stage for stage in LearningStage.objects.all()}
    for order, (title, code, level, coverage, stage, measure, text) in enumerate(GOALS, start=1):
        services.strategy_goal_save(
            actor=hr,
            strategy=strategy,
            title=title,
            description=text,
            competence=_competence(code),
            target_level=level,
            target_coverage=coverage,
            measure=measure,
            stage=stages[stage],
            sort_order=order,
        )
    groups = {}
    for name, (kind, job_codes, numbers, description) in TARGET_GROUPS.items():
        groups[name] = services.target_group_save(
            actor=hr,
            strategy=strategy,
            name=name,
            kind=kind,
            description=description,
            job_functions=list(JobFunction.objects.filter(code__in=job_codes)),
            departments=list(Department.objects.filter(organisation=fjordbo, number__in=numbers)),
        )
    for group, year, title, guide, course, people, hours, fee in PLAN_LINES:
        services.plan_line_save(
            actor=hr,
            strategy=strategy,
            target_group=groups[group],
            year=year,
            title=title,
            guide=Guide.objects.filter(code=guide).first() if guide else None,
            course=_course(course) if course else None,
            people=people,
            hours_per_person=Decimal(hours),
            fee_per_person=Decimal(fee),
        )
    return strategy


PlanGoalRow = tuple[str, int, date]
# kind, title, guide code, course title, planned on, hours, cost
ActivityRow = tuple[str, str, str | None, str | None, date, str, str]


def _plan(
    fjordbo: Organisation,
    actor: User,
    user: User,
    title: str,
    period: tuple[date, date],
    goals: list[PlanGoalRow],
    activities: list[ActivityRow],
) -> CompetencePlan:
    plan = services.plan_create(
        actor=actor,
        user=user,
        organisation=fjordbo,
        title=title,
        starts_on=period[0],
        ends_on=period[1],
        summary="Aftalt ved medarbejderudviklingssamtalen.",
    )
    for code, level, due in goals:
        services.goal_add(
            actor=actor, plan=plan, competence=_competence(code), target_level=level, due_on=due
        )
    for kind, activity_title, guide, course, planned, hours, cost in activities:
        services.activity_add(
            actor=actor,
            plan=plan,
            kind=kind,
            title=activity_title,
            guide=Guide.objects.filter(code=guide).first() if guide else None,
            course=_course(course) if course else None,
            planned_on=planned,
            hours=Decimal(hours),
            cost=Decimal(cost),
        )
    return plan


def _session_activity(plan: CompetencePlan, actor: User) -> None:
    """A planned hold: a session of ByggeLæring's A3 course, if the catalogue has one.

    Asked through ``competencies.offers``: the competence app's code never names the courses
    app (without it, or without sessions, the plan simply has no hold).
    """
    course = _course("Fremtidsanalyse: data, marked og beslutning")
    session = offers.catalogue().first_session(course.pk) if course is not None else None
    if course is None or session is None:
        return
    services.activity_add(
        actor=actor,
        plan=plan,
        kind="session",
        title="Fremtidsanalyse: data, marked og beslutning (hold i Aalborg)",
        course=course,
        session_ref=session.pk,
        planned_on=session.starts_at.date(),
        hours=Decimal("7"),
        cost=session.price,
    )


NEXT_YEAR = (date(2027, 1, 1), date(2027, 12, 31))
THIS_YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def _plans(fjordbo: Organisation, people: dict[str, User]) -> None:
    hanne, lars = people["hanne"], people["lars"]
    # Thomas: submitted, waiting for HR (the browser test returns and then approves it).
    thomas = _plan(
        fjordbo,
        people["thomas"],
        people["thomas"],
        "Kompetenceplan 2027 – renovering og fremtidsanalyse",
        NEXT_YEAR,
        [
            ("fremtidsanalyse", 3, date(2027, 6, 30)),
            ("laering-paa-byggepladsen", 3, date(2027, 12, 31)),
        ],
        [
            (
                "course",
                "Fremtidsanalyse for boligafdelinger",
                "A3",
                "Fremtidsanalyse for boligafdelinger",
                date(2027, 3, 1),
                "12",
                "5200",
            ),
            (
                "onsite",
                "Læringslog på Helhedsplan Fjordparken",
                None,
                None,
                date(2027, 4, 1),
                "20",
                "0",
            ),
            (
                "network",
                "Netværket af lærende projektledere",
                None,
                None,
                date(2027, 9, 1),
                "6",
                "0",
            ),
        ],
    )
    _session_activity(thomas, people["thomas"])
    services.plan_submit(actor=people["thomas"], plan=thomas)
    # Henrik: returned by HR with a comment.
    henrik = _plan(
        fjordbo,
        people["henrik"],
        people["henrik"],
        "Kompetenceplan 2027 – boligsocial helhedsplan",
        NEXT_YEAR,
        [("fremtidsanalyse", 3, date(2027, 10, 1))],
        [("guide", "Selvstudium i A3 Fremtidsanalyse", "A3", None, date(2027, 2, 1), "8", "0")],
    )
    services.plan_submit(actor=people["henrik"], plan=henrik)
    services.plan_return(
        actor=hanne,
        plan=henrik,
        comment="Godt udgangspunkt. Tilføj et mål for forankring (A5), og vælg et hold for kurset.",
    )
    # Peter: approved, partly done.
    peter = _plan(
        fjordbo,
        people["peter"],
        people["peter"],
        "Kompetenceplan 2026 – projektledelse",
        THIS_YEAR,
        [("fremtidsanalyse", 3, date(2026, 11, 1)), ("effektmaaling", 3, date(2026, 12, 31))],
        [
            (
                "course",
                "Fremtidsanalyse for boligafdelinger",
                "A3",
                "Fremtidsanalyse for boligafdelinger",
                date(2026, 11, 1),
                "12",
                "5200",
            ),
            (
                "onsite",
                "Effektmål på Helhedsplan Fjordparken",
                None,
                None,
                date(2026, 12, 1),
                "10",
                "0",
            ),
        ],
    )
    services.plan_submit(actor=people["peter"], plan=peter)
    services.plan_approve(actor=hanne, plan=peter, comment="Godkendt. God plan for året.")
    first = peter.activities.order_by("pk").first()
    assert first is not None  # the plan was made with two activities just above
    services.activity_update(actor=people["peter"], activity=first, done=True)
    # Karen: her manager drafted and submitted it for her.
    karen = _plan(
        fjordbo,
        lars,
        people["karen"],
        "Kompetenceplan 2027 – drift under renovering",
        NEXT_YEAR,
        [("forebyggende-drift", 3, date(2027, 12, 1)), ("beboerinddragelse", 2, date(2027, 6, 1))],
        [
            (
                "course",
                "Beboerdemokratisk proces i praksis",
                "A1",
                "Beboerdemokratisk proces i praksis",
                date(2027, 5, 1),
                "12",
                "4800",
            )
        ],
    )
    services.plan_submit(actor=lars, plan=karen, comment="Drøftet med Karen ved MUS.")
    # Jens: a draft of his own.
    _plan(
        fjordbo,
        people["jens"],
        people["jens"],
        "Min plan som beboervalgt",
        NEXT_YEAR,
        [("beboerdemokratisk-proces", 2, date(2027, 9, 1))],
        [],
    )
    # Lars: last year's plan, completed.
    lars_plan = _plan(
        fjordbo,
        lars,
        lars,
        "Kompetenceplan 2025 – samdrift",
        (date(2025, 1, 1), date(2025, 12, 31)),
        [("samdrift", 3, date(2025, 12, 1))],
        [
            (
                "network",
                "Erfaringsgruppe om samdrift i Sølyst",
                None,
                None,
                date(2025, 4, 1),
                "16",
                "0",
            )
        ],
    )
    services.plan_submit(actor=lars, plan=lars_plan)
    services.plan_approve(actor=hanne, plan=lars_plan)
    services.plan_complete(actor=lars, plan=lars_plan, comment="Samdriften er etableret.")
    # Amina: approved.
    amina = _plan(
        fjordbo,
        hanne,
        people["amina"],
        "Kompetenceplan 2027 – forankring",
        NEXT_YEAR,
        [
            ("implementering-forankring", 3, date(2027, 11, 1)),
            ("frivilligledelse", 2, date(2027, 6, 1)),
        ],
        [
            (
                "course",
                "Implementering og forankring af den boligsociale indsats",
                "A5",
                "Implementering og forankring af den boligsociale indsats",
                date(2027, 3, 15),
                "10",
                "4200",
            )
        ],
    )
    services.plan_submit(actor=hanne, plan=amina)
    services.plan_approve(actor=hanne, plan=amina)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


# (assessor, person, competence, level, date, note): what HR and managers saw during the year.
ASSESSMENTS = [
    (
        "hanne",
        "peter",
        "beboerdemokratisk-proces",
        2,
        date(2026, 2, 12),
        "Ledede beboermøderne i Fjordparken.",
    ),
    (
        "hanne",
        "peter",
        "partsinddragelse",
        3,
        date(2026, 3, 20),
        "Samler rådgiver, entreprenør og drift om læringsmøder.",
    ),
    ("hanne", "peter", "tvaerfagligt-samarbejde", 2, date(2026, 5, 6), ""),
    (
        "hanne",
        "thomas",
        "helhedsplanlaegning",
        3,
        date(2025, 12, 10),
        "Skrev programmet for Sølyst.",
    ),
    ("hanne", "thomas", "partsinddragelse", 3, date(2026, 4, 2), ""),
    ("hanne", "thomas", "beboerdemokratisk-proces", 2, date(2026, 8, 25), ""),
    ("hanne", "henrik", "tvaerfagligt-samarbejde", 2, date(2026, 1, 15), ""),
    (
        "hanne",
        "lars",
        "erfaringsgrupper",
        3,
        date(2026, 3, 3),
        "Holder erfaringsgruppemøder hver måned.",
    ),
    ("hanne", "lars", "samdrift", 3, date(2025, 12, 1), "Samdriften i Sølyst er etableret."),
    ("hanne", "lars", "forebyggende-drift", 3, date(2026, 6, 18), ""),
    ("hanne", "lars", "beboerinddragelse", 2, date(2026, 9, 9), ""),
    ("hanne", "amina", "tvaerfagligt-samarbejde", 3, date(2026, 2, 24), ""),
    ("hanne", "amina", "beboerinddragelse", 2, date(2026, 4, 14), ""),
    (
        "hanne",
        "mikkel",
        "tvaerfagligt-samarbejde",
        2,
        date(2026, 6, 30),
        "Aftaler om genhusning med byg og boligsocial.",
    ),
    ("hanne", "jens", "beboerinddragelse", 1, date(2026, 5, 20), ""),
    ("hanne", "birthe", "beboerinddragelse", 1, date(2026, 10, 1), "Frivillig i beboerhuset."),
    (
        "lars",
        "karen",
        "forebyggende-drift",
        2,
        date(2026, 9, 15),
        "Planlagde driften i Fjordparken under tagudskiftningen.",
    ),
    ("lars", "karen", "beboerinddragelse", 1, date(2026, 7, 1), ""),
    ("lars", "karen", "erfaringsgrupper", 1, date(2026, 10, 20), ""),
]


def _evidence(fjordbo: Organisation, people: dict[str, User]) -> None:
    hanne = people["hanne"]
    for assessor, person, code, level, day, note in ASSESSMENTS:
        services.assessment_record(
            actor=people[assessor],
            user=people[person],
            organisation=fjordbo,
            competence=_competence(code),
            level=level,
            assessed_on=day,
            note=note,
        )
    # An assessment that has run out: it shows as "Udløbet" and no longer counts.
    services.assessment_record(
        actor=hanne,
        user=people["jens"],
        organisation=fjordbo,
        competence=_competence("beboerdemokratisk-proces"),
        level=1,
        assessed_on=date(2023, 5, 1),
        expires_on=date(2025, 5, 1),
        note="Introduktion for nye afdelingsbestyrelser; skal genopfriskes.",
    )
    _prior_learning(fjordbo, people, hanne)


def _prior_learning(fjordbo: Organisation, people: dict[str, User], hanne: User) -> None:
    henrik = services.prior_learning_submit(
        user=people["henrik"],
        organisation=fjordbo,
        competence=_competence("helhedsplanlaegning"),
        level=3,
        achieved_on=date(2024, 6, 20),
        expires_on=date(2029, 6, 20),
        title="Diplommodul i helhedsplanlægning",
        note="Eksamen bestået med projekt om Sølyst.",
        document=_pdf("diplom-helhedsplan.pdf"),
    )
    services.evidence_approve(evidence=henrik, actor=hanne, comment="Eksamensbevis set.")
    services.prior_learning_submit(
        user=people["amina"],
        organisation=fjordbo,
        competence=_competence("boligsocial-helhedsplan"),
        level=3,
        achieved_on=date(2025, 11, 3),
        title="Uddannelse som boligsocial koordinator",
        document=_pdf("koordinator-bevis.pdf"),
    )
    rejected = services.prior_learning_submit(
        user=people["mikkel"],
        organisation=fjordbo,
        competence=_competence("fremtidsanalyse"),
        level=3,
        achieved_on=date(2023, 3, 1),
        title="Kursus i boligmarkedsanalyse",
        document=_pdf("kursusbevis.pdf"),
    )
    services.evidence_reject(
        evidence=rejected,
        actor=hanne,
        comment="Kurset dækker markedsdelen, men ikke fremtidsanalysen; niveau 1 kan godkendes.",
    )


# (assessor, person, competence, level, date): the consultancies' own managers' assessments.
ADVISER_ASSESSMENTS = [
    ("rasmus", "signe", "fremtidsanalyse", 3, date(2026, 3, 2)),
    ("rasmus", "signe", "helhedsplanlaegning", 2, date(2026, 3, 2)),
    ("rasmus", "signe", "beboerdemokratisk-proces", 3, date(2025, 10, 14)),
    ("rasmus", "ulrik", "fremtidsanalyse", 1, date(2026, 8, 20)),
    ("bente", "jakob", "boligsocial-helhedsplan", 3, date(2026, 1, 12)),
    ("bente", "jakob", "implementering-forankring", 3, date(2026, 6, 5)),
    ("bente", "jakob", "tvaerfagligt-samarbejde", 2, date(2026, 6, 5)),
]

LISTINGS = {
    "Rådgivergruppen Nord": (
        "rasmus",
        "Bygherrerådgivning til almene boligorganisationer i Nordjylland: fremtidsanalyser, "
        "helhedsplaner og procesledelse med beboerne.",
        "Fremtidsanalyse, helhedsplanlægning, beboerproces",
        "kontakt@raadgiver-nord.example",
    ),
    "Almen Procesrådgivning": (
        "bente",
        "Procesrådgivning om boligsociale helhedsplaner, implementering og forankring fra "
        "projekt til drift.",
        "Boligsociale helhedsplaner, forankringsplaner, erfaringsgrupper",
        "bente@almenproces.example",
    ),
}


def _adviser(people: dict[str, User]) -> None:
    for assessor, person, code, level, day in ADVISER_ASSESSMENTS:
        services.assessment_record(
            actor=people[assessor],
            user=people[person],
            organisation=Organisation.objects.get(memberships__user=people[person]),
            competence=_competence(code),
            level=level,
            assessed_on=day,
        )
    for name, (manager, description, offered, email) in LISTINGS.items():
        services.adviser_listing_save(
            actor=people[manager],
            organisation=Organisation.objects.get(name=name),
            is_listed=True,
            description=description,
            services=offered,
            contact_email=email,
        )
