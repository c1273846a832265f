"""Drejebog: Samdrift mellem almene boligafdelinger (seed 002, the pixi version).

Three phases and all 12 milestones with their purpose in the drejebog's words, who does what
(the drejebog's roles: projektlederen, den driftsansvarlige, den administrative ledelse, de
beboervalgte, den lokale drift), the practitioners' quotes as each milestone's advice, the bilag
where the drejebog uses them, and the project leader's five pieces of advice. The drejebog
gives no time frame, so the milestones carry no suggested due dates: the process's leaders set
them.
"""

from __future__ import annotations

from processes.content.spec import MilestoneSpec, PhaseSpec, TemplateSpec
from processes.content.tools import (
    AFTALE,
    IMPLEMENTERINGSPLAN,
    INTERESSENTANALYSE,
    OPLAEG,
    SAMDRIFTSMODEL,
)

PL, ADM, DRIFTSANSVARLIG, BEBOERVALGTE, LOKAL_DRIFT = (
    "projektleder",
    "administrativ-ledelse",
    "driftsansvarlig",
    "beboervalgte",
    "lokal-drift",
)
FSB = "fsb"


def _quote(text: str, who: str) -> str:
    return f"»{text}« – {who}"


FORARBEJDE = PhaseSpec(
    title="Forarbejde",
    description=(
        "Forarbejdsfasen har fokus på undersøgelse, analyse og klargøring af indholdet i "
        "samdrift. Samtidig undersøges det, hvad de beboervalgte har af ønsker til og interesser "
        "i en fremtidig samdrift. Udgangspunktet er de vilkår for samdrift, der gælder i "
        "boligorganisationen, og det overordnede mål er at billiggøre driften og/eller højne "
        "beboerservicen."
    ),
    milestones=(
        MilestoneSpec(
            title="Opstart af projekt og afklaring af vilkår for samdrift i boligorganisationen",
            purpose=(
                "Milepælen skal sikre, at arbejdet organiseres og sker i overensstemmelse med "
                "vilkår for samdrift i boligorganisationen."
            ),
            done_when=(
                "Der er udpeget en projektleder, og de organisatoriske og kulturelle præmisser "
                "for samdrift i boligorganisationen er afklaret."
            ),
            tasks=(
                (PL, "Udpeges som projektleder og styrer processen gennem resten af forløbet."),
                (
                    PL,
                    "Afklarer de organisatoriske og kulturelle præmisser for samdrift i "
                    "boligorganisationen (politikker, strategier, holdninger, kultur mv.).",
                ),
            ),
            advice=_quote(
                "En rigtig god måde at forberede sig på den modstand etablering af samdrift kan "
                "medføre, er først at prøve at danne sig et overblik over de skrevne og "
                "uskrevne regler, som generelt gælder for samdrift i boligorganisationen.",
                f"Henrik Grønlund, driftschef, {FSB}",
            ),
            competences=("samdrift",),
        ),
        MilestoneSpec(
            title="Godkendelse af oplæg om muligheder og udfordringer ved samdrift",
            purpose=(
                "Milepælen skal sikre, at der er grundlag for at samdriften kan godkendes af den "
                "administrative ledelse."
            ),
            done_when=(
                "De beboervalgtes ønsker til og interesser i samdriften er vurderet, og oplægget "
                "om muligheder og udfordringer ved samdrift er drøftet og godkendt af den "
                "driftsansvarlige og den administrative ledelse."
            ),
            tasks=(
                (BEBOERVALGTE, "Giver deres ønsker til og interesser i samdriften til kende."),
                (PL, "Vurderer de beboervalgtes ønsker til og interesser i samdriften."),
                (PL, "Udarbejder et oplæg om muligheder og udfordringer ved samdrift (bilag 1)."),
                (DRIFTSANSVARLIG, "Drøfter og godkender oplægget."),
                (ADM, "Drøfter og godkender oplægget."),
            ),
            advice=_quote(
                "Når beslutningstagere skal beslutte hvorvidt, og ikke mindst hvordan, man skal "
                "gå videre med samdriften, er det helt centralt, at de er klædt ordentligt på til "
                "at kunne gøre det. En grundig plan på baggrund af et oplyst grundlag, er derfor "
                "– efter min mening – den eneste rigtige måde at starte på.",
                f"Anja Kepinska Meleschko, sektionschef, {FSB}",
            ),
            competences=("samdrift", "beboerinddragelse"),
            tools=(OPLAEG.slug,),
        ),
        MilestoneSpec(
            title="Godkendelse af forslag til samdriftsmodel og mål",
            purpose=(
                "Milepælen skal sikre, at mulighederne og udfordringerne ved samdrift er "
                "analyseret, og at resultaterne danner grundlag for indholdet i den "
                "samdriftsmodel, der udvikles."
            ),
            done_when=(
                "Analysen af muligheder og udfordringer – herunder interessentanalysen – er "
                "lavet, og den administrative ledelse har godkendt forslaget til samdriftsmodel "
                "og mål."
            ),
            tasks=(
                (
                    PL,
                    "Udarbejder en analyse af mulighederne og udfordringerne ved samdrift, "
                    "herunder en interessentanalyse (bilag 2).",
                ),
                (
                    PL,
                    "Udarbejder på baggrund af analysen et forslag til samdriftsmodel (bilag 3) "
                    "og præsenterer det for den administrative ledelse.",
                ),
                (ADM, "Godkender forslaget til samdriftsmodel og mål."),
            ),
            advice=_quote(
                "Det gør arbejdet med samdriften meget smidigere og mere effektivt, når man i "
                "forberedelsen har fået beskrevet, hvad samarbejdet skal handle om og sat nogle "
                "konkrete mål for, hvad man vil opnå med samdriften.",
                f"Mona Bojko, driftschef, {FSB}",
            ),
            competences=("samdrift",),
            tools=(INTERESSENTANALYSE.slug, SAMDRIFTSMODEL.slug),
        ),
        MilestoneSpec(
            title="Udarbejdelse af plan for inddragelse af beboervalgte og den lokale drift",
            purpose=(
                "Denne sidste milepæl i forarbejdsfasen skal sikre, at man er klar til at "
                "igangsætte udviklingsfasen."
            ),
            done_when=(
                "Der er en plan for opnåelse af forståelse for og accept af samdriften hos "
                "beboervalgte og den lokale drift."
            ),
            tasks=(
                (
                    PL,
                    "Udarbejder en plan for opnåelse af forståelse for og accept af samdriften "
                    "hos beboervalgte og den lokale drift.",
                ),
            ),
            advice=_quote(
                "Det er vigtigt at få afsat tid til at få både afdelingsbestyrelserne og de "
                "lokale medarbejdere med i tilrettelæggelsen af samdriften, da det trods alt er "
                "deres hverdag og arbejdsliv, det handler om.",
                f"Mona Bojko, driftschef, {FSB}",
            ),
            competences=("samdrift", "beboerinddragelse"),
        ),
    ),
)

