"""Demo processes for ``seed_demo``: Fjordbo runs the network's working methods.

- *Samdrift Sølyst og Havnefronten*: the samdrift drejebog for departments 102 and 103,
  halfway through the forarbejde: milestones 1–3 reached, the 4th late, the 5th waiting on the
  driftschef, the oplæg (bilag 1) and the interessentanalyse (bilag 2) filled in;
- *Forankring af den boligsociale helhedsplan i Fjordparken*: the forankring drejebog on the
  Fjordparken building project, in its forankringsfase, with an anchoring plan (models,
  activities, the four role shifts, the local learning programme) and role shifts that became
  goals in the people's competence plans;
- *Sæt et godt hold – Fjordparken*: the team's competence needs on the same project and the
  funktion × partner-matrix begun.

Everything goes through the services (``processes.services``, ``tools`` via the process's
sheet service). Idempotent: a process is found by (organisation, title); each step is done
only when its result is not there yet. Run after the organisations, competencies and onsite
demos.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from competencies.models import Competence
from onsite.models import BuildingProject
from organisations.models import Department, Organisation, User
from processes.content.forankring import FORANKRING
from processes.content.samdrift import SAMDRIFT
from processes.content.team import TEAM
from processes.content.tools import FUNKTION_PARTNER, INTERESSENTANALYSE, OPLAEG
from processes.models import (
    AnchoringPlan,
    Milestone,
    Process,
    ProcessRole,
    ProcessSheet,
    ProcessTemplate,
)
from processes.services import anchoring, milestones, team
from processes.services.library import library_install
from processes.services.processes import process_start, role_assign
from processes.services.sheets import process_sheet_save

FJORDBO = "Boligselskabet Fjordbo"
FJORDPARKEN = "Helhedsplan Fjordparken"
SAMDRIFT_TITLE = "Samdrift Sølyst og Havnefronten"
FORANKRING_TITLE = "Forankring af den boligsociale helhedsplan i Fjordparken"
TEAM_TITLE = "Sæt et godt hold – Fjordparken"

PEOPLE = {
    "henrik": "henrik@fjordbo.example",
    "lars": "lars@fjordbo.example",
    "hanne": "hanne@fjordbo.example",
    "peter": "peter@fjordbo.example",
    "thomas": "thomas@fjordbo.example",
    "karen": "karen@fjordbo.example",
    "amina": "amina@fjordbo.example",
    "birthe": "birthe@fjordbo.example",
    "jens": "jens@fjordbo.example",
    "mikkel": "mikkel@fjordbo.example",
}


def _people() -> dict[str, User]:
    users = {u.email: u for u in User.objects.filter(email__in=PEOPLE.values())}
    return {key: users[email] for key, email in PEOPLE.items()}


def _start(
    *,
    actor: User,
    slug: str,
    organisation: Organisation,
    title: str,
    starts_on: date,
    departments: list[Department] | None = None,
    project: BuildingProject | None = None,
    description: str = "",
) -> Process:
    existing = Process.objects.filter(organisation=organisation, title=title).first()
    if existing is not None:
        return existing
    return process_start(
        actor=actor,
        template=ProcessTemplate.objects.get(slug=slug),
        organisation=organisation,
        title=title,
        starts_on=starts_on,
        departments=departments or [],
        project=project,
        description=description,
    )


def _roles(actor: User, process: Process, holders: dict[str, tuple[User | None, str]]) -> None:
    for role in ProcessRole.objects.filter(process=process, key__in=holders):
        person, party = holders[role.key]
        if role.person_id == (person.pk if person else None) and role.party == party:
            continue
        role_assign(actor=actor, process=process, role=role, person=person, party=party)


def _milestones(process: Process) -> dict[int, Milestone]:
    return {m.position: m for m in Milestone.objects.filter(process=process)}


def _plan(
    actor: User,
    process: Process,
    plan: dict[int, tuple[User | None, int]],
) -> None:
    """Responsible person and due date (weeks after the start) of each milestone."""
    rows = _milestones(process)
    for position, (person, weeks) in plan.items():
        milestone = rows[position]
        due_on = process.starts_on + timedelta(weeks=weeks)
        if milestone.responsible_id == (person.pk if person else None) and (
            milestone.due_on == due_on
        ):
            continue
        milestones.milestone_plan(
            actor=actor, milestone=milestone, responsible=person, due_on=due_on
        )


def _status(actor: User, process: Process, statuses: dict[int, tuple[str, str]]) -> None:
    rows = _milestones(process)
    for position in sorted(statuses):
        status, note = statuses[position]
        milestone = rows[position]
        if milestone.status == status:
            continue
        milestones.milestone_set_status(actor=actor, milestone=milestone, status=status, note=note)


def _fill(
    actor: User, process: Process, slug: str, answers: dict[str, Any], *, version: int = 1
) -> None:
    """Save answers in the process's sheet of the tool ``slug`` as its ``version``, once."""
    process_sheet = ProcessSheet.objects.select_related("sheet", "tool", "process").get(
        process=process, tool__slug=slug
    )
    sheet = process_sheet.sheet
    if sheet.version >= version:
        return
    process_sheet_save(
        actor=actor,
        process_sheet=process_sheet,
        answers={**sheet.data, **answers},
        base_version=sheet.version,
    )


