"""The network's fillable tools (værktøjer), in the source documents' own words.

- the samdrift drejebog's bilag 1–5 (seed 002: oplæg om muligheder og udfordringer,
  interessentanalyse, forslag til samdriftsmodel, aftale om samdrift, implementeringsplan);
- one tool of each of the four kinds AlmenVejledning A5 names (seed 001: organisations-,
  styrings-, dokumentations- og evalueringsværktøjer);
- the forankringsanalyse the Forankringsguiden implies (seed 004);
- the funktion × partner-matrix of "Sæt et godt hold" (seed 003);
- the evaluation a trial course's (prøvehold) participants fill in (seed 001, fase 4–5).

The pixi version of the drejebog names the bilag but does not print them; their questions are
taken from what the milestones say the bilag are used for.
"""

from __future__ import annotations

from processes.content.spec import ToolSpec, checklist, choice, matrix, scale, table, text

SAMDRIFT_SOURCE = "Samdrift mellem almene boligafdelinger – en drejebog for praktikere"

OPLAEG = ToolSpec(
    slug="samdrift-oplaeg-muligheder-udfordringer",
    title="Oplæg om muligheder og udfordringer ved samdrift",
    kind="process",
    source=f"{SAMDRIFT_SOURCE}, bilag 1",
    introduction=(
        "Projektlederen udarbejder oplægget i 2. milepæl. Den driftsansvarlige og den "
        "administrative ledelse drøfter og godkender det, så der er grundlag for, at samdriften "
        "kan godkendes."
    ),
    fields=(
        text(
            "afdelinger",
            "Hvilke boligafdelinger drejer det sig om?",
            multiline=False,
            required=True,
        ),
        text(
            "vilkaar",
            "Vilkår for samdrift i boligorganisationen",
            help_text=(
                "Politikker, strategier, holdninger, kultur mv. – de skrevne og uskrevne regler, "
                "som gælder for samdrift i boligorganisationen."
            ),
        ),
        choice(
            "maal",
            "Hvad er det overordnede mål?",
            ("Billiggøre driften", "Højne beboerservicen"),
            multiple=True,
        ),
        text(
            "beboervalgte",
            "De beboervalgtes ønsker til og interesser i samdriften",
        ),
        table(
            "muligheder",
            "Muligheder og udfordringer",
            ("Emne", "Muligheder", "Udfordringer"),
            rows=6,
        ),
        text(
            "indstilling",
            "Indstilling til den driftsansvarlige og den administrative ledelse",
        ),
    ),
)

INTERESSENTANALYSE = ToolSpec(
    slug="samdrift-interessentanalyse",
    title="Interessentanalyse",
    kind="process",
    source=f"{SAMDRIFT_SOURCE}, bilag 2",
    introduction=(
        "Indgår i analysen af mulighederne og udfordringerne ved samdrift i 3. milepæl. "
        "De primære interessenter er beboere, beboervalgte, den driftsansvarlige, den "
        "administrative ledelse, den lokale drift og leverandører."
    ),
    fields=(
        table(
            "interessenter",
            "Interessenter",
            ("Interessent", "Interesse i samdriften", "Indflydelse", "Hvordan inddrages"),
            rows=8,
            help_text=(
                "Én række pr. interessent. Indflydelse kan fx angives som stor, middel eller lille."
            ),
            required=True,
        ),
        text(
            "betydning",
            "Hvad betyder analysen for forslaget til samdriftsmodel?",
        ),
    ),
)

SAMDRIFTSMODEL = ToolSpec(
    slug="samdrift-forslag-samdriftsmodel",
    title="Forslag til samdriftsmodel",
    kind="process",
    source=f"{SAMDRIFT_SOURCE}, bilag 3",
    introduction=(
        "Udarbejdes i 3. milepæl på baggrund af analysen af muligheder og udfordringer og "
        "præsenteres for den administrative ledelse med henblik på godkendelse."
    ),
    fields=(
        text("afdelinger", "Deltagende boligafdelinger", multiline=False, required=True),
        table(
            "opgaver",
            "Hvilke opgaver er fælles, og hvilke løses fortsat i hver boligafdeling?",
            ("Opgave", "Fælles i samdriften eller i boligafdelingen", "Bemærkning"),
            rows=8,
        ),
        text(
            "maal",
            "Mål for samdriften",
            help_text="Realistiske, konkrete mål for, hvad I vil opnå med samdriften.",
        ),
        text("fordelingsnoegle", "Fordelingsnøgle(r)"),
        text(
            "driftsledelse",
            "Kompetencer og ressourcer i den lokale driftsledelse",
        ),
    ),
)

