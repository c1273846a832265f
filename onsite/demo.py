"""Demo building projects with their parties and learning logs, for ``seed_demo``.

Two Fjordbo projects in different phases — the renovation "Helhedsplan Fjordparken" (phase C,
udførelse) and the joint operation "Samdrift Sølyst" (phase B) — and a small Nordlys project.
Their learning logs hold entries in every status, written by the project's people (Kim from the
contractor and Rasmus from the adviser were invited by e-mail), with photos drawn in code.
Every step goes through the real services, so approved entries carry competence evidence and
one entry has been revised into revision 2.

Idempotent: projects are found by (organisation, name), parties by (project, role, name),
members by (project, person) and entries by (project, title). Run after
``organisations.demo.seed()``; seed_demo routes e-mail to a dummy backend.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from competencies.models import Competence, Guide, LearningStrategy
from onsite.models import BuildingProject, LogEntry, PartyRole, ProjectMember, ProjectParty
from onsite.services import entries as entry_services
from onsite.services import projects as project_services
from onsite.services.entries import CompetenceLevel
from organisations.models import Department, Organisation, User

FJORDBO = "Boligselskabet Fjordbo"
NORDLYS = "Nordlys Bolig"
FJORDPARKEN = "Helhedsplan Fjordparken"
SOLYST = "Samdrift Sølyst"
STJERNEHUSENE = "Energirenovering Stjernehusene"

PEOPLE = {
    "peter": "peter@fjordbo.example",
    "thomas": "thomas@fjordbo.example",
    "henrik": "henrik@fjordbo.example",
    "lars": "lars@fjordbo.example",
    "karen": "karen@fjordbo.example",
    "jens": "jens@fjordbo.example",
    "amina": "amina@fjordbo.example",
    "birthe": "birthe@fjordbo.example",
    "mikkel": "mikkel@fjordbo.example",
    "anna": "anna@nordlys.example",
    "kim": "kim@hansen-entreprise.example",
    "rasmus": "rasmus@raadgiver-nord.example",
    "lone": "lone@fjordby.example",
}


@dataclass(frozen=True)
class DemoProject:
    organisation: str
    name: str
    kind: str
    phase: str
    starts_days_ago: int
    leader: str
    departments: tuple[str, ...]
    guides: tuple[str, ...]
    address: str
    description: str
    # (role, organisation name or None, party name)
    parties: tuple[tuple[str, str | None, str], ...]
    # (person, party name or None, is_leader)
    members: tuple[tuple[str, str | None, bool], ...] = ()
    # (person, party name) — invited by e-mail and accepted
    invited: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DemoEntry:
    title: str
    author: str
    days_ago: int
    kind: str
    what_happened: str
    learned: str = ""
    differently: str = ""
    guide: str = ""
    tool: str = ""
    effect: str = ""
    participants: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()  # party roles
    competences: tuple[tuple[str, int], ...] = ()
    status: str = "approved"  # draft, submitted, returned, approved, revised
    reviewer: str = ""
    comment: str = ""
    cosigners: tuple[str, ...] = ()
    photo: str = ""  # a scene for _photo()
    document: str = ""  # a file name for a small PDF


PROJECTS = [
    DemoProject(
        organisation=FJORDBO,
        name=FJORDPARKEN,
        kind="renovering",
        phase="C",
        starts_days_ago=450,
        leader="peter",
        departments=("101",),
        guides=("A2", "A3", "A4"),
        address="Fjordparken 1-47",
        description=(
            "Fysisk helhedsplan for Fjordparkens 312 boliger: nye altaner, ventilation og "
            "tilgængelighed, koblet med den boligsociale helhedsplan og genhusning blok for blok."
        ),
        parties=(
            (PartyRole.ADVISER, "Rådgivergruppen Nord", "Rådgivergruppen Nord"),
            (PartyRole.CONTRACTOR, "Hansen & Søn Entreprise", "Hansen & Søn Entreprise"),
            (PartyRole.OPERATIONS, FJORDBO, "Driften i Fjordparken"),
            (PartyRole.RESIDENTS, None, "Afdelingsbestyrelsen i Fjordparken"),
            (PartyRole.MUNICIPALITY, "Fjordby Kommune", "Fjordby Kommune"),
            (PartyRole.SOCIAL, FJORDBO, "Boligsocial helhedsplan Fjordparken"),
        ),
        members=(
            ("thomas", FJORDBO, True),
            ("lars", "Driften i Fjordparken", False),
            ("karen", "Driften i Fjordparken", False),
            ("jens", "Afdelingsbestyrelsen i Fjordparken", False),
            ("amina", "Boligsocial helhedsplan Fjordparken", False),
        ),
        invited=(
            ("kim", "Hansen & Søn Entreprise"),
            ("rasmus", "Rådgivergruppen Nord"),
            ("lone", "Fjordby Kommune"),
        ),
    ),
    DemoProject(
        organisation=FJORDBO,
        name=SOLYST,
        kind="samdrift",
        phase="B",
        starts_days_ago=300,
        leader="henrik",
        departments=("102", "103"),
        guides=("A5",),
        address="Sølystvej 2",
        description=(
            "Samdrift mellem Sølyst og Havnefronten efter drejebogens tre faser og 12 milepæle: "
            "fælles driftsteam, maskinpark og vagtplan – billigere drift og bedre beboerservice."
        ),
        parties=(
            (PartyRole.OPERATIONS, FJORDBO, "Driften i Sølyst og Havnefronten"),
            (PartyRole.RESIDENTS, None, "Afdelingsbestyrelserne i Sølyst og Havnefronten"),
            (PartyRole.SOCIAL, FJORDBO, "Beboerhuset Sølyst"),
        ),
        members=(
            ("lars", "Driften i Sølyst og Havnefronten", False),
            ("amina", "Beboerhuset Sølyst", False),
            ("birthe", "Beboerhuset Sølyst", False),
            ("mikkel", None, False),
        ),
    ),
    DemoProject(
        organisation=NORDLYS,
        name=STJERNEHUSENE,
        kind="renovering",
        phase="A",
        starts_days_ago=60,
        leader="anna",
        departments=("2",),
        guides=("A3",),
        address="Stjernevej 1-21",
        description="Programfase for energirenovering af Stjernehusenes 84 boliger.",
        parties=((PartyRole.RESIDENTS, None, "Afdelingsbestyrelsen i Stjernehusene"),),
    ),
]

_ALL_FJORDPARKEN = ("bygherre", "raadgiver", "entreprenoer", "drift", "beboere")

FJORDPARKEN_ENTRIES = [
    DemoEntry(
        "Opstartsmøde med alle byggeparter",
        "peter",
        420,
        "milestone",
        "Bygherre, rådgiver, entreprenør, driften og afdelingsbestyrelsen mødtes før "
        "byggestart. Vi gennemgik tidsplanen, genhusningen og hvordan vi logger læring "
        "undervejs.",
        "Når alle parter hører det samme på én gang, falder antallet af misforståelser.",
        "Næste gang inviterer vi også kommunen med fra første møde.",
        guide="A2",
        tool="Læringsplan for byggesagen",
        effect="process",
        participants=("peter", "thomas", "rasmus", "kim", "lars", "jens"),
        parties=_ALL_FJORDPARKEN,
        competences=(("laering-paa-byggepladsen", 3), ("partsinddragelse", 3)),
        reviewer="thomas",
        cosigners=("rasmus", "kim"),
        photo="møde",
    ),
    DemoEntry(
        "Første erfaringsgruppemøde: byg, drift og boligsocial",
        "thomas",
        400,
        "erfa",
        "Projektlederne, driften og den boligsociale medarbejder præsenterede hinandens "
        "arbejde. Vi kortlagde, hvem der kender hvilke beboere og hvem der taler med "
        "myndighederne.",
        "Vi opdagede overraskende mange fælles snitflader og ubevidste aftaler.",
        "Vi holder erfaringsgruppemøde hver sjette uge under hele renoveringen.",
        guide="A4",
        tool="Erfaringsgruppe",
        effect="social",
        participants=("thomas", "lars", "amina", "peter"),
        parties=("bygherre", "drift", "boligsocial"),
        competences=(("erfaringsgrupper", 2), ("tvaerfagligt-samarbejde", 2)),
        reviewer="peter",
        cosigners=("amina",),
        photo="erfa",
        document="Referat erfaringsgruppe 1.pdf",
    ),
    DemoEntry(
        "Beboermøde om helhedsplanen",
        "jens",
        380,
        "observation",
        "120 beboere mødte op i fælleshuset. Altanerne og genhusningen fyldte mest, og mange "
        "spurgte til huslejestigningen.",
        "Beboerne vil hellere have én fast kontaktperson end mange informationsbreve.",
        "Afdelingsbestyrelsen holder åben træffetid hver torsdag under renoveringen.",
        guide="A1",
        tool="Beboermøde",
        effect="social",
        participants=("jens", "peter", "amina"),
        parties=("beboere", "bygherre"),
        competences=(("beboerinddragelse", 2),),
        reviewer="peter",
    ),
    DemoEntry(
        "Genhusningsplan aftalt på tværs af fagligheder",
        "amina",
        360,
        "lesson",
        "Boligsocial, drift og byggeteknik lagde genhusningsplanen sammen: boligsocial "
        "formidler frister, driften holder opsyn med nedpakning, byg planlægger deadlines.",
        "Genhusning er et fælles projekt – ikke kun byggeteknisk afdelings opgave.",
        "Særligt sårbare beboere får besøg af driften en uge før flytning.",
        guide="A4",
        tool="Genhusningsaftale",
        effect="social",
        participants=("amina", "lars", "thomas"),
        parties=("boligsocial", "drift"),
        competences=(("tvaerfagligt-samarbejde", 3),),
        reviewer="thomas",
        cosigners=("lars",),
    ),
    DemoEntry(
        "Ændringsordre om altanfundamenter halveret",
        "kim",
        340,
        "problem",
        "Jordbundsundersøgelsen viste blødbund ved blok 3. Entreprenør og rådgiver fandt "
        "sammen en løsning med skruefundamenter i stedet for nye punktfundamenter.",
        "Når entreprenøren inddrages tidligt, bliver ændringsordren mindre og hurtigere.",
        "Vi holder et kort teknisk møde, før en ændringsordre bliver skrevet.",
        guide="A2",
        effect="economy",
        participants=("kim", "rasmus", "peter"),
        parties=("entreprenoer", "raadgiver"),
        competences=(("partsinddragelse", 2),),
        reviewer="peter",
        cosigners=("rasmus",),
        photo="stillads",
    ),
    DemoEntry(
        "Oplæring af driften i de nye ventilationsanlæg",
        "lars",
        300,
        "training",
        "Entreprenørens montør viste driften filterskift og indregulering i den første "
        "færdige opgang.",
        "Driften skal med ved aflevering af hver opgang, ikke kun ved den endelige aflevering.",
        "Oplæringen filmes, så nye ejendomsfunktionærer kan se den.",
        effect="physical",
        participants=("lars", "karen", "kim"),
        parties=("drift", "entreprenoer"),
        competences=(("forebyggende-drift", 2),),
        reviewer="thomas",
        cosigners=("karen",),
    ),
    DemoEntry(
        "Væggen der blev flyttet",
        "amina",
        280,
        "lesson",
        "På erfaringsgruppemødet fortalte driften, at beboerhuset manglede plads til "
        "lektiecaféen. Byg kunne flytte en skillevæg i den nye fællesbygning uden merpris.",
        "Små aftaler mellem fagligheder kan give store gevinster for beboerne.",
        tool="Erfaringsgruppe",
        effect="social",
        participants=("amina", "thomas", "lars"),
        parties=("boligsocial", "drift", "bygherre"),
        competences=(("erfaringsgrupper", 2),),
        reviewer="peter",
    ),
    DemoEntry(
        "Biografen der blev fundet",
        "jens",
        260,
        "observation",
        "Under nedrivningen i kælderen fandt vi det gamle biografrum. Afdelingsbestyrelsen "
        "foreslog at gøre det til fælleslokale.",
        "Beboerne har viden om afdelingens historie, som byggesagen kan bruge.",
        effect="social",
        participants=("jens", "amina"),
        parties=("beboere", "boligsocial"),
        competences=(("beboerinddragelse", 2),),
        reviewer="thomas",
        photo="kælder",
    ),
    DemoEntry(
        "Netværksmøde om renoveringen med kommunen",
        "lone",
        240,
        "erfa",
        "Kommunens byggesagsbehandler, jobcentret og den boligsociale helhedsplan mødtes om "
        "sociale klausuler og lærepladser på byggepladsen.",
        "Sociale klausuler virker bedst, når jobcentret er med fra udbuddet.",
        "Næste udbud får klausulen med i udbudsmaterialet.",
        guide="A4",
        effect="social",
        participants=("lone", "peter", "amina"),
        parties=("kommune", "bygherre", "boligsocial"),
        competences=(("partsinddragelse", 2),),
        reviewer="peter",
    ),
    DemoEntry(
        "Stilladsplan gav adgang for gangbesværede",
        "kim",
        220,
        "problem",
        "Stilladset ved opgang 23 spærrede for rollatorer. Driften og entreprenøren flyttede "
        "adgangsvejen samme dag.",
        "Driften ser beboernes hverdag, som byggepladsen ikke ser.",
        "Stilladsplanen gennemgås med driften, før den sættes op.",
        effect="physical",
        participants=("kim", "lars", "jens"),
        parties=("entreprenoer", "drift", "beboere"),
        competences=(("partsinddragelse", 2), ("forebyggende-drift", 2)),
        reviewer="thomas",
        cosigners=("lars", "jens"),
        photo="stillads",
    ),
    DemoEntry(
        "Fremtidsanalysen for afdelingen opdateret",
        "rasmus",
        200,
        "observation",
        "Rådgiveren opdaterede fremtidsanalysen med nye tal for udlejning og fraflytning.",
        "Fraflytningen er faldet, siden de første blokke blev afleveret.",
        guide="A3",
        tool="Fremtidsanalyse",
        effect="economy",
        participants=("rasmus", "peter"),
        parties=("raadgiver", "bygherre"),
        competences=(("fremtidsanalyse", 3),),
        reviewer="peter",
    ),
    DemoEntry(
        "Budgetopfølgning: færre ekstraarbejder",
        "peter",
        180,
        "milestone",
        "Halvvejs i udførelsen er ekstraarbejderne 2,1 % af entreprisesummen mod 4,5 % på "
        "sidste renovering.",
        "De tidlige tekniske møder om ændringsordrer betaler sig.",
        guide="A2",
        tool="Effektmåling",
        effect="economy",
        participants=("peter", "thomas"),
        parties=("bygherre", "raadgiver"),
        competences=(("effektmaaling", 2),),
        status="revised",
        reviewer="thomas",
    ),
    DemoEntry(
        "Erfaringsgruppe: aftaler om fællesarealer",
        "thomas",
        150,
        "erfa",
        "Erfaringsgruppen aftalte, at fællesarealerne skal idriftsættes med det samme – "
        "driften overtager nøglerne, boligsocial starter aktiviteterne.",
        "Et fællesareal uden drift og aktiviteter står tomt.",
        guide="A4",
        tool="Erfaringsgruppe",
        effect="social",
        participants=("thomas", "lars", "amina"),
        parties=("bygherre", "drift", "boligsocial"),
        competences=(("erfaringsgrupper", 3),),
        reviewer="peter",
    ),
    DemoEntry(
        "Sikkerhedsrunde med beboerne",
        "kim",
        120,
        "training",
        "Byggelederen tog afdelingsbestyrelsen med på en sikkerhedsrunde, så de kan svare "
        "naboerne om afspærringer.",
        "Beboervalgte er gode ambassadører, når de selv har set pladsen.",
        effect="process",
        participants=("kim", "jens"),
        parties=("entreprenoer", "beboere"),
        competences=(("partsinddragelse", 2),),
        reviewer="peter",
        cosigners=("jens",),
    ),
    DemoEntry(
        "Aflevering af første blok",
        "peter",
        90,
        "milestone",
        "Blok 1 blev afleveret til tiden med 14 mangler, alle småting.",
        "Mangelgennemgang med driften før afleveringen gav færre mangler.",
        guide="A2",
        effect="physical",
        participants=("peter", "lars", "kim", "rasmus"),
        parties=("bygherre", "drift", "entreprenoer", "raadgiver"),
        competences=(("laering-paa-byggepladsen", 3),),
        reviewer="thomas",
        photo="facade",
    ),
    DemoEntry(
        "Mangelgennemgang med driften i blok 2",
        "lars",
        60,
        "observation",
        "Driften gennemgik blok 2 en uge før afleveringen og fandt fejl i tagnedløbene.",
        effect="physical",
        participants=("lars", "karen"),
        parties=("drift",),
        competences=(("forebyggende-drift", 3),),
        status="submitted",
    ),
    DemoEntry(
        "Erfaringsgruppe: driften under renoveringen",
        "amina",
        40,
        "erfa",
        "Vi talte om, hvordan driften kan holde kontakten til beboerne, mens de er genhuset.",
        "Driften ringer til de genhusede beboere én gang om måneden.",
        tool="Erfaringsgruppe",
        effect="social",
        participants=("amina", "lars"),
        parties=("boligsocial", "drift"),
        competences=(("erfaringsgrupper", 2),),
        status="submitted",
        cosigners=("lars",),
    ),
    DemoEntry(
        "Kommunens tilsyn med brandsikring",
        "lone",
        30,
        "observation",
        "Kommunen gennemgik brandcellerne i blok 2 og bad om dokumentation for gennemføringer.",
        effect="process",
        participants=("lone", "kim"),
        parties=("kommune", "entreprenoer"),
        status="returned",
        reviewer="peter",
        comment="Tilføj, hvad vi gør anderledes ved næste blok.",
    ),
    DemoEntry(
        "Beboerklager over støj om morgenen",
        "jens",
        20,
        "problem",
        "Flere beboere klagede over boring før kl. 7.",
        effect="social",
        participants=("jens",),
        parties=("beboere", "entreprenoer"),
        status="returned",
        reviewer="thomas",
        comment="Skriv, hvilke aftaler der blev indgået med entreprenøren.",
    ),
    DemoEntry(
        "Ny procedure for nøgleudlevering",
        "kim",
        10,
        "lesson",
        "Nøgler til de renoverede boliger udleveres nu kun via driftskontoret.",
        participants=("kim", "lars"),
        status="draft",
    ),
    DemoEntry(
        "Noter fra byggemøde 14",
        "rasmus",
        5,
        "observation",
        "Tidsplanen holder. Leverancen af altanplader er forsinket to uger.",
        status="draft",
    ),
    DemoEntry(
        "Oplæring i beboerkommunikation for byggeledere",
        "thomas",
        3,
        "training",
        "Den boligsociale medarbejder underviste entreprenørens byggeledere i at tale med "
        "beboere, der er utrygge ved renoveringen.",
        "En kort samtale ved døren forebygger mange klager.",
        effect="social",
        participants=("thomas", "amina", "kim"),
        parties=("boligsocial", "entreprenoer"),
        competences=(("tvaerfagligt-samarbejde", 2),),
        status="submitted",
    ),
]

SOLYST_ENTRIES = [
    DemoEntry(
        "Milepæl 1: projektleder udpeget og præmisser afklaret",
        "henrik",
        280,
        "milestone",
        "Henrik er udpeget som projektleder for samdriften. Vi afklarede boligorganisationens "
        "politik for samdrift og de kulturelle præmisser i de to afdelinger.",
        "Driften fortsætter sideløbende med processen – det skal planen tage højde for.",
        guide="A5",
        tool="Samdriftens drejebog – milepæl 1",
        effect="process",
        participants=("henrik", "lars"),
        parties=("bygherre", "drift"),
        competences=(("samdrift", 2),),
        reviewer="peter",
    ),
    DemoEntry(
        "Milepæl 2: oplæg om muligheder og udfordringer godkendt",
        "henrik",
        250,
        "milestone",
        "Den administrative ledelse godkendte oplægget om samdrift efter drøftelse med den "
        "driftsansvarlige.",
        "De beboervalgtes ønsker skal med i oplægget fra start.",
        guide="A5",
        tool="Samdriftens drejebog – milepæl 2",
        effect="process",
        participants=("henrik", "lars"),
        parties=("bygherre", "drift"),
        competences=(("samdrift", 2),),
        reviewer="peter",
    ),
    DemoEntry(
        "Interessentanalyse med driften",
        "lars",
        220,
        "erfa",
        "Driften og udlejningen lavede interessentanalysen: hvem vinder, hvem frygter at tabe "
        "ved samdriften?",
        "Ejendomsfunktionærerne frygter at miste kontakten til 'deres' beboere.",
        "Hver afdeling beholder en fast kontaktperson i samdriftsmodellen.",
        guide="A5",
        tool="Interessentanalyse (bilag 2)",
        effect="process",
        participants=("lars", "mikkel", "henrik"),
        parties=("drift",),
        competences=(("samdrift", 2), ("tvaerfagligt-samarbejde", 2)),
        reviewer="henrik",
        cosigners=("mikkel",),
    ),
    DemoEntry(
        "Dialogmøde med afdelingsbestyrelserne",
        "henrik",
        180,
        "milestone",
        "Milepæl 5: begge afdelingsbestyrelser drøftede forslaget til samdriftsmodel. "
        "Havnefronten ønskede at beholde den lokale vicevært.",
        "Opbakning kommer af dialog, ikke af et færdigt forslag.",
        "Modellen tilrettes med en lokal vicevært i hver afdeling.",
        guide="A5",
        tool="Samdriftens drejebog – milepæl 5",
        effect="social",
        participants=("henrik", "lars", "birthe"),
        parties=("beboere", "drift"),
        competences=(("partsinddragelse", 3), ("samdrift", 3)),
        reviewer="peter",
        photo="møde",
    ),
    DemoEntry(
        "Frivillige i beboerhuset: fra frivillig til koordinator",
        "amina",
        150,
        "lesson",
        "Birthe har taget rollen som koordinator for de frivillige i beboerhuset og holder "
        "nu selv ugemødet.",
        "Rolleskiftet kræver oplæring – ikke kun en ny titel.",
        "Vi laver et lokalt læringsforløb for frivillige koordinatorer.",
        guide="A5",
        tool="Forankringsplan",
        effect="social",
        participants=("amina", "birthe"),
        parties=("boligsocial", "beboere"),
        competences=(("frivilligledelse", 2), ("implementering-forankring", 2)),
        reviewer="henrik",
        cosigners=("birthe",),
    ),
    DemoEntry(
        "Aftale om samdrift tiltrådt",
        "henrik",
        120,
        "milestone",
        "Milepæl 6: aftalen om samdrift mellem Sølyst og Havnefronten er tiltrådt af begge "
        "afdelingsmøder.",
        guide="A5",
        tool="Aftale om samdrift (bilag 4)",
        effect="economy",
        participants=("henrik",),
        parties=("bygherre", "beboere"),
        competences=(("samdrift", 3),),
        reviewer="peter",
        document="Aftale om samdrift.pdf",
    ),
    DemoEntry(
        "Implementeringsplan for fælles maskinpark",
        "lars",
        90,
        "observation",
        "Milepæl 7: implementeringsplanen samler maskinerne i ét depot og deler vinterberedskabet.",
        "Fælles maskinpark sparer to traktorer.",
        guide="A5",
        tool="Implementeringsplan (bilag 5)",
        effect="economy",
        participants=("lars", "henrik"),
        parties=("drift",),
        competences=(("samdrift", 3), ("effektmaaling", 2)),
        reviewer="henrik",
        photo="maskiner",
    ),
    DemoEntry(
        "Orientering af beboerne om samdriften",
        "birthe",
        60,
        "milestone",
        "Milepæl 8: orienteringsbrev og opslag i opgangene; spørgetime i beboerhuset.",
        effect="social",
        participants=("birthe", "amina"),
        parties=("beboere", "boligsocial"),
        competences=(("beboerinddragelse", 2),),
        status="submitted",
    ),
    DemoEntry(
        "Udlejningens rolle i samdriften",
        "mikkel",
        30,
        "lesson",
        "Udlejningen skal vide, hvem der er kontaktperson ved indflytning i samdriften.",
        participants=("mikkel",),
        status="returned",
        reviewer="henrik",
        comment="Beskriv, hvad vi gør anderledes ved indflytningssyn.",
    ),
    DemoEntry(
        "Erfaringsgruppe: fælles vagtplan",
        "lars",
        14,
        "erfa",
        "Udkast til fælles vagtplan for weekender.",
        tool="Erfaringsgruppe",
        participants=("lars", "henrik"),
        status="draft",
    ),
]

NORDLYS_ENTRIES = [
    DemoEntry(
        "Programmøde om energirenovering",
        "anna",
        30,
        "milestone",
        "Vi gennemgik fremtidsanalysen og energimærkningen med afdelingsbestyrelsen.",
        guide="A3",
        status="submitted",
    ),
    DemoEntry(
        "Besigtigelse af tagene",
        "anna",
        12,
        "observation",
        "Tagene i række 3 er i dårligere stand end forventet.",
        status="draft",
    ),
]

ENTRIES = {FJORDPARKEN: FJORDPARKEN_ENTRIES, SOLYST: SOLYST_ENTRIES, STJERNEHUSENE: NORDLYS_ENTRIES}


# --- Photos and documents drawn in code ----------------------------------------------------

SCENES = {
    "stillads": ((150, 190, 225), (168, 120, 90), True),
    "facade": ((160, 200, 235), (225, 215, 195), False),
    "møde": ((235, 232, 225), (120, 140, 160), False),
    "erfa": ((240, 236, 228), (90, 130, 110), False),
    "kælder": ((70, 70, 80), (150, 130, 110), False),
    "maskiner": ((170, 205, 230), (200, 120, 40), False),
}


def _photo(scene: str) -> bytes:
    """A simple site picture: sky, a building with windows, scaffolding for some scenes."""
    sky, wall, scaffold = SCENES[scene]
    image = Image.new("RGB", (1600, 1200), sky)
    draw = ImageDraw.Draw(image)
    for y in range(0, 500, 4):  # a soft gradient towards the horizon
        shade = tuple(min(255, c + y // 12) for c in sky)
        draw.rectangle([0, y, 1600, y + 4], fill=shade)
    draw.rectangle([0, 950, 1600, 1200], fill=(110, 110, 100))
    draw.rectangle([200, 300, 1400, 950], fill=wall)
    for row in range(4):
        for column in range(8):
            x, y = 260 + column * 140, 350 + row * 140
            draw.rectangle([x, y, x + 80, y + 90], fill=(60, 80, 100), outline=(240, 240, 240))
    if scaffold:
        for x in range(180, 1440, 120):
            draw.line([x, 280, x, 950], fill=(90, 90, 90), width=8)
        for y in range(320, 950, 110):
            draw.line([180, y, 1420, y], fill=(90, 90, 90), width=6)
    sun = int(120 + 60 * math.sin(len(scene)))
    draw.ellipse([1300, 60, 1300 + sun, 60 + sun], fill=(250, 220, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _pdf(title: str) -> bytes:
    """A one-page PDF with the title as its text (valid enough for any reader)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


