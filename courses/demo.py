"""Demo catalogue for ``seed_demo``: two providers, ten courses on A1–A5, modules and a quiz.

Content draws on the programme documents in shared/seeds (AlmenNet, A5 project sheet, the
samdrift drejebog, Himmerland's ERFA meeting, Forankringsguiden). Idempotent: pages are found
by slug before they are created.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.easter import easter
from django.utils import timezone
from wagtail.models import Page

from competencies.models import Guide
from core.slugs import danish_slugify
from courses.models import CoursePage, CourseSession, ModulePage, ProviderSectionPage
from courses.services import catalogue_setup, provider_onboard
from organisations.models import JobFunction, Organisation
from tools.models import Tool


def p(*paragraphs: str) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def h(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def checklist(title: str, *items: str) -> dict:
    return {"type": "checklist", "value": {"title": title, "items": list(items)}}


def reflection(*questions: str) -> dict:
    return {"type": "reflection", "value": {"title": "Refleksion", "questions": list(questions)}}


def tool(kind: str, title: str, text: str) -> dict:
    return {
        "type": "tool",
        "value": {"kind": kind, "title": title, "description": f"<p>{text}</p>", "document": None},
    }


def fillable(slug: str, kind: str, title: str, text: str) -> dict:
    """The network's tool ``slug`` for the learner to fill in (``fillable_tool``); described as
    a plain tool block while the working methods are not installed (courses demo run alone)."""
    return {
        "type": "fillable_tool",
        "value": {"tool": slug, "intro": text},
        "fallback": tool(kind, title, text),
    }


def _with_tools(body: list[dict]) -> list[dict]:
    """The module body with each ``fillable`` block pointing at its live tool by pk."""
    live = dict(Tool.objects.filter(live=True).values_list("slug", "pk"))
    blocks = []
    for block in body:
        if block["type"] == "fillable_tool":
            pk = live.get(block["value"]["tool"])
            block = (
                {"type": "fillable_tool", "value": {"tool": pk, "intro": block["value"]["intro"]}}
                if pk
                else block["fallback"]
            )
        blocks.append(block)
    return blocks


def _upgrade_tools(page: ModulePage, body: list[dict]) -> None:
    """A module seeded before the tools existed gets its fillable tools (a new revision)."""
    if not any(b["type"] == "fillable_tool" for b in body):
        return
    if any(block.block_type == "fillable_tool" for block in page.body):
        return
    page.body = json.dumps(body)
    page.save_revision().publish()


def question(text: str, options: list[tuple[str, bool]], explanation: str) -> dict:
    return {
        "question": text,
        "options": [{"text": o, "correct": c} for o, c in options],
        "explanation": explanation,
    }


@dataclass(frozen=True)
class DemoModule:
    title: str
    minutes: int
    intro: str
    body: list[dict]


@dataclass(frozen=True)
class DemoCourse:
    provider: str
    guide: str
    title: str
    format: str
    hours: str
    price: str
    functions: tuple[str, ...]
    summary: str
    outcomes: tuple[str, ...]
    modules: tuple[DemoModule, ...]
    prerequisites: str = ""


FORANKRING_QUIZ = {
    "type": "quiz",
    "value": {
        "title": "Quiz: Forankring af den boligsociale indsats",
        "pass_mark": 75,
        "questions": [
            question(
                "Hvornår bør arbejdet med forankringsstrategien begynde?",
                [
                    ("Allerede i projektdesignet, ved projektets start", True),
                    ("I det sidste projektår, når forankringsplanen skrives", False),
                    ("Efter projektets afslutning", False),
                ],
                "Forankring tænkes ind fra projektdesignet; forankringsplanen i sidste fase er "
                "resultatet af en strategi, der har fulgt hele forløbet.",
            ),
            question(
                "Hvilke af disse er forankringsmodeller for den boligsociale indsats?",
                [
                    ("Civilsamfundet (foreninger og netværk)", True),
                    ("Kommunen (forvaltninger og institutioner)", True),
                    ("Partnerskab mellem flere parter", True),
                    ("Projektlederen fortsætter alene uden finansiering", False),
                ],
                "Forankringsguiden nævner civilsamfund, kommune, marked og partnerskab som modeller.",
            ),
            question(
                "Hvilket rolleskift følger typisk med, når et projekt forankres?",
                [
                    ("Projektmedarbejder → facilitator", True),
                    ("Frivillig → projektleder med budgetansvar", False),
                    ("Facilitator → projektmedarbejder", False),
                ],
                "Projektansatte går fra at lede aktiviteter til at facilitere, at andre overtager dem.",
            ),
            question(
                "Hvad er formålet med dokumentationsværktøjer i A5?",
                [
                    ("At gøre indsatsens resultater synlige og kunne følges over tid", True),
                    ("At erstatte evalueringen", False),
                ],
                "Dokumentation er grundlaget for både styring undervejs og evaluering bagefter.",
            ),
        ],
    },
}

COURSES = [
    DemoCourse(
        "Almen Akademi",
        "A1",
        "Beboerdemokratisk proces i praksis",
        "blended",
        "12",
        "4800",
        ("beboervalgt", "projektleder", "driftschef"),
        "Sådan tilrettelægger I en beboerdemokratisk proces, der giver helhedsplanen opbakning – "
        "fra de første idéer til beslutningen på afdelingsmødet.",
        (
            "Kende aktørerne i beboerdemokratiet og deres roller i en fornyelsesproces",
            "Kunne planlægge inddragelse af afdelingsbestyrelse og beboere i programfasen",
            "Kunne forberede et afdelingsmøde, hvor beboerne træffer en velinformeret beslutning",
        ),
        (
            DemoModule(
                "Beboerdemokratiets aktører og roller",
                40,
                "Hvem beslutter hvad, når en afdeling skal fornyes?",
                [
                    h("Afdelingsmødet har det sidste ord"),
                    p(
                        "I den almene sektor er det beboerne på afdelingsmødet, der godkender "
                        "større fornyelser og huslejekonsekvenserne af dem. Afdelingsbestyrelsen "
                        "er bindeleddet mellem beboerne og boligorganisationen.",
                        "Projektlederen har ansvaret for, at processen er tilrettelagt, så "
                        "beboerne kan tage stilling på et oplyst grundlag.",
                    ),
                    reflection(
                        "Hvem i jeres afdeling skal inddrages først, og hvorfor?",
                        "Hvordan når I de beboere, der sjældent kommer til møder?",
                    ),
                ],
            ),
            DemoModule(
                "Fra idé til afdelingsmøde",
                50,
                "En trin-for-trin-plan for den beboerdemokratiske proces.",
                [
                    h("Planen for inddragelse"),
                    p(
                        "En god proces har en tydelig plan med milepæle: idéfase, dialog med "
                        "afdelingsbestyrelsen, beboermøder, forslag og afstemning."
                    ),
                    checklist(
                        "Tjekliste før afdelingsmødet",
                        "Forslaget er drøftet med afdelingsbestyrelsen",
                        "Huslejekonsekvensen er beregnet og forklaret i et enkelt sprog",
                        "Materialet er sendt ud i god tid og på de sprog, beboerne taler",
                        "Der er mulighed for at stille spørgsmål før mødet",
                    ),
                ],
            ),
        ),
    ),
    DemoCourse(
        "Almen Akademi",
        "A2",
        "Helhedsplanlægning fra behov til program",
        "attendance",
        "14",
        "5900",
        ("projektleder", "driftschef"),
        "Lær at samle fysiske, sociale og økonomiske indsatser i én helhedsplan, der kan "
        "finansieres og gennemføres.",
        (
            "Forstå helhedsplanens elementer og deres samspil",
            "Kunne prioritere indsatser ud fra afdelingens behov",
            "Kunne skrive et program, der holder gennem projektering og udførelse",
        ),
        (
            DemoModule(
                "Helhedsplanens elementer",
                45,
                "Fysisk, socialt og økonomisk – samtænkt.",
                [
                    p(
                        "Boligorganisationen skal efter almenboligloven drage omsorg for, at "
                        "afdelingerne er økonomisk og socialt velfungerende og fysisk fremstår i "
                        "god og tidssvarende standard. Helhedsplanen er redskabet, der ser de tre "
                        "sider samlet."
                    ),
                    reflection(
                        "Hvilke fysiske problemer i jeres afdeling har sociale årsager – og omvendt?"
                    ),
                ],
            ),
            DemoModule(
                "Prioritering og finansiering",
                45,
                "Fra ønskeliste til realistisk program.",
                [
                    h("Helhedsplaner som investeringer"),
                    p(
                        "Betragt helhedsplanen som en investering: hvilke indsatser giver den "
                        "største effekt på afdelingens fremtid pr. krone?"
                    ),
                    checklist(
                        "Programmets indhold",
                        "Mål for afdelingen om 10 år",
                        "Prioriterede indsatser med begrundelse",
                        "Finansiering og huslejekonsekvens",
                        "Tidsplan og organisering",
                    ),
                ],
            ),
        ),
    ),
    DemoCourse(
        "Almen Akademi",
        "A4",
        "Den boligsociale helhedsplan – de fire faser",
        "attendance",
        "14",
        "6200",
        ("boligsocial-medarbejder", "projektleder"),
        "Gennemgå helhedsplanens tilblivelse i en struktureret firefaset proces – et fælles "
        "projekt mellem boligorganisationen og kommunen.",
        (
            "Kende de fire faser i den boligsociale helhedsplans tilblivelse",
            "Kunne styre processen sammen med kommunen",
            "Kunne bruge vejledningens værktøjer i hver fase",
        ),
        (
            DemoModule(
                "Fase 1 og 2: Afdækning og mål",
                50,
                "Processen begynder med at forstå området og blive enige om målene.",
                [
                    h("Fase 1: Afdækning af behov og parter"),
                    p(
                        "Saml viden om området, beboerne og de lokale parter: skoler, foreninger, kommunale forvaltninger og beboernetværk."
                    ),
                    h("Fase 2: Mål og strategi"),
                    p(
                        "Boligorganisation og kommune formulerer fælles mål og vælger strategi for indsatsen."
                    ),
                ],
            ),
            DemoModule(
                "Fase 3 og 4: Indsatser og godkendelse",
                50,
                "Fra mål til konkrete indsatser og en godkendt plan.",
                [
                    h("Fase 3: Indsatser og organisering"),
                    p(
                        "Indsatserne beskrives med mål, målgrupper, ansvar og budget, og organiseringen af samarbejdet fastlægges."
                    ),
                    h("Fase 4: Godkendelse og overgang til implementering"),
                    p(
                        "Planen godkendes af parterne. Her slutter A4 – og A5 tager over med implementering og forankring."
                    ),
                    reflection("Hvem hos kommunen er jeres modpart i hver fase?"),
                ],
            ),
        ),
    ),
    DemoCourse(
        "Almen Akademi",
        "A5",
        "Implementering og forankring af den boligsociale indsats",
        "online",
        "8",
        "3900",
        ("boligsocial-medarbejder", "driftschef", "projektleder"),
        "A5's værktøjer i brug: organisatoriske værktøjer, styrings-, dokumentations- og "
        "evalueringsværktøjer – så indsatsen lever videre, når projektet slutter.",
        (
            "Kunne bruge de fire typer værktøjer fra AlmenVejledning A5",
            "Kunne lægge en forankringsstrategi fra projektets start",
            "Kunne vælge en forankringsmodel, der passer til området",
        ),
        (
            DemoModule(
                "Organisering og styring",
                45,
                "De første to af A5's fire værktøjstyper.",
                [
                    fillable(
                        "a5-organisationsdiagram",
                        "organisational",
                        "Organisationsdiagram for helhedsplanen",
                        "Skabelon til at beskrive styregruppe, projektgruppe og lokale arbejdsgrupper, og hvem der træffer hvilke beslutninger.",
                    ),
                    fillable(
                        "a5-styringsark",
                        "steering",
                        "Styringsark for indsatser",
                        "Et ark pr. indsats med mål, milepæle, ansvarlig og status, der opdateres til hvert styregruppemøde.",
                    ),
                ],
            ),
            DemoModule(
                "Dokumentation, evaluering og forankring",
                60,
                "Gør resultaterne synlige, og sørg for at nogen overtager.",
                [
                    fillable(
                        "a5-aktivitetslog",
                        "documentation",
                        "Aktivitetslog",
                        "Registrér aktiviteter, deltagere og resultater løbende, så de kan bruges i styringen og evalueringen.",
                    ),
                    fillable(
                        "a5-evalueringsguide",
                        "evaluation",
                        "Evalueringsguide",
                        "Spørgeguide og skabelon til midtvejs- og slutevaluering med beboere, frivillige og samarbejdspartnere.",
                    ),
                    FORANKRING_QUIZ,
                ],
            ),
        ),
    ),
    DemoCourse(
        "Almen Akademi",
        "A3",
        "Fremtidsanalyse for boligafdelinger",
        "self_paced",
        "6",
        "1500",
        ("projektleder", "administrativ-medarbejder", "udlejningsmedarbejder"),
        "Selvstudium i fremtidsanalysen: udlejning, beboersammensætning, bygningernes tilstand "
        "og boligmarkedet som grundlag for strategiske beslutninger.",
        (
            "Kunne samle de data, en fremtidsanalyse bygger på",
            "Kunne vurdere afdelingens fremtid på boligmarkedet",
        ),
        (
            DemoModule(
                "Data om afdelingen",
                40,
                "Hvad ved vi – og hvad mangler vi at vide?",
                [
                    checklist(
                        "Data til fremtidsanalysen",
                        "Udlejningssituation og ventelister",
                        "Fraflytning og beboersammensætning",
                        "Bygningernes tilstand og vedligeholdelsesplan",
                        "Boligmarkedet i lokalområdet",
                    ),
                ],
            ),
            DemoModule(
                "Fra analyse til beslutning",
                40,
                "Analysen skal føre til et valg.",
                [
                    p(
                        "Fremtidsanalysen ender i scenarier for afdelingen, som ledelsen og beboerne kan tage stilling til."
                    ),
                    reflection("Hvilket scenarie er mest sandsynligt for jeres afdeling om 15 år?"),
                ],
            ),
        ),
    ),
    DemoCourse(
        "ByggeLæring ApS",
        "A1",
        "Beboerinddragelse på byggesagen",
        "attendance",
        "7",
        "2900",
        ("projektleder", "beboervalgt"),
        "En dag om at inddrage beboerne under selve byggesagen: information, genhusning og "
        "dialog, når håndværkerne er i gang.",
        (
            "Kunne planlægge information til beboerne i byggeriets faser",
            "Kunne håndtere bekymringer og klager i dialog med afdelingsbestyrelsen",
        ),
        (
            DemoModule(
                "Informationsplan",
                30,
                "Rette besked til rette tid.",
                [
                    checklist(
                        "Informationsplanen",
                        "Før opstart: beboermøde",
                        "Ugentligt nyhedsbrev",
                        "Varsling før arbejde i boligen",
                        "Kontaktperson på pladsen",
                    )
                ],
            ),
            DemoModule(
                "Dialog under byggeriet",
                30,
                "Når noget går galt.",
                [
                    p(
                        "Aftal med afdelingsbestyrelsen, hvordan klager håndteres, og følg op på dem i byggemøderne."
                    ),
                    reflection("Hvordan får I beboernes erfaringer med i næste byggesag?"),
                ],
            ),
        ),
    ),
    DemoCourse(
        "ByggeLæring ApS",
        "A2",
        "Helhedsplan og byggeprogram – kompakt",
        "online",
        "6",
        "2400",
        ("projektleder",),
        "Et kompakt onlineforløb for projektledere, der skal omsætte en helhedsplan til et "
        "byggeprogram.",
        ("Kunne omsætte helhedsplanens mål til krav i byggeprogrammet",),
        (
            DemoModule(
                "Fra mål til krav",
                45,
                "Hvert mål i helhedsplanen skal kunne genfindes i programmet.",
                [p("Lav en sporbarhedstabel: mål → krav → hvordan det eftervises ved aflevering.")],
            ),
            DemoModule(
                "Programmet som styringsredskab",
                45,
                "Brug programmet gennem hele projektet.",
                [
                    checklist(
                        "Programmets afsnit",
                        "Mål og succeskriterier",
                        "Funktionskrav",
                        "Økonomisk ramme",
                        "Organisering og tidsplan",
                    )
                ],
            ),
        ),
    ),
    DemoCourse(
        "ByggeLæring ApS",
        "A3",
        "Fremtidsanalyse: data, marked og beslutning",
        "blended",
        "10",
        "4200",
        ("projektleder", "administrativ-medarbejder"),
        "Gennemfør en fremtidsanalyse på jeres egen afdeling med sparring fra underviser og "
        "kolleger fra andre boligorganisationer.",
        (
            "Kunne gennemføre en fremtidsanalyse på egen afdeling",
            "Kunne præsentere scenarier for ledelse og beboere",
        ),
        (
            DemoModule(
                "Analysen på egen afdeling",
                60,
                "Arbejd med jeres egne data.",
                [
                    p("Vælg en afdeling, og saml data efter tjeklisten fra vejledningen."),
                    reflection("Hvilke data var sværest at finde?"),
                ],
            ),
            DemoModule(
                "Scenarier og anbefalinger",
                60,
                "Tre scenarier og én anbefaling.",
                [p("Beskriv tre mulige fremtider for afdelingen og anbefal én strategi.")],
            ),
        ),
    ),
    DemoCourse(
        "ByggeLæring ApS",
        "A5",
        "Forankring i driften – fra projekt til drift",
        "blended",
        "12",
        "5200",
        ("driftschef", "boligsocial-medarbejder", "ejendomsfunktionaer"),
        "Når projektet slutter, skal driften og de frivillige tage over. Forløbet arbejder med "
        "rolleskift og lokale læringsforløb.",
        (
            "Forstå rolleskiftene: frivillig → koordinator, projektmedarbejder → facilitator, vicevært → forebygger",
            "Kunne planlægge lokale læringsforløb: temadage, dialogmøder og kurser",
        ),
        (
            DemoModule(
                "Rolleskift ved forankring",
                45,
                "Nye roller kræver ny læring.",
                [
                    p(
                        "Forankring betyder, at nogen overtager. Det kræver, at frivillige, beboerdemokrater, projektansatte og driftens medarbejdere lærer nye roller."
                    ),
                    reflection("Hvilket rolleskift er vigtigst i jeres område?"),
                ],
            ),
            DemoModule(
                "Lokale læringsforløb",
                45,
                "Temadage, dialogmøder og kurser.",
                [
                    checklist(
                        "Et lokalt læringsforløb",
                        "Temadag for frivillige",
                        "Dialogmøde mellem drift og boligsociale medarbejdere",
                        "Kursus for nye koordinatorer",
                    )
                ],
            ),
        ),
    ),
    DemoCourse(
        "ByggeLæring ApS",
        "A4",
        "Boligsocial helhedsplan for projektledere",
        "self_paced",
        "5",
        "0",
        ("projektleder",),
        "Gratis selvstudium for byggeriets projektledere: hvad den boligsociale helhedsplan "
        "betyder for jeres byggesag, og hvordan I samarbejder med de boligsociale medarbejdere.",
        ("Forstå den boligsociale helhedsplan set fra byggeriet",),
        (
            DemoModule(
                "Tre perspektiver: byg, drift og social",
                30,
                "Kulturelle forskelle i samarbejdet.",
                [
                    p(
                        "Byg leverer et færdigt produkt og ser bygningen; driften bliver aldrig færdig og kender beboerne indgående; det sociale kender de svageste beboere og de sociale behov."
                    ),
                    reflection("Hvor mødes de tre perspektiver på jeres byggesag?"),
                ],
            ),
            DemoModule(
                "Erfaringsgrupper",
                30,
                "Læring på tværs af faggrænser.",
                [
                    p(
                        "Sæt et godt hold: kortlæg de kompetencer, renoveringen kræver, og mød jer i erfaringsgrupper med projektledere, boligsociale medarbejdere, drift og udlejning."
                    )
                ],
            ),
        ),
    ),
]


def _publish(parent: Page, page: Page) -> Page:
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def seed(home: Page) -> None:
    """Create the catalogue, onboard the demo providers and publish their courses."""
    catalogue_setup(home=home)
    sections: dict[str, ProviderSectionPage] = {}
    for name in sorted({course.provider for course in COURSES}):
        sections[name] = provider_onboard(organisation=Organisation.objects.get(name=name))
    guides = {guide.code: guide for guide in Guide.objects.all()}
    functions = {jf.code: jf for jf in JobFunction.objects.all()}
    for spec in COURSES:
        course = _publish(
            sections[spec.provider],
            CoursePage(
                title=spec.title,
                slug=danish_slugify(spec.title),
                guide=guides[spec.guide],
                summary=spec.summary,
                learning_outcomes="<ul>"
                + "".join(f"<li>{o}</li>" for o in spec.outcomes)
                + "</ul>",
                format=spec.format,
                duration_hours=Decimal(spec.hours),
                price=Decimal(spec.price),
                prerequisites=spec.prerequisites,
                target_job_functions=[functions[code] for code in spec.functions],
            ),
        )
        for module in spec.modules:
            body = _with_tools(module.body)
            page = _publish(
                course,
                ModulePage(
                    title=module.title,
                    slug=danish_slugify(module.title),
                    intro=module.intro,
                    estimated_minutes=module.minutes,
                    body=json.dumps(body),
                ),
            )
            _upgrade_tools(page, body)
    assert CoursePage.objects.live().count() >= 8


# --- Sessions and enrolments (issue 4) ----------------------------------------------------

SESSION_PLAN = [
    # (course title, days from now, region, city, capacity, online)
    ("Beboerdemokratisk proces i praksis", 21, "hovedstaden", "København", 16, False),
    ("Beboerdemokratisk proces i praksis", 63, "nordjylland", "Aalborg", 16, False),
    ("Helhedsplanlægning fra behov til program", 28, "midtjylland", "Aarhus", 20, False),
    ("Den boligsociale helhedsplan – de fire faser", 35, "syddanmark", "Odense", 18, False),
    ("Implementering og forankring af den boligsociale indsats", 14, "", "", 3, True),
    ("Implementering og forankring af den boligsociale indsats", 70, "", "", 30, True),
    ("Beboerinddragelse på byggesagen", 42, "sjaelland", "Roskilde", 12, False),
    ("Helhedsplan og byggeprogram – kompakt", 49, "", "", 25, True),
    ("Fremtidsanalyse: data, marked og beslutning", 56, "nordjylland", "Aalborg", 14, False),
    ("Forankring i driften – fra projekt til drift", 84, "midtjylland", "Vejle", 16, False),
]
ADDRESSES = {
    "København": ("Vesterbrogade 1", "1620"),
    "Aalborg": ("Fjordvej 1", "9000"),
    "Aarhus": ("Nordlysvej 4", "8000"),
    "Odense": ("Engvej 12", "5000"),
    "Roskilde": ("Algade 10", "4000"),
    "Vejle": ("Læringsvej 8", "7100"),
}


# Real-sounding teachers per provider; a session gets one by a stable rule, not at random.
TEACHERS = {
    "Almen Akademi": ("Mette Kjærgaard", "Jonas Holm Pedersen", "Birgitte Lund"),
    "ByggeLæring ApS": ("Søren Vestergaard", "Anne-Marie Bech", "Henrik Østergaard"),
}
# In-person days run 09:00–16:00; online sessions are afternoons, 13:00–16:00.
DAY_START, ONLINE_START = 9, 13
DAY_HOURS, ONLINE_HOURS = 7, 3


def danish_holidays(year: int) -> set[date]:
    """The days a Danish course provider does not teach: public holidays, Christmas Eve to New
    Year's Day, and grundlovsdag (store bededag was abolished from 2024)."""
    easter_sunday = easter(year)
    around_easter = (-3, -2, 0, 1, 39, 49, 50)  # skærtorsdag … 2. pinsedag
    days = {easter_sunday + timedelta(days=offset) for offset in around_easter}
    days |= {date(year, 1, 1), date(year, 6, 5)}
    days |= {date(year, 12, day) for day in range(24, 32)}  # juleaften to nytårsaften
    return days