UDVIKLING = PhaseSpec(
    title="Udvikling",
    description=(
        "Udviklingsfasen har fokus på at skabe opbakning og ejerskab til samdriften hos både "
        "beboervalgte og medarbejdere samt opnå accept fra de beboervalgte til igangsætningen. "
        "Samtidig planlægges, hvorledes etableringen af samdriften skal foregå."
    ),
    milestones=(
        MilestoneSpec(
            title="Inddragelse af beboervalgte og den lokale drift",
            purpose=(
                "Milepælen skal sikre, at der skabes opbakning, ejerskab og accept af etablering "
                "af samdriften hos beboervalgte og den lokale drift."
            ),
            done_when=(
                "Beboervalgte og den lokale drift er inddraget via dialog om udviklingsprocessen "
                "og forslaget til samdriftsmodel, eventuelle tilretninger er foretaget, og det "
                "er vurderet, om de beboervalgte vil kunne tiltræde samdriften."
            ),
            tasks=(
                (
                    PL,
                    "Inddrager beboervalgte og den lokale drift via dialog om "
                    "udviklingsprocessen og forslaget til samdriftsmodel.",
                ),
                (BEBOERVALGTE, "Deltager i dialogen om forslaget til samdriftsmodel."),
                (LOKAL_DRIFT, "Deltager i dialogen om forslaget til samdriftsmodel."),
                (
                    PL,
                    "Foretager eventuelle tilretninger og vurderer, hvorvidt de beboervalgte vil "
                    "kunne tiltræde samdriften.",
                ),
            ),
            advice=_quote(
                "Det er vigtigt at inddrage både afdelingsbestyrelserne og medarbejdere for at "
                "skabe en fælles forståelse for samdriften – det styrker sammenholdet og giver "
                "en fælles tilfredsstillelse, når det lykkes.",
                f"Søren Østergaard, driftschef, {FSB}",
            ),
            competences=("samdrift", "beboerinddragelse"),
        ),
        MilestoneSpec(
            title="Tiltrædelse af aftale om samdrift mellem boligafdelinger",
            purpose=(
                "Milepælen skal sikre, at boligafdelingerne forpligter sig til at indgå i "
                "samdriften på baggrund af den udviklede samdriftsmodel."
            ),
            done_when=(
                "Aftalen for samdriften mellem de deltagende boligafdelinger er udarbejdet og "
                "tiltrådt af de involverede beboervalgte."
            ),
            tasks=(
                (
                    PL,
                    "Udarbejder en aftale for samdriften mellem de deltagende boligafdelinger "
                    "(bilag 4).",
                ),
                (BEBOERVALGTE, "Tiltræder aftalen for at sikre ejerskab og opbakning."),
            ),
            advice=_quote(
                "En skriftlig aftale mellem de involverede boligafdelinger i samdriften er alfa "
                "og omega for det videre samarbejde. Med en aftale, som parterne har skrevet "
                "under på, vil man kunne undgå mange misforståelser. Man vil altid vide hvilke "
                "opgaver, der er fælles, og hvilke der fortsat skal løses i hver boligafdeling.",
                f"Anja Kepinska Meleschko, sektionschef, {FSB}",
            ),
            competences=("samdrift",),
            tools=(AFTALE.slug,),
        ),
        MilestoneSpec(
            title="Fastlæggelse af implementeringsplan",
            purpose=(
                "Milepælen skal sikre, at der udarbejdes en plan for gennemførelse af "
                "aktiviteterne i aftalen om samdrift i milepæl 6."
            ),
            done_when=(
                "Implementeringsplanen er udarbejdet, og etableringsaktiviteterne er oplistet i "
                "den."
            ),
            tasks=(
                (
                    PL,
                    "Udarbejder en implementeringsplan (bilag 5), hvori etableringsaktiviteterne "
                    "er oplistet.",
                ),
            ),
            advice=_quote(
                "Vi har en meget praktisk tilgang til arbejdet med samdrift og en plan for "
                "indførelse af samdrift bør indeholde de rent praktiske tiltag, der skal "
                "gennemføres.",
                "Torben Simonsen, chef for drift, Boligselskabet Sjælland",
            ),
            competences=("samdrift",),
            tools=(IMPLEMENTERINGSPLAN.slug,),
        ),
        MilestoneSpec(
            title="Orientering om den nye samdrift",
            purpose=(
                "Milepælen skal sikre, at alle relevante interessenter (beboere, beboervalgte, "
                "den lokale drift, leverandører mv.) er orienteret om samdriften."
            ),
            done_when=(
                "Interessenterne er orienteret om, hvilke konsekvenser den nye samdrift vil få "
                "for boligafdelingerne generelt og for interessenterne specifikt."
            ),
            tasks=(
                (PL, "Udvælger de interessenter, der skal orienteres."),
                (PL, "Udarbejder og distribuerer orienteringsmaterialet."),
            ),
            advice=_quote(
                "Beboerne skal føle sig trygge ved de medarbejdere, der kommer i afdelingen og i "
                "deres boliger. Det er ikke ligegyldigt, hvem man lukker ind i sin bolig, og "
                "derfor er det vigtigt med information om samdriften og de nye medarbejdere, der "
                "vil være i boligafdelingen.",
                f"Søren Østergaard, driftschef, {FSB}",
            ),
            competences=("samdrift",),
        ),
        MilestoneSpec(
            title="Markering af samdriftens opstart",
            purpose=(
                "Milepælen skal styrke samarbejdet og opbakningen til samdriften fra beboere, "
                "beboervalgte og den lokale drift."
            ),
            done_when=(
                "Igangsætningen er markeret på behørig vis under hensyntagen til samdriftens "
                "opbakning blandt beboere, beboervalgte og den lokale drift."
            ),
            tasks=(
                (
                    PL,
                    "Markerer igangsætningen på behørig vis under hensyntagen til samdriftens "
                    "opbakning blandt beboere, beboervalgte og den lokale drift.",
                ),
            ),
            advice=_quote(
                "Det er vigtigt at få fjernet fokus fra de negative detaljer, der kan fylde "
                "rigtig meget, og her kan en positiv markering være en god idé. Samtidigt er det "
                "her, man kan italesætte det nye fællesskab omkring samdriften og kickstarte den "
                "nye samlede kultur, der gerne skal komme i de involverede boligafdelinger.",
                f"Henrik Grønlund, driftschef, {FSB}",
            ),
            competences=("samdrift",),
        ),
    ),
)