# --- Seeding --------------------------------------------------------------------------------


def _people() -> dict[str, User]:
    found = {key: User.objects.filter(email=email).first() for key, email in PEOPLE.items()}
    people = {key: person for key, person in found.items() if person is not None}
    if len(people) < len(found):
        from organisations import demo as organisations_demo

        organisations_demo.seed()
        people = {key: User.objects.get(email=email) for key, email in PEOPLE.items()}
    return people


def _project(spec: DemoProject, people: dict[str, User], today: date) -> BuildingProject:
    organisation = Organisation.objects.get(name=spec.organisation)
    project = BuildingProject.objects.filter(organisation=organisation, name=spec.name).first()
    if project is None:
        project = project_services.project_create(
            actor=people[spec.leader],
            organisation=organisation,
            name=spec.name,
            kind=spec.kind,
            phase=spec.phase,
            status="active",
            starts_on=today - timedelta(days=spec.starts_days_ago),
            address=spec.address,
            postcode=organisation.postcode,
            city=organisation.city,
            description=spec.description,
            departments=Department.objects.filter(
                organisation=organisation, number__in=spec.departments
            ),
            guides=Guide.objects.filter(code__in=spec.guides),
            # Where the organisation has a Læringspilen strategy (competencies demo), the
            # project is where that strategy's learning is applied.
            strategy=LearningStrategy.objects.current(today.year)
            .filter(organisation=organisation)
            .first(),
        )
    leader = people[spec.leader]
    for role, organisation_name, name in spec.parties:
        if not project.parties.filter(role=role, name=name).exists():
            project_services.party_create(
                project=project,
                actor=leader,
                role=role,
                organisation=Organisation.objects.get(name=organisation_name)
                if organisation_name
                else None,
                name=name,
            )
    _members(project, spec, people, leader)
    return project