# --- Samdrift --------------------------------------------------------------------------------

OPLAEG_ANSWERS: dict[str, Any] = {
    "afdelinger": "Afdeling 102 Sølyst (148 boliger) og afdeling 103 Havnefronten (96 boliger)",
    "vilkaar": (
        "Fjordbos driftspolitik tillader fælles driftsteams på tværs af afdelinger, når "
        "afdelingsbestyrelserne tiltræder. Uskrevet regel: hver afdeling har »sin« "
        "ejendomsfunktionær, og beboerne forventer at kende ham eller hende."
    ),
    "maal": ["Billiggøre driften", "Højne beboerservicen"],
    "beboervalgte": (
        "Afdelingsbestyrelsen i Sølyst ønsker længere åbningstid på ejendomskontoret. "
        "Havnefrontens bestyrelse er bekymret for, om grønne områder bliver nedprioriteret, og "
        "vil have en fast kontaktperson."
    ),
    "muligheder": [
        [
            "Maskinpark",
            "Én fælles maskinpark i stedet for to; færre anskaffelser",
            "Opbevaring og transport mellem afdelingerne",
        ],
        [
            "Vagtordning",
            "Fælles vagtplan giver dækning i ferier og ved sygdom",
            "Nye arbejdstider skal aftales med medarbejderne",
        ],
        [
            "Beboerservice",
            "Ejendomskontoret kan holde åbent fire dage om ugen",
            "Beboerne i Havnefronten skal vænne sig til et nyt kontor",
        ],
    ],
    "indstilling": (
        "Projektlederen indstiller, at der arbejdes videre med en samdriftsmodel med fælles "
        "driftsteam, maskinpark og vagtplan, og at begge afdelingsbestyrelser inddrages tidligt."
    ),
}

INTERESSENT_ANSWERS: dict[str, Any] = {
    "interessenter": [
        [
            "Beboerne i Sølyst og Havnefronten",
            "Bedre service, kendte ansigter",
            "Middel",
            "Orientering og beboermøde",
        ],
        [
            "Afdelingsbestyrelserne",
            "Huslejen, kvaliteten af de grønne områder",
            "Stor",
            "Dialogmøder og tiltrædelse af aftalen",
        ],
        [
            "Den lokale drift",
            "Arbejdstider, opgaver og fællesskab",
            "Stor",
            "Workshop om den nye vagtplan",
        ],
        [
            "Den administrative ledelse",
            "Billigere drift, ensartet kvalitet",
            "Stor",
            "Godkender oplæg og samdriftsmodel",
        ],
        ["Leverandører", "Nye aftaler om maskiner og materialer", "Lille", "Orienteringsbrev"],
    ],
    "betydning": (
        "Afdelingsbestyrelserne og den lokale drift har stor indflydelse og skal med i "
        "tilrettelæggelsen – samdriftsmodellen skal vise, hvad der bliver fælles, og hvad der "
        "fortsat løses i hver afdeling."
    ),
}


