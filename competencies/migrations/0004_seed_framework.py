"""The network's competence framework, guide links, default role profiles and Læringspilen stages.

Drawn from the source documents: the five A-guides (000, 001), samdrift (002), cross-disciplinary
collaboration and erfaringsgrupper (003), anchoring and volunteer leadership (004) and leading
learning on a building project (000, Aktivitet 3). Network editors maintain it afterwards in the
Wagtail admin; this migration only creates what is missing.
"""

from django.db import migrations

AREAS = [
    ("beboerdemokrati", "Beboerdemokrati og inddragelse", "Beboernes indflydelse og engagement i afdelingens udvikling.", 1),
    ("planlaegning", "Planlægning og program", "Den indledende planlægnings- og programfase for fremtidssikring af bebyggelser.", 2),
    ("boligsocialt", "Boligsocialt arbejde og forankring", "Boligsociale helhedsplaner, implementering og forankring fra projekt til drift.", 3),
    ("drift", "Drift og samdrift", "Drift af afdelingerne, samdrift og driftens rolle under renovering.", 4),
    ("samarbejde", "Tværfagligt samarbejde", "Samarbejde mellem byg, drift, boligsocial og udlejning om det samme boligområde.", 5),
    ("byggeri", "Læring og effekt på byggeriet", "En skole på byggepladsen: læring, parter og målbar effekt på byggesagen.", 6),
]