def _party(project: BuildingProject, name: str | None) -> ProjectParty | None:
    if name is None:
        return None
    return project.parties.filter(name=name).first()


def _members(
    project: BuildingProject, spec: DemoProject, people: dict[str, User], leader: User
) -> None:
    for key, party_name, is_leader in spec.members:
        if not project.members.filter(user=people[key]).exists():
            project_services.member_add(
                project=project,
                actor=leader,
                user=people[key],
                party=_party(project, party_name),
                is_leader=is_leader,
            )
    for key, party_name in spec.invited:
        person = people[key]
        if ProjectMember.objects.filter(project=project, user=person).exists():
            continue
        invitation = project_services.project_invitation_create(
            project=project,
            actor=leader,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            party=_party(project, party_name),
        )
        project_services.project_invitation_accept(token=invitation.token, user=person)


def _files(spec: DemoEntry) -> dict[str, Any]:
    files: dict[str, list[SimpleUploadedFile]] = {"photos": [], "documents": []}
    if spec.photo:
        name = f"{spec.photo}.jpg"
        files["photos"].append(SimpleUploadedFile(name, _photo(spec.photo), "image/jpeg"))
    if spec.document:
        files["documents"].append(
            SimpleUploadedFile(spec.document, _pdf(spec.document[:-4]), "application/pdf")
        )
    return files