def is_teaching_day(day: date) -> bool:
    """A weekday that is not a Danish holiday."""
    return day.weekday() < 5 and day not in danish_holidays(day.year)


def session_start(days: int, *, hour: int = DAY_START) -> datetime:
    """A round local start time about ``days`` from today, moved to the nearest teaching day
    further from today (a past session stays in the past)."""
    step = 1 if days >= 0 else -1
    day = timezone.localdate() + timedelta(days=days)
    while not is_teaching_day(day):
        day += timedelta(days=step)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _teacher(course: CoursePage, days: int) -> str:
    names = TEACHERS.get(_provider_name(course), TEACHERS["Almen Akademi"])
    return names[(len(course.title) + days) % len(names)]


def _create_session(
    course: CoursePage, days: int, region: str, city: str, capacity: int, online: bool
) -> CourseSession:
    from courses.services import session_create

    start = session_start(days, hour=ONLINE_START if online else DAY_START)
    hours = ONLINE_HOURS if online else DAY_HOURS
    place = (
        {"online": True, "online_url": "https://moede.almenlaering.dk/hold"}
        if online
        else {
            "address": ADDRESSES[city][0],
            "postcode": ADDRESSES[city][1],
            "city": city,
            "region": region,
        }
    )
    return session_create(
        course=course,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        capacity=capacity,
        price=course.price,
        registration_deadline=start - timedelta(days=7),
        cancellation_deadline=start - timedelta(days=10),
        teachers=_teacher(course, days),
        **place,
    )