AFTALE = ToolSpec(
    slug="samdrift-aftale",
    title="Aftale om samdrift",
    kind="process",
    source=f"{SAMDRIFT_SOURCE}, bilag 4",
    introduction=(
        "Aftalen mellem de deltagende boligafdelinger udarbejdes i 6. milepæl og tiltrædes af "
        "de involverede beboervalgte. Den underskrevne aftale kan lægges på milepælen som "
        "dokument."
    ),
    fields=(
        text("parter", "Parter i aftalen", help_text="De deltagende boligafdelinger."),
        table(
            "opgaver",
            "Fælles opgaver og opgaver i hver boligafdeling",
            ("Opgave", "Fælles eller i hver boligafdeling", "Ansvarlig"),
            rows=8,
        ),
        text("maal", "Mål for samdriften"),
        text("fordelingsnoegle", "Fordelingsnøgle(r)"),
        text(
            "opfoelgning",
            "Opfølgning og justering",
            help_text="Hvornår følges der op på målene, og hvordan justeres aftalen?",
        ),
        table(
            "tiltraedelse",
            "Tiltrædelse",
            ("Boligafdeling", "Tiltrådt af afdelingsbestyrelsen den", "Underskrevet af"),
            rows=4,
        ),
    ),
)

IMPLEMENTERINGSPLAN = ToolSpec(
    slug="samdrift-implementeringsplan",
    title="Implementeringsplan",
    kind="process",
    source=f"{SAMDRIFT_SOURCE}, bilag 5",
    introduction=(
        "Planen for gennemførelse af aktiviteterne i aftalen om samdrift, lagt i 7. milepæl, "
        "med etableringsaktiviteterne oplistet. I 10. milepæl følges der op på den."
    ),
    fields=(
        table(
            "aktiviteter",
            "Etableringsaktiviteter",
            ("Aktivitet", "Ansvarlig", "Frist", "Status"),
            rows=10,
            required=True,
        ),
        checklist(
            "orientering",
            "Orientering og markering",
            (
                "De interessenter, der skal orienteres, er udvalgt",
                "Orienteringsmaterialet er udarbejdet og distribueret",
                "Samdriftens opstart er markeret",
            ),
        ),
        text(
            "opfoelgning",
            "Opfølgning på mål",
            help_text="Er målene nået, og er fordelingsnøglen/erne retvisende?",
        ),
    ),
)

A5_SOURCE = "AlmenVejledning A5: Den boligsociale helhedsplan II – implementering og forankring"

ORGANISATIONSDIAGRAM = ToolSpec(
    slug="a5-organisationsdiagram",
    title="Organisationsdiagram for helhedsplanen",
    kind="organisational",
    source=A5_SOURCE,
    introduction=(
        "Et organisatorisk værktøj: beskriv, hvordan implementeringen af helhedsplanen er "
        "organiseret, og hvem der træffer hvilke beslutninger. Helhedsplanen er et fælles "
        "projekt mellem boligorganisationen og kommunen."
    ),
    fields=(
        table(
            "organer",
            "Organisering",
            ("Organ", "Medlemmer", "Træffer beslutning om", "Mødes"),
            rows=5,
            help_text="Fx styregruppe, projektgruppe og lokale arbejdsgrupper.",
        ),
        text(
            "ansvar",
            "Hvem har det daglige, faglige ansvar for realiseringen af helhedsplanen?",
        ),
        text("kommune", "Hvordan samarbejder boligorganisationen og kommunen?"),
    ),
)

STYRINGSARK = ToolSpec(
    slug="a5-styringsark",
    title="Styringsark for indsatser",
    kind="steering",
    source=A5_SOURCE,
    introduction=(
        "Et styringsværktøj: ét ark pr. indsats med mål, milepæle, ansvarlig og status, der "
        "opdateres til hvert styregruppemøde."
    ),
    fields=(
        text("indsats", "Indsats", multiline=False, required=True),
        text("maal", "Mål"),
        table("milepaele", "Milepæle", ("Milepæl", "Ansvarlig", "Frist", "Status"), rows=6),
        choice(
            "status",
            "Samlet status",
            ("Følger planen", "Forsinket", "Kræver beslutning i styregruppen"),
        ),
        text("styregruppe", "Til styregruppens næste møde"),
    ),
)

AKTIVITETSLOG = ToolSpec(
    slug="a5-aktivitetslog",
    title="Aktivitetslog",
    kind="documentation",
    source=A5_SOURCE,
    introduction=(
        "Et dokumentationsværktøj: registrér aktiviteter, deltagere og resultater løbende, så "
        "de kan bruges i styringen og evalueringen."
    ),
    fields=(
        table(
            "aktiviteter",
            "Aktiviteter",
            ("Dato", "Aktivitet", "Deltagere", "Resultat"),
            rows=10,
        ),
        text("viser", "Hvad viser dokumentationen indtil nu?"),
    ),
)