def _samdrift(fjordbo: Organisation, people: dict[str, User], today: date) -> Process:
    henrik, lars = people["henrik"], people["lars"]
    process = _start(
        actor=henrik,
        slug=SAMDRIFT.slug,
        organisation=fjordbo,
        title=SAMDRIFT_TITLE,
        starts_on=today - timedelta(weeks=17),
        departments=list(
            Department.objects.filter(organisation=fjordbo, number__in=["102", "103"])
        ),
        description=(
            "Fælles driftsteam, maskinpark og vagtplan for Sølyst og Havnefronten – billigere "
            "drift og bedre beboerservice."
        ),
    )
    _roles(
        henrik,
        process,
        {
            "projektleder": (henrik, ""),
            "administrativ-ledelse": (None, "Direktionen i Boligselskabet Fjordbo"),
            "driftsansvarlig": (lars, ""),
            "beboervalgte": (None, "Afdelingsbestyrelserne i Sølyst og Havnefronten"),
            "lokal-drift": (people["karen"], "Driften i Sølyst og Havnefronten"),
        },
    )
    _plan(
        henrik,
        process,
        {
            1: (henrik, 3),
            2: (henrik, 7),
            3: (henrik, 11),
            4: (henrik, 14),  # three weeks ago: late
            5: (lars, 18),
            6: (henrik, 24),
            7: (henrik, 28),
            8: (henrik, 32),
            9: (lars, 34),
            10: (henrik, 46),
            11: (henrik, 50),
            12: (henrik, 52),
        },
    )
    _fill(henrik, process, OPLAEG.slug, OPLAEG_ANSWERS)
    _fill(henrik, process, INTERESSENTANALYSE.slug, INTERESSENT_ANSWERS)
    _fill(
        lars,
        process,
        INTERESSENTANALYSE.slug,
        {
            "interessenter": [
                *INTERESSENT_ANSWERS["interessenter"],
                [
                    "Medarbejderne på ejendomskontoret i Havnefronten",
                    "Tryghed i ansættelsen",
                    "Middel",
                    "Personalemøde med driftschefen",
                ],
            ]
        },
        version=2,
    )
    _status(
        henrik,
        process,
        {
            1: ("reached", "Henrik Dam er udpeget som projektleder."),
            2: ("reached", "Oplægget er godkendt på direktionsmødet."),
            3: ("reached", "Samdriftsmodel med fælles driftsteam godkendt."),
            4: ("in_progress", ""),
        },
    )
    return process


# --- Forankring ----------------------------------------------------------------------------


def _forankring(
    fjordbo: Organisation, project: BuildingProject, people: dict[str, User], today: date
) -> Process:
    peter = people["peter"]
    process = _start(
        actor=peter,
        slug=FORANKRING.slug,
        organisation=fjordbo,
        title=FORANKRING_TITLE,
        starts_on=today - timedelta(days=400),
        departments=list(Department.objects.filter(organisation=fjordbo, number="101")),
        project=project,
        description=(
            "Lektiecaféen, fællesspisningen og ungeklubben i beboerhuset skal leve videre, når "
            "helhedsplanens projektpenge slipper op."
        ),
    )
    _roles(
        peter,
        process,
        {
            "styregruppe": (peter, "Styregruppen for helhedsplanen i Fjordparken"),
            "projektansatte": (people["amina"], ""),
            "frivillige": (people["birthe"], "Frivillige i beboerhuset"),
            "beboervalgte": (people["jens"], "Afdelingsbestyrelsen i Fjordparken"),
            "ejendomsfunktionaerer": (people["karen"], ""),
            "kommune": (None, "Fjordby Kommune"),
        },
    )
    _plan(
        peter,
        process,
        {
            1: (peter, 8),
            2: (people["amina"], 20),
            3: (people["amina"], 40),
            4: (people["amina"], 52),
            5: (peter, 58),
            6: (peter, 62),
            7: (peter, 70),
        },
    )
    _status(
        peter,
        process,
        {
            1: ("reached", "Forankring er projektets vigtigste succeskriterie."),
            2: ("reached", ""),
            3: ("reached", ""),
            4: ("reached", "Midtvejsevalueringen er drøftet i styregruppen."),
            5: ("reached", "Civilsamfund og kommune."),
            6: ("in_progress", ""),
        },
    )
    _anchoring_plan(process, people)
    return process