def _provider_name(course: CoursePage) -> str:
    name: str = course.get_parent().specific.provider.name
    return name


def seed_sessions() -> None:
    """Sessions across the regions in the coming months, with enrolments in every state."""
    from courses import services
    from courses.models import Enrolment, EnrolmentStatus
    from organisations.models import User

    if CourseSession.objects.exists():
        seed_trials()  # a demo seeded before the trial course existed gets it now
        seed_badges()  # and one seeded before Open Badges, Peter's credential
        return
    courses = {c.title: c for c in CoursePage.objects.all()}
    sessions = [
        _create_session(courses[title], days, region, city, capacity, online)
        for title, days, region, city, capacity, online in SESSION_PLAN
    ]
    people = {u.email.split("@")[0]: u for u in User.objects.all()}

    def enrol(name: str, session: CourseSession, by: str | None = None) -> Enrolment:
        person = people[name]
        return services.enrolment_create(
            user=person,
            course=session.course,
            session=session,
            requested_by=people[by] if by else person,
        )

    # Fjordbo requires approval: Karen waits for Lars (her manager in 101); Birthe (102) was
    # rejected by HR; Jens cancelled. A manager decides only for their own department.
    enrol("karen", sessions[2])
    services.enrolment_reject(
        enrolment=enrol("birthe", sessions[0]),
        actor=people["hanne"],
        comment="Vi prioriterer projektlederne i år.",
    )
    services.enrolment_cancel(
        enrolment=enrol("jens", sessions[0], by="lars"),
        actor=people["jens"],
        reason="Afdelingsmøde samme dag",
    )
    enrol("amina", sessions[3], by="hanne")
    # The small online session is full, with two on the waitlist.
    for name in ("anna", "ole", "sara"):
        enrol(name, sessions[4])
    enrol("mikkel", sessions[4], by="hanne")  # no department: HR enrols him
    enrol("rasmus", sessions[4])
    enrol("lars", sessions[6])
    # A session that has been held: Peter completed (certificate), Kim did not show up.
    held = _create_session(
        courses["Fremtidsanalyse for boligafdelinger"], 30, "nordjylland", "Aalborg", 10, False
    )
    peter = enrol("peter", held, by="hanne")
    no_show = enrol("kim", held)
    # Thomas is booked but not yet marked: the provider's attendance completes his A3 course
    # (and closes his fremtidsanalyse gap) in the demo and in the browser test.
    enrol("thomas", held, by="hanne")
    adviser = enrol("rasmus", held)
    # Held three weeks ago, on a teaching day at 09:00 like the others (not at seeding time).
    past = session_start(-20)
    CourseSession.objects.filter(pk=held.pk).update(
        starts_at=past,
        ends_at=past + timedelta(hours=DAY_HOURS),
        registration_deadline=past - timedelta(days=7),
        cancellation_deadline=past - timedelta(days=10),
        status="held",
    )
    editor = people["sofie"]
    # A held online session of a course whose rule also needs the quiz: Anna has attended but
    # not yet passed the quiz (attended); Rasmus attended and did not pass (not passed).
    quiz_course = courses["Implementering og forankring af den boligsociale indsats"]
    if not quiz_course.completion_requires_quiz:
        quiz_course.completion_requires_quiz = True
        quiz_course.save_revision().publish()
    quiz_held = _create_session(quiz_course, 30, "", "", 10, True)
    anna = enrol("anna", quiz_held)
    rasmus = enrol("rasmus", quiz_held)
    online_past = session_start(-20, hour=ONLINE_START)
    CourseSession.objects.filter(pk=quiz_held.pk).update(
        starts_at=online_past,
        ends_at=online_past + timedelta(hours=ONLINE_HOURS),
        registration_deadline=online_past - timedelta(days=7),
        cancellation_deadline=online_past - timedelta(days=10),
        status="held",
    )
    services.attendance_mark(enrolment=anna, attended=True, actor=editor)
    services.attendance_mark(enrolment=rasmus, attended=True, actor=editor)
    services.enrolment_mark_not_passed(
        enrolment=rasmus, actor=editor, reason="Deltog kun i første halvdel af dagen."
    )
    services.attendance_mark(enrolment=peter, attended=True, actor=editor)
    services.attendance_mark(enrolment=adviser, attended=True, actor=editor)
    services.attendance_mark(enrolment=no_show, attended=False, actor=editor)
    peter.refresh_from_db()
    if peter.status == EnrolmentStatus.COMPLETED:
        services.evaluation_submit(
            enrolment=peter,
            user=people["peter"],
            rating=5,
            comment="Meget konkret – vi bruger analysen i helhedsplanen.",
        )
    seed_trials()
    seed_badges()