# code, area, name, description, (level 1, level 2, level 3, level 4)
COMPETENCES = [
    (
        "beboerdemokratisk-proces", "beboerdemokrati", "Beboerdemokratisk proces",
        "At tilrettelægge og lede processen fra de første idéer til beslutningen på afdelingsmødet (A1).",
        (
            "Kender beboerdemokratiets organer og beslutningsgange.",
            "Forstår, hvordan en fornyelsesproces skal tilrettelægges, så beboerne får reel indflydelse.",
            "Planlægger og gennemfører en beboerdemokratisk proces i en konkret afdeling.",
            "Leder komplekse processer og underviser kolleger og beboervalgte i A1.",
        ),
    ),
    (
        "beboerinddragelse", "beboerdemokrati", "Inddragelse af beboere og frivillige",
        "At inddrage beboere, beboernetværk og frivillige i afdelingens aktiviteter og udvikling.",
        (
            "Kender afdelingens beboernetværk, foreninger og frivillige.",
            "Forstår, hvad der motiverer beboere til at deltage, og hvad der holder dem væk.",
            "Gennemfører dialogmøder og temadage, der inddrager beboerne.",
            "Opbygger varige inddragelsesformer og vejleder andre i dem.",
        ),
    ),
    (
        "helhedsplanlaegning", "planlaegning", "Helhedsplanlægning",
        "At se fysiske, sociale og økonomiske indsatser samlet i en helhedsplan (A2).",
        (
            "Kender helhedsplanens formål og hovedelementer.",
            "Forstår sammenhængen mellem fysiske, sociale og økonomiske indsatser.",
            "Udarbejder en helhedsplan og et program for en afdeling.",
            "Leder helhedsplanlægning på tværs af afdelinger og underviser i A2.",
        ),
    ),
    (
        "fremtidsanalyse", "planlaegning", "Fremtidsanalyse",
        "At analysere en bebyggelses fremtid som grundlag for strategiske beslutninger (A3).",
        (
            "Kender fremtidsanalysens indhold: udlejning, beboere, bygninger og boligmarked.",
            "Forstår, hvordan analysen fører til strategiske valg for afdelingen.",
            "Gennemfører en fremtidsanalyse og bruger den i planlægningen.",
            "Leder fremtidsanalyser for organisationen og underviser i A3.",
        ),
    ),
    (
        "boligsocial-helhedsplan", "boligsocialt", "Den boligsociale helhedsplan",
        "At planlægge en boligsocial helhedsplan gennem de fire faser (A4).",
        (
            "Kender den boligsociale helhedsplans fire faser.",
            "Forstår samspillet mellem boligorganisation, kommune og lokale aktører.",
            "Udarbejder og styrer en boligsocial helhedsplan.",
            "Leder flere helhedsplaner og underviser i A4.",
        ),
    ),
    (
        "implementering-forankring", "boligsocialt", "Implementering og forankring",
        "At føre en helhedsplan ud i livet og forankre den fra projekt til drift (A5, Forankringsguiden).",
        (
            "Kender forankringsstrategi, -metode og -plan.",
            "Forstår forankringsmodellerne: civilsamfund, kommune, marked og partnerskab.",
            "Udarbejder en forankringsplan og bruger styrings-, dokumentations- og evalueringsværktøjer.",
            "Leder forankringen på tværs af projekter og underviser i A5.",
        ),
    ),
    (
        "frivilligledelse", "boligsocialt", "Frivilligledelse og rolleskift",
        "At støtte rolleskift som frivillig → koordinator og beboerdemokrat → frivilligleder (Forankringsguiden).",
        (
            "Kender de roller, frivillige og beboervalgte kan få, når et projekt slutter.",
            "Forstår, hvad et rolleskift kræver af den enkelte og af organisationen.",
            "Koordinerer frivillige og understøtter nye frivilligledere.",
            "Opbygger lokale læringsforløb for frivillige og underviser i dem.",
        ),
    ),
    (
        "samdrift", "drift", "Samdrift mellem afdelinger",
        "At etablere samdrift gennem faserne forarbejde, udvikling og etablering (drejebogen for samdrift).",
        (
            "Kender drejebogens tre faser og tolv milepæle.",
            "Forstår gevinster og risici ved samdrift for beboere og medarbejdere.",
            "Deltager aktivt i at planlægge og etablere samdrift.",
            "Leder en samdriftsproces og rådgiver andre afdelinger.",
        ),
    ),
    (
        "forebyggende-drift", "drift", "Drift under renovering og forebyggelse",
        "Driftens rolle før, under og efter en renovering — fra vicevært til forebygger.",
        (
            "Kender renoveringens faser og driftens opgaver i dem.",
            "Forstår, hvordan driften kan forebygge problemer og støtte beboerne under byggeriet.",
            "Planlægger driften under renovering og bidrager til projekteringen.",
            "Leder driftens indsats i store byggesager og lærer andre op.",
        ),
    ),
    (
        "tvaerfagligt-samarbejde", "samarbejde", "Tværfagligt samarbejde",
        "At integrere fysiske og sociale indsatser: byg, drift, boligsocial, genhusning og udlejning.",
        (
            "Kender de andre fagligheders opgaver i boligområdet.",
            "Forstår, hvor fagligheder kan skabe synergi, og hvor de støder sammen.",
            "Indgår aftaler på tværs om genhusning, fællesarealer og beboerdemokrati.",
            "Leder tværfagligt samarbejde og sætter et godt hold.",
        ),
    ),
    (
        "erfaringsgrupper", "samarbejde", "Erfaringsgrupper",
        "At bruge erfaringsgrupper, så medarbejdere i samme boligområde aftaler, hvordan de arbejder sammen.",
        (
            "Kender erfaringsgruppen som værktøj.",
            "Forstår, hvad gruppen skal afklare: hvad kan de andre, hvad er min funktion, hvad kan vi sammen.",
            "Deltager i og bidrager til erfaringsgruppemøder.",
            "Leder erfaringsgrupper som et ledelsesansvar.",
        ),
    ),
    (
        "laering-paa-byggepladsen", "byggeri", "Ledelse af læring på byggeriet",
        "En skole på byggepladsen: projektlederen har ansvaret for læringen og inddrager de centrale parter.",
        (
            "Kender idéen om en skole på byggepladsen.",
            "Forstår projektlederens læringsansvar og hvordan læring giver parterne en gevinst.",
            "Fører læringslog, holder læringsmøder og bruger vejledningerne på byggesagen.",
            "Leder læring på flere byggerier og deler erfaringer i netværket af lærende projektledere.",
        ),
    ),
    (
        "partsinddragelse", "byggeri", "Samarbejde med byggeriets parter",
        "At inddrage bygherre, rådgivere, entreprenører, drift, beboere og kommune på byggesagen.",
        (
            "Kender byggeriets parter og deres roller.",
            "Forstår parternes interesser og hvordan de kan bringes i spil.",
            "Inddrager parterne aktivt i planlægning og læring på byggesagen.",
            "Leder partnerskaber og skaber en fælles lærings- og udviklingskultur.",
        ),
    ),
    (
        "effektmaaling", "byggeri", "Effektmåling",
        "At måle effekten på sociale rammer, det fysiske byggeri, økonomien og byggeprocessen.",
        (
            "Kender de fire effektområder.",
            "Forstår, hvordan effektmål, baseline og mål hænger sammen.",
            "Opstiller effektmål og følger op med målinger.",
            "Leder effektmåling på tværs af projekter og formidler resultaterne.",
        ),
    ),
]