ACTIVITIES = (
    # title, model, owner key or None, owner name, days from today, note
    (
        "Lektiecaféen i beboerhuset",
        "civil_society",
        "birthe",
        "Frivilliggruppen i beboerhuset",
        90,
        "To frivillige tovholdere overtager planlægningen.",
    ),
    (
        "Ungeklubbens aftenåbent",
        "municipality",
        None,
        "Fjordby Kommune, Fritid og Kultur",
        180,
        "Kommunen overtager lønnen til klubmedarbejderen.",
    ),
    (
        "Fællesspisning hver anden torsdag",
        "civil_society",
        "jens",
        "Afdelingsbestyrelsen i Fjordparken",
        60,
        "",
    ),
)

SHIFTS = (
    # kind, person, training need, competence, level, days
    (
        "volunteer_coordinator",
        "birthe",
        "Ledelse af frivillige, inddragelsesmetoder og anerkendende frivilligmiljøer.",
        "frivilligledelse",
        2,
        150,
    ),
    (
        "democrat_leader",
        "jens",
        "Nye inddragelses-, arbejds- og mødeformer i afdelingsbestyrelsen.",
        "frivilligledelse",
        2,
        200,
    ),
    (
        "employee_facilitator",
        "amina",
        "Fra projektleder til facilitator: give plads til de frivillige og fokus på uddannelse.",
        "implementering-forankring",
        3,
        150,
    ),
    (
        "caretaker_preventer",
        "karen",
        "Fra brandslukker til forebygger: boligsocialt ansvar i det daglige arbejde.",
        "forebyggende-drift",
        2,
        200,
    ),
)

LEARNING = (
    ("theme_day", "Temadag: Fra ildsjæl til tovholder", 30, "Frivillige"),
    (
        "dialogue",
        "Dialogmøde: Kan frivillige blive en del af den daglige drift?",
        45,
        "Frivillige og ejendomsfunktionærer",
    ),
    (
        "course",
        "Kursus: Hvordan udvikles afdelingsbestyrelsen til at blive et team?",
        75,
        "Beboervalgte",
    ),
)


def _anchoring_plan(process: Process, people: dict[str, User]) -> None:
    peter, hanne = people["peter"], people["hanne"]
    today = timezone.localdate()
    plan = AnchoringPlan.objects.filter(process=process).first()
    if plan is None or not plan.models_chosen:
        anchoring.anchoring_plan_update(
            actor=peter,
            process=process,
            models_chosen=["civil_society", "municipality"],
            strategy=(
                "Forankring er helhedsplanens vigtigste succeskriterie. Aktiviteterne i "
                "beboerhuset overgår til frivillige og afdelingsbestyrelsen; ungeklubben til "
                "kommunen. Uafklaret: økonomien til husleje for beboerhuset efter 2027."
            ),
        )
        plan = AnchoringPlan.objects.get(process=process)
    for title, model, owner, owner_name, days, note in ACTIVITIES:
        if plan.activities.filter(title=title).exists():
            continue
        anchoring.anchoring_activity_save(
            actor=peter,
            process=process,
            title=title,
            model=model,
            owner=people[owner] if owner else None,
            owner_name=owner_name,
            anchored_on=today + timedelta(days=days),
            note=note,
        )
    competences = {c.code: c for c in Competence.objects.all()}
    for kind, person, need, code, level, days in SHIFTS:
        shift = plan.role_shifts.filter(kind=kind).first()
        if shift is None:
            shift = anchoring.role_shift_save(
                actor=peter,
                process=process,
                kind=kind,
                training_need=need,
                person=people[person],
                competence=competences.get(code),
                target_level=level,
                due_on=today + timedelta(days=days),
            )
        if shift.plan_goal_id is None and kind in ("volunteer_coordinator", "employee_facilitator"):
            anchoring.role_shift_make_goal(actor=hanne, shift=shift)
    for kind, title, days, audience in LEARNING:
        if plan.learning_items.filter(title=title).exists():
            continue
        anchoring.learning_item_save(
            actor=peter,
            process=process,
            kind=kind,
            title=title,
            held_on=today + timedelta(days=days),
            audience=audience,
        )