def seed_badges() -> None:
    """Peter has taken his certificate as an Open Badge too (idempotent: issued once)."""
    from courses.badges import services as badge_services
    from courses.models import Certificate

    for certificate in Certificate.objects.filter(
        enrolment__user__email="peter@fjordbo.example", revoked_at__isnull=True
    ).select_related("enrolment__user"):
        badge_services.badge_issue(certificate=certificate, actor=certificate.enrolment.user)


# --- The A5 course's trial session (prøvehold, seed 001) ----------------------------------

TRIAL_COURSE = "Implementering og forankring af den boligsociale indsats"
TRIAL_TOOL_SLUG = "evaluering-af-proevehold"


def _trial_question(kind: str, key: str, label: str, **rest: object) -> dict:
    return {
        "type": kind,
        "id": key,
        "value": {"label": label, "help_text": "", "required": False, **rest},
    }


# The same questions, ids and words as the network's tool in ``processes.content.tools``
# (PROEVEHOLD), which the working-methods install publishes later over this one.
TRIAL_TOOL_FIELDS = [
    _trial_question(
        "scale",
        "udbytte",
        "Hvilket udbytte har du haft af kurset?",
        minimum=1,
        maximum=5,
        low_label="Intet udbytte",
        high_label="Stort udbytte",
    ),
    _trial_question(
        "scale",
        "relevans",
        "Hvor relevant er kurset for din egen praksis?",
        minimum=1,
        maximum=5,
        low_label="Ikke relevant",
        high_label="Meget relevant",
    ),
    _trial_question(
        "choice",
        "tempo",
        "Hvordan var tempoet?",
        options=[
            {"type": "item", "value": option, "id": f"tempo-{i}"}
            for i, option in enumerate(("For langsomt", "Passende", "For hurtigt"))
        ],
        multiple=False,
    ),
    _trial_question("text", "virkede", "Hvad virkede?", multiline=True),
    _trial_question("text", "aendres", "Hvad skal ændres?", multiline=True),
]
for _required in TRIAL_TOOL_FIELDS[:2]:
    _required["value"]["required"] = True