ETABLERING = PhaseSpec(
    title="Etablering",
    description=(
        "Etableringsfasen har fokus på at sikre, at samdriften når de mål, der er beskrevet i "
        "aftalen om samdrift, og at resultaterne af samdriften er kendte af beboervalgte og "
        "medarbejdere. Herefter kan samdriften overgå til »almindelig« drift og løbende blive "
        "vurderet i forhold til evt. justeringer af målene, det lokale samarbejde, inddragelse "
        "af nye boligafdelinger mv."
    ),
    milestones=(
        MilestoneSpec(
            title="Opfølgning på implementeringsplan og mål",
            purpose=(
                "Milepælen skal sikre, at samdriften følger implementeringsplanen og når de "
                "aftalte mål. Er dette ikke tilfældet, skal der ske justeringer af aktiviteter "
                "og/eller mål samt justeres i aftalen om samdrift."
            ),
            done_when=(
                "Der er fulgt op på de gennemførte aktiviteter i implementeringsplanen, det er "
                "vurderet, om målene er nået, og om fordelingsnøglen/erne er retvisende, og "
                "det er besluttet, om der skal ændres i aftalen om samdrift."
            ),
            tasks=(
                (PL, "Følger op på gennemførte aktiviteter i implementeringsplanen."),
                (
                    PL,
                    "Vurderer, hvorvidt de opstillede mål er nået, og om fordelingsnøglen/erne er "
                    "retvisende.",
                ),
                (
                    PL,
                    "Vurderer på baggrund af evalueringen, hvorvidt der skal ændres i aftalen om "
                    "samdrift.",
                ),
            ),
            advice=_quote(
                "Det er altid vigtigt at følge op på planlagte og aftalte aktiviteter og "
                "processer, for at se om man er kommet helt i hus. Dette gælder jo ikke kun i "
                "forbindelse med samdrift, men i alle de aktiviteter vi foretager os i fsb.",
                f"Pia Nielsen, direktør, {FSB}",
            ),
            competences=("samdrift",),
            tools=(IMPLEMENTERINGSPLAN.slug,),
        ),
        MilestoneSpec(
            title="Formidling af de første resultater til beboervalgte og den lokale drift",
            purpose=(
                "Milepælen skal sikre fortsat opbakning, samt fortsat tillid mellem samdriftens "
                "parter (beboere, beboervalgte, den lokale drift mv.)."
            ),
            done_when=(
                "Evalueringens resultater og evt. forslag til nye mål er formidlet til de "
                "beboervalgte, den lokale drift og evt. andre interessenter i samdriften."
            ),
            tasks=(
                (
                    PL,
                    "Formidler evalueringens resultater og evt. forslag til nye mål til de "
                    "beboervalgte, den lokale drift og evt. andre interessenter.",
                ),
            ),
            advice=_quote(
                "Det er rigtig vigtigt at succeserne fra samdriften bliver formidlet til både "
                "beboervalgte, beboere og medarbejdere. De positive resultater skal ud og "
                "arbejde, så vi sikrer os, at der er fortsat opbakning til samdriften.",
                f"Anja Kepinska Meleschko, sektionschef, {FSB}",
            ),
            competences=("samdrift", "beboerinddragelse"),
        ),
        MilestoneSpec(
            title="Godkendelse af evaluering",
            purpose=(
                "Milepælen skal sikre, at de indledende resultater godkendes som grundlag for "
                "en stadig udvikling af mulighederne for at billiggøre driften og højne "
                "beboerservicen."
            ),
            done_when=(
                "Evalueringens resultater er formelt godkendt, så der er enighed om det hidtil "
                "opnåede og de spor, som det evt. tegner for den videre samdrift."
            ),
            tasks=((ADM, "Godkender formelt evalueringens resultater."),),
            advice=_quote(
                "Samdrift mellem boligafdelinger er ikke noget, der er begrænset til et projekt, "
                "der kører i en speciel periode. Det er et tillidsforhold mellem beboervalgte, "
                "medarbejdere og administration, som hele tiden skal holdes ved lige og have "
                "servicetjek.",
                f"Steven Leslie Budden, driftschef, {FSB}",
            ),
            competences=("samdrift",),
        ),
    ),
)