GUIDE_LINKS = {
    "A1": [("beboerdemokratisk-proces", 3), ("beboerinddragelse", 2)],
    "A2": [("helhedsplanlaegning", 3), ("fremtidsanalyse", 1)],
    "A3": [("fremtidsanalyse", 3), ("helhedsplanlaegning", 2)],
    "A4": [("boligsocial-helhedsplan", 3), ("tvaerfagligt-samarbejde", 2)],
    "A5": [("implementering-forankring", 3), ("boligsocial-helhedsplan", 2), ("effektmaaling", 2)],
}

ROLE_PROFILES = {
    "projektleder": [
        ("fremtidsanalyse", 3), ("helhedsplanlaegning", 3), ("beboerdemokratisk-proces", 2),
        ("laering-paa-byggepladsen", 3), ("partsinddragelse", 3), ("effektmaaling", 2),
        ("tvaerfagligt-samarbejde", 2),
    ],
    "driftschef": [
        ("samdrift", 3), ("forebyggende-drift", 3), ("erfaringsgrupper", 3),
        ("beboerinddragelse", 2), ("tvaerfagligt-samarbejde", 2), ("helhedsplanlaegning", 1),
    ],
    "ejendomsfunktionaer": [
        ("forebyggende-drift", 2), ("beboerinddragelse", 1), ("samdrift", 1),
        ("erfaringsgrupper", 1),
    ],
    "boligsocial-medarbejder": [
        ("boligsocial-helhedsplan", 3), ("implementering-forankring", 3), ("frivilligledelse", 2),
        ("tvaerfagligt-samarbejde", 3), ("beboerinddragelse", 2),
    ],
    "udlejningsmedarbejder": [("tvaerfagligt-samarbejde", 2), ("erfaringsgrupper", 1), ("fremtidsanalyse", 1)],
    "administrativ-medarbejder": [("helhedsplanlaegning", 1), ("fremtidsanalyse", 1)],
    "beboervalgt": [("beboerdemokratisk-proces", 2), ("fremtidsanalyse", 1), ("beboerinddragelse", 1)],
    "frivillig": [("frivilligledelse", 1), ("beboerinddragelse", 1)],
}

STAGES = [
    ("Behov", "Afdæk kompetencebehovet: hvad skal organisationen og målgruppen kunne?"),
    ("Mål", "Formulér mål for kompetencen og for effekten."),
    ("Læring", "Kurser, selvstudium i vejledningerne og læring i netværk."),
    ("Anvendelse", "Den nye viden bruges i praksis – på byggesagen og i driften."),
    ("Effekt", "Effekten måles: sociale rammer, fysisk byggeri, økonomi og byggeproces."),
]


def seed(apps, schema_editor):
    CompetenceArea = apps.get_model("competencies", "CompetenceArea")
    Competence = apps.get_model("competencies", "Competence")
    Guide = apps.get_model("competencies", "Guide")
    GuideCompetence = apps.get_model("competencies", "GuideCompetence")
    RoleProfile = apps.get_model("competencies", "RoleProfile")
    Requirement = apps.get_model("competencies", "RoleProfileRequirement")
    LearningStage = apps.get_model("competencies", "LearningStage")
    JobFunction = apps.get_model("organisations", "JobFunction")

    areas = {}
    for code, name, description, order in AREAS:
        areas[code], _ = CompetenceArea.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order}
        )
    competences = {}
    for order, (code, area, name, description, levels) in enumerate(COMPETENCES, start=1):
        competences[code], _ = Competence.objects.get_or_create(
            code=code,
            defaults={
                "area": areas[area], "name": name, "description": description, "sort_order": order,
                "level_1": levels[0], "level_2": levels[1], "level_3": levels[2], "level_4": levels[3],
            },
        )
    for guide_code, links in GUIDE_LINKS.items():
        guide = Guide.objects.filter(code=guide_code).first()
        if guide is None:
            continue
        for code, level in links:
            GuideCompetence.objects.get_or_create(
                guide=guide, competence=competences[code], defaults={"level": level}
            )
    for job_code, lines in ROLE_PROFILES.items():
        job_function = JobFunction.objects.filter(code=job_code).first()
        if job_function is None:
            continue
        profile, _ = RoleProfile.objects.get_or_create(job_function=job_function, organisation=None)
        for code, level in lines:
            Requirement.objects.get_or_create(
                profile=profile, competence=competences[code], defaults={"required_level": level}
            )
    for order, (name, description) in enumerate(STAGES, start=1):
        LearningStage.objects.get_or_create(
            name=name, defaults={"description": description, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0003_framework_evidence_plans_strategies"),
        ("organisations", "0002_seed_job_functions"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