def _entry(
    project: BuildingProject,
    spec: DemoEntry,
    people: dict[str, User],
    competences: dict[str, Competence],
    guides: dict[str, Guide],
    today: date,
) -> LogEntry:
    roles = set(spec.parties)
    return entry_services.log_entry_create(
        project=project,
        author=people[spec.author],
        occurred_on=today - timedelta(days=spec.days_ago),
        kind=spec.kind,
        title=spec.title,
        what_happened=spec.what_happened,
        what_we_learned=spec.learned,
        do_differently=spec.differently,
        guide=guides.get(spec.guide),
        tool=spec.tool,
        effect_category=spec.effect,
        participants=[people[key] for key in spec.participants],
        parties=[p for p in project.parties.all() if p.role in roles],
        competences=[CompetenceLevel(competences[code], level) for code, level in spec.competences],
        **_files(spec),
    )


def _workflow(entry: LogEntry, spec: DemoEntry, people: dict[str, User]) -> None:
    author = people[spec.author]
    if spec.status == "draft":
        return
    entry_services.log_entry_submit(entry=entry, actor=author)
    for key in spec.cosigners:
        entry_services.log_entry_cosign(entry=entry, actor=people[key])
    if spec.status == "returned":
        entry_services.log_entry_return(
            entry=entry, actor=people[spec.reviewer], comment=spec.comment
        )
    elif spec.status in ("approved", "revised"):
        entry_services.log_entry_approve(entry=entry, actor=people[spec.reviewer])
    if spec.status == "revised":
        _revise(entry, spec, author, people[spec.reviewer])