SAMDRIFT = TemplateSpec(
    slug="samdrift-mellem-almene-boligafdelinger",
    title="Samdrift mellem almene boligafdelinger",
    kind="samdrift",
    summary=(
        "Drejebogen nedbryder processen frem mod velfungerende og effektive driftsfællesskaber "
        "i tre faser – forarbejde, udvikling og etablering – med i alt 12 konkrete milepæle. "
        "Milepælene gør arbejdet overskueligt, skitserer hvem som bør gøre hvad og hvornår og "
        "sikrer samtidigt gennemskuelighed for alle parter i processen. Driften i "
        "boligafdelingerne fortsætter sideløbende med samdriftsprocessen."
    ),
    source="Samdrift mellem almene boligafdelinger – en drejebog for praktikere (pixi-udgave)",
    roles=(
        (
            PL,
            "Projektleder",
            "Udpeges i 1. milepæl og styrer processen gennem resten af forløbet.",
        ),
        (
            ADM,
            "Den administrative ledelse",
            "Godkender oplægget, forslaget til samdriftsmodel og mål og evalueringen.",
        ),
        (
            DRIFTSANSVARLIG,
            "Den driftsansvarlige",
            "Drøfter og godkender oplægget om muligheder og udfordringer ved samdrift.",
        ),
        (
            BEBOERVALGTE,
            "De beboervalgte",
            "Afdelingsbestyrelserne i de deltagende boligafdelinger: inddrages og tiltræder "
            "aftalen om samdrift.",
        ),
        (
            LOKAL_DRIFT,
            "Den lokale drift",
            "Medarbejderne i boligafdelingernes drift: inddrages i udviklingen af samdriften.",
        ),
    ),
    phases=(FORARBEJDE, UDVIKLING, ETABLERING),
    advice=(
        ("Tidlig inddragelse af beboervalgte og den lokale drift", ""),
        ("Opstil realistiske mål, evaluer og tilret mål og indsats", ""),
        ("Sørg for at få centrale aftaler på skrift", ""),
        ("Hav løbende fokus på information og tillid mellem samdriftens parter", ""),
        ("Prioriter kompetencer og ressourcer i den lokale driftsledelse", ""),
    ),
    milestones_in_order=True,
)