TRIAL_ANSWERS = [
    {
        "udbytte": 4,
        "relevans": 5,
        "tempo": "Passende",
        "virkede": "Styringsværktøjet kunne vi bruge med det samme i vores egen helhedsplan.",
        "aendres": "Mere tid til at afprøve værktøjerne på egne sager.",
    },
    {
        "udbytte": 3,
        "relevans": 4,
        "tempo": "For hurtigt",
        "virkede": "Eksemplerne fra andre boligområder.",
        "aendres": "Dokumentationsværktøjerne gik for hurtigt; del modulet i to.",
    },
    {
        "udbytte": 5,
        "relevans": 5,
        "tempo": "Passende",
        "virkede": "Forankringsmodellerne og rolleskiftene gav et fælles sprog.",
        "aendres": "",
    },
    {
        "udbytte": 4,
        "relevans": 3,
        "tempo": "For hurtigt",
        "virkede": "Gruppearbejdet.",
        "aendres": "Et eksempel fra driften, ikke kun fra det boligsociale.",
    },
]
TRIAL_ADJUSTMENTS = [
    (
        "Deltagerne savnede tid til at afprøve værktøjerne på deres egne sager.",
        "Modul 2 har fået en øvelse, hvor deltagerne udfylder styringsværktøjet for deres "
        "egen indsats.",
    ),
    (
        "Tempoet var for højt i gennemgangen af dokumentations- og evalueringsværktøjerne.",
        "Dokumentations- og evalueringsværktøjerne gennemgås nu i hver sin del med et "
        "eksempel fra driften.",
    ),
]