def _revise(entry: LogEntry, spec: DemoEntry, author: User, reviewer: User) -> None:
    """Revision 2: the figure was corrected after the final account for the half year."""
    entry = entry_services.log_entry_revise(entry=entry, actor=author)
    entry_services.log_entry_update(
        entry=entry,
        actor=author,
        occurred_on=entry.occurred_on,
        kind=entry.kind,
        title=entry.title,
        what_happened=entry.what_happened.replace("2,1 %", "2,4 %"),
        what_we_learned=entry.what_we_learned,
        do_differently="Tallene afstemmes med økonomiafdelingen, før de logges.",
        guide=entry.guide,
        tool=entry.tool,
        effect_category=entry.effect_category,
        participants=[p.user for p in entry.participants.select_related("user")],
        parties=list(entry.parties.all()),
        competences=[
            CompetenceLevel(row.competence, row.level)
            for row in entry.competences.select_related("competence")
        ],
        submit=True,
    )
    entry_services.log_entry_approve(
        entry=entry, actor=reviewer, comment="Rettet efter halvårsregnskabet."
    )


@transaction.atomic
def seed() -> list[BuildingProject]:
    """Create the demo projects, parties, members and learning logs; return the projects."""
    today = timezone.localdate()
    people = _people()
    competences = {c.code: c for c in Competence.objects.all()}
    guides = {g.code: g for g in Guide.objects.all()}
    projects = []
    for spec in PROJECTS:
        project = _project(spec, people, today)
        projects.append(project)
        for entry_spec in ENTRIES.get(spec.name, []):
            if LogEntry.objects.filter(project=project, title=entry_spec.title).exists():
                continue
            entry = _entry(project, entry_spec, people, competences, guides, today)
            _workflow(entry, entry_spec, people)
    return projects


__all__ = ["ENTRIES", "FJORDPARKEN", "PROJECTS", "SOLYST", "STJERNEHUSENE", "seed"]