# --- Sæt et godt hold ----------------------------------------------------------------------

TEAM_NEEDS = (
    ("tvaerfagligt-samarbejde", "general", 3, "Byg, drift, boligsocial og udlejning på ét hold."),
    ("beboerinddragelse", "general", 2, ""),
    ("forebyggende-drift", "professional", 3, "Driften under renoveringen, blok for blok."),
    ("partsinddragelse", "professional", 3, ""),
    ("erfaringsgrupper", "professional", 2, ""),
)

MATRIX_ANSWERS: dict[str, Any] = {
    "matrix": {
        "Boligsocial": {
            "Myndigheder": "Jobcentret (Amina)",
            "Foreninger": "Fjordparkens Venner",
            "Institutioner": "Fjordskolen, SFO",
            "Beboernetværk": "Lektiecaféens frivillige",
        },
        "Drift": {
            "Myndigheder": "",
            "Foreninger": "",
            "Institutioner": "",
            "Beboernetværk": "Opgangsrepræsentanter (Karen)",
        },
        "Byggeteknisk": {
            "Myndigheder": "Byggesagsbehandler, Fjordby Kommune (Thomas)",
            "Foreninger": "",
            "Institutioner": "",
            "Beboernetværk": "",
        },
        "Genhusning": {
            "Myndigheder": "",
            "Foreninger": "",
            "Institutioner": "",
            "Beboernetværk": "Afdelingsbestyrelsen (Jens)",
        },
    },
}


def _team(
    fjordbo: Organisation, project: BuildingProject, people: dict[str, User], today: date
) -> Process:
    thomas = people["thomas"]
    process = _start(
        actor=thomas,
        slug=TEAM.slug,
        organisation=fjordbo,
        title=TEAM_TITLE,
        starts_on=today - timedelta(weeks=6),
        departments=list(Department.objects.filter(organisation=fjordbo, number="101")),
        project=project,
        description="Holdet bag renoveringen af Fjordparkens blok 4–7.",
    )
    _roles(
        thomas,
        process,
        {
            "ledelse": (people["lars"], ""),
            "projektleder": (thomas, ""),
            "boligsocial": (people["amina"], ""),
            "drift": (people["karen"], ""),
            "udlejning": (people["mikkel"], ""),
        },
    )
    _plan(
        thomas,
        process,
        {1: (thomas, 2), 2: (people["lars"], 8), 3: (people["lars"], 12), 4: (thomas, 14)},
    )
    competences = {c.code: c for c in Competence.objects.all()}
    have = set(process.team_needs.values_list("competence__code", flat=True))
    for code, scope, level, note in TEAM_NEEDS:
        if code in have or code not in competences:
            continue
        team.team_need_save(
            actor=thomas,
            process=process,
            competence=competences[code],
            scope=scope,
            level=level,
            note=note,
        )
    _status(thomas, process, {1: ("reached", ""), 2: ("in_progress", "")})
    _fill(thomas, process, FUNKTION_PARTNER.slug, MATRIX_ANSWERS)
    return process


def seed() -> list[Process]:
    """Install the network's tools and drejebøger, then Fjordbo's three demo processes."""
    library_install()
    today = timezone.localdate()
    people = _people()
    fjordbo = Organisation.objects.get(name=FJORDBO)
    project = BuildingProject.objects.get(organisation=fjordbo, name=FJORDPARKEN)
    return [
        _samdrift(fjordbo, people, today),
        _forankring(fjordbo, project, people, today),
        _team(fjordbo, project, people, today),
    ]