def _trial_tool() -> Tool:
    """The evaluation tool of trial sessions: the network's (``seed_demo`` installs the working
    methods before the courses), or, when the courses demo runs without them, the same
    questions published here."""
    tool = Tool.objects.filter(slug=TRIAL_TOOL_SLUG).first()
    if tool is None:
        tool = Tool(
            slug=TRIAL_TOOL_SLUG,
            title="Evaluering af prøvehold",
            kind="evaluation",
            source="AlmenVejledning A5: Den boligsociale helhedsplan II – implementering og "
            "forankring: prøvekursus og tilretning af kursuskonceptet",
            introduction="Deltagernes evaluering af et prøvehold. Svarene bruges til at "
            "tilrette det endelige kursuskoncept.",
            fields=TRIAL_TOOL_FIELDS,
            live=False,
        )
        tool.full_clean()
        tool.save()
    if not tool.live:
        tool.save_revision().publish()
        tool.refresh_from_db()
    return tool


def seed_trials() -> None:
    """The A5 course was tried on a trial session six weeks ago: its participants evaluated
    it, and Almen Akademi adjusted the course twice (the course page says so)."""
    from courses import services
    from courses.models import CourseSession, EnrolmentStatus
    from courses.services import trials
    from organisations.models import User

    course = CoursePage.objects.filter(title=TRIAL_COURSE).first()
    if course is None or CourseSession.objects.filter(course=course, is_trial=True).exists():
        return
    tool = _trial_tool()
    people = {u.email.split("@")[0]: u for u in User.objects.all()}
    session = _create_session(course, 30, "", "", 12, True)
    CourseSession.objects.filter(pk=session.pk).update(is_trial=True, trial_evaluation_tool=tool)
    session.refresh_from_db()
    participants = []
    for name, by in (("ole", None), ("sara", None), ("henrik", "hanne"), ("peter", "hanne")):
        if name not in people:
            continue
        enrolment = services.enrolment_create(
            user=people[name],
            course=course,
            session=session,
            requested_by=people[by] if by else people[name],
        )
        if enrolment.status == EnrolmentStatus.BOOKED:
            participants.append(enrolment)
    past = session_start(-42, hour=ONLINE_START)
    CourseSession.objects.filter(pk=session.pk).update(
        starts_at=past,
        ends_at=past + timedelta(hours=ONLINE_HOURS),
        registration_deadline=past - timedelta(days=7),
        cancellation_deadline=past - timedelta(days=10),
        status="held",
    )
    session.refresh_from_db()
    editor = people["sofie"]
    for enrolment, answers in zip(participants, TRIAL_ANSWERS, strict=False):
        services.attendance_mark(enrolment=enrolment, attended=True, actor=editor)
        enrolment.refresh_from_db()
        trials.trial_evaluation_save(
            enrolment=enrolment, answers=answers, actor=enrolment.user, base_version=0
        )
        # The last participant has saved a draft but not handed it in yet.
        if enrolment is not participants[-1]:
            trials.trial_evaluation_submit(enrolment=enrolment, actor=enrolment.user)
    for days, (finding, change) in zip((-35, -30), TRIAL_ADJUSTMENTS, strict=True):
        trials.course_adjustment_create(
            session=session,
            adjusted_on=timezone.localdate() + timedelta(days=days),
            finding=finding,
            change=change,
            actor=editor,
        )