EVALUERINGSGUIDE = ToolSpec(
    slug="a5-evalueringsguide",
    title="Evalueringsguide",
    kind="evaluation",
    source=A5_SOURCE,
    introduction=(
        "Et evalueringsværktøj: spørgeguide til midtvejs- og slutevaluering med beboere, "
        "frivillige og samarbejdspartnere."
    ),
    fields=(
        choice("type", "Evaluering", ("Midtvejsevaluering", "Slutevaluering"), required=True),
        text(
            "spurgt", "Hvem er spurgt?", help_text="Fx beboere, frivillige og samarbejdspartnere."
        ),
        scale(
            "maal",
            "I hvilken grad er indsatsens mål nået?",
            low_label="Slet ikke",
            high_label="Helt",
        ),
        text("virket", "Hvad har virket?"),
        text("aendres", "Hvad skal ændres?"),
        text(
            "videre",
            "Argumenter for at videreføre og forankre indsatsen",
            help_text="Hvad viser, at det kan betale sig at videreføre indsatsen?",
        ),
    ),
)

FORANKRINGSANALYSE = ToolSpec(
    slug="forankringsanalyse",
    title="Forankringsanalyse",
    kind="process",
    source="Forankringsguiden – fra projekt til drift",
    introduction=(
        "Forankring bør formuleres som projektets vigtigste succeskriterie. Analysen kortlægger "
        "de lokale ressourcer og vurderer, hvem der i projektafslutningen kan forventes at "
        "påtage sig ansvaret for den varige forankring."
    ),
    fields=(
        text(
            "ressourcer",
            "Lokale ressourcer",
            help_text="Hvilke lokale ressourcer, traditioner og ønsker kan projektet bygge på?",
        ),
        text(
            "lederskab",
            "Hvem kan påtage sig det lokale lederskab – og med hvilke kompetencer?",
        ),
        choice(
            "modeller",
            "Hvilke forankringsmodeller er i spil?",
            ("Civilsamfund", "Kommune", "Marked", "Partnerskab"),
            multiple=True,
        ),
        checklist(
            "metode",
            "Forankringsmetode",
            (
                "Vi har vurderet, om tempoet er for højt og skal sættes ned",
                "Vi har vurderet, om et mindre professionelt slutprodukt er mere realistisk at "
                "vedligeholde uden professionelle kræfter",
                "Vi har vurderet, om forankringen vil kræve finansiering af fuldtidsansatte",
                "Aktiviteternes succes vurderes ud fra forankringskriterier",
            ),
        ),
        text(
            "uafklaret",
            "Uafklarede spørgsmål",
            help_text="Økonomi, kompetenceudvikling, fysiske faciliteter og ledelse.",
        ),
    ),
)

FUNKTION_PARTNER = ToolSpec(
    slug="funktion-partner-matrix",
    title="Funktion × partner-matrix",
    kind="organisational",
    source="Himmerland Boligforening, ERFA-møde: Integration af fysiske og sociale indsatser",
    introduction=(
        "Fra erfaringsgruppernes øvelser: skriv for hver funktion på holdet, hvilke "
        "myndigheder, foreninger, institutioner og beboernetværk den samarbejder med. Der er "
        "overraskende mange fælles snitflader."
    ),
    fields=(
        matrix(
            "matrix",
            "Hvem samarbejder med hvem?",
            ("Boligsocial", "Drift", "Byggeteknisk", "Genhusning", "Udlejning"),
            ("Myndigheder", "Foreninger", "Institutioner", "Beboernetværk"),
            help_text="Skriv navne på samarbejdspartnere og hvem på holdet, der har kontakten.",
        ),
        text(
            "aftaler",
            "Hvad kan vi sammen?",
            help_text=(
                "Aftaler på tværs, fx om genhusning, fællesarealer, beboerdemokrati og "
                "eksterne aktører."
            ),
        ),
    ),
)

PROEVEHOLD = ToolSpec(
    slug="evaluering-af-proevehold",
    title="Evaluering af prøvehold",
    kind="evaluation",
    source=f"{A5_SOURCE}: prøvekursus og tilretning af kursuskonceptet",
    introduction=(
        "Deltagernes evaluering af et prøvehold. Svarene bruges til at tilrette det endelige "
        "kursuskoncept."
    ),
    fields=(
        scale(
            "udbytte",
            "Hvilket udbytte har du haft af kurset?",
            low_label="Intet udbytte",
            high_label="Stort udbytte",
            required=True,
        ),
        scale(
            "relevans",
            "Hvor relevant er kurset for din egen praksis?",
            low_label="Ikke relevant",
            high_label="Meget relevant",
            required=True,
        ),
        choice("tempo", "Hvordan var tempoet?", ("For langsomt", "Passende", "For hurtigt")),
        text("virkede", "Hvad virkede?"),
        text("aendres", "Hvad skal ændres?"),
    ),
)

TOOLS: tuple[ToolSpec, ...] = (
    OPLAEG,
    INTERESSENTANALYSE,
    SAMDRIFTSMODEL,
    AFTALE,
    IMPLEMENTERINGSPLAN,
    ORGANISATIONSDIAGRAM,
    STYRINGSARK,
    AKTIVITETSLOG,
    EVALUERINGSGUIDE,
    FORANKRINGSANALYSE,
    FUNKTION_PARTNER,
    PROEVEHOLD,
)
