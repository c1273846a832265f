"""Drejebog: Forankring – fra projekt til drift (seed 004, Forankringsguiden, first part).

The guide's four project phases (projektdesign, igangsætning, driftsfase, forankringsfase)
with the evaluations between them, ending in the forankringsplan: the chosen anchoring models,
who takes over, the role shifts that need training and the local learning programme (the plan
itself is edited on the process's anchoring page).
"""

from __future__ import annotations

from processes.content.spec import MilestoneSpec, PhaseSpec, TemplateSpec
from processes.content.tools import EVALUERINGSGUIDE, FORANKRINGSANALYSE

STYREGRUPPE, PROJEKTANSATTE, FRIVILLIGE, BEBOERVALGTE, EJENDOM, KOMMUNE = (
    "styregruppe",
    "projektansatte",
    "frivillige",
    "beboervalgte",
    "ejendomsfunktionaerer",
    "kommune",
)

FORANKRING = TemplateSpec(
    slug="forankring-fra-projekt-til-drift",
    title="Forankring – fra projekt til drift",
    kind="forankring",
    summary=(
        "Et boligsocialt udviklings- og styringsværktøj: forankringsstrategi (hvorfor skal vi "
        "forankre?), forankringsmetode (hvordan skal vi forankre?) og forankringsplan (hvem "
        "skal forankre?). Projektet løber gennem fire faser – projektdesign, igangsætning, "
        "driftsfase og forankringsfase – og ender i en konkret forankringsplan. Det er aldrig "
        "for sent at indarbejde en forankringsstrategi."
    ),
    source="Forankringsguiden – fra projekt til drift (Tverskov Kommunikation & Udvikling)",
    roles=(
        (
            STYREGRUPPE,
            "Styregruppen",
            "Beslutter for hvert projekt, hvordan forankringen skal ske.",
        ),
        (
            PROJEKTANSATTE,
            "Projektansatte",
            "De boligsociale medarbejdere: fra projektleder til facilitator.",
        ),
        (FRIVILLIGE, "Frivillige", "Fra ildsjæl til tovholder."),
        (BEBOERVALGTE, "Beboervalgte", "Fra beboerdemokrat til frivilligleder."),
        (EJENDOM, "Ejendomsfunktionærer", "Fra brandslukker til forebygger."),
        (KOMMUNE, "Kommunen", "Samarbejdspart om forankringen af de boligsociale projekter."),
    ),
    phases=(
        PhaseSpec(
            title="Projektdesign",
            description=(
                "I idéudviklingsfasen designes projektet ud fra en vurdering af de lokale "
                "ressourcer, og af hvem der i projektafslutningen kan forventes at påtage sig "
                "ansvaret for den varige forankring."
            ),
            milestones=(
                MilestoneSpec(
                    title="Forankringsstrategi formuleret",
                    purpose=(
                        "Forankring formuleres som projektets vigtigste succeskriterie. Det "
                        "sikrer, at forankring bliver den røde tråd, og at aktiviteter og "
                        "succeser vurderes ud fra kriterier om lokal bæredygtighed."
                    ),
                    done_when=(
                        "Projektet er designet ud fra en kortlægning af de lokale ressourcer og "
                        "en vurdering af, hvem der i projektafslutningen kan forventes at påtage "
                        "sig ansvaret for den varige forankring."
                    ),
                    tasks=(
                        (
                            STYREGRUPPE,
                            "Formulerer forankring som projektets vigtigste succeskriterie.",
                        ),
                        (
                            PROJEKTANSATTE,
                            "Kortlægger de lokale ressourcer og vurderer, om de kan påtage sig "
                            "det lokale lederskab med de nødvendige kompetencer.",
                        ),
                        (KOMMUNE, "Deltager i arbejdet som samarbejdspart om forankringen."),
                    ),
                    guides=("A5",),
                    competences=("implementering-forankring",),
                    tools=(FORANKRINGSANALYSE.slug,),
                ),
            ),
        ),
        PhaseSpec(
            title="Igangsætning",
            description=(
                "I igangsætningsfasen sættes alle sejl til for at tiltrække frivillige og lokale "
                "ressourcer til projektet. Det er i hovedsagen projektpenge, der finansierer "
                "igangsætningen af projektet."
            ),
            milestones=(
                MilestoneSpec(
                    title="Frivillige og lokale ressourcer tiltrukket",
                    purpose=(
                        "At tiltrække frivillige og lokale ressourcer til projektet og vælge "
                        "løsninger, der bygger på lokale ressourcer, traditioner og ønsker."
                    ),
                    done_when="Frivillige og lokale ressourcer er knyttet til projektet.",
                    tasks=(
                        (
                            PROJEKTANSATTE,
                            "Tiltrækker frivillige og lokale ressourcer og vælger løsninger, der "
                            "bygger på lokale ressourcer, traditioner og ønsker.",
                        ),
                        (FRIVILLIGE, "Engagerer sig i projektets aktiviteter."),
                    ),
                    competences=("beboerinddragelse", "frivilligledelse"),
                ),
            ),
        ),
        PhaseSpec(
            title="Driftsfase",
            description=(
                "I driftsfasen opbygges rammer, rutiner, organisation og det lokale ejerskab. "
                "Der indbygges lokal medfinansiering, og projektmedarbejderne overlader mere og "
                "mere ansvaret til lokale kræfter."
            ),
            milestones=(
                MilestoneSpec(
                    title="Lokalt ejerskab og medfinansiering opbygget",
                    purpose=(
                        "At opbygge rammer, rutiner, organisation og det lokale ejerskab, så "
                        "lokale kræfter kan bære aktiviteterne."
                    ),
                    done_when=(
                        "Der er indbygget lokal medfinansiering, og projektmedarbejderne har "
                        "overladt mere af ansvaret til lokale kræfter."
                    ),
                    tasks=(
                        (
                            PROJEKTANSATTE,
                            "Overlader mere og mere af ansvaret til lokale kræfter og går i "
                            "højere grad ind i rollen som facilitator.",
                        ),
                        (FRIVILLIGE, "Påtager sig ansvar som tovholdere."),
                        (EJENDOM, "Påtager sig et boligsocialt ansvar i det daglige arbejde."),
                    ),
                    competences=("implementering-forankring", "frivilligledelse"),
                ),
                MilestoneSpec(
                    title="Midtvejsevaluering",
                    purpose=(
                        "Midtvejsevalueringen er afgørende og skal støbe de kugler og "
                        "argumenter, der viser, at det kan betale sig at videreføre og forankre "
                        "projektet og at finde de nødvendige driftsmidler."
                    ),
                    done_when=(
                        "Aktiviteternes succes er vurderet ud fra forankringskriterier, og "
                        "styregruppen har drøftet evalueringen."
                    ),
                    tasks=(
                        (PROJEKTANSATTE, "Gennemfører midtvejsevalueringen."),
                        (STYREGRUPPE, "Drøfter evalueringen og hvad den betyder for forankringen."),
                    ),
                    guides=("A5",),
                    competences=("implementering-forankring", "effektmaaling"),
                    tools=(EVALUERINGSGUIDE.slug,),
                ),
            ),
        ),
        PhaseSpec(
            title="Forankringsfase",
            description=(
                "I forankringsfasen arbejdes der målbevidst med at gå fra projekt til drift. "
                "Der tages stilling til forankringsmodeller, og der udarbejdes en konkret "
                "forankringsplan."
            ),
            milestones=(
                MilestoneSpec(
                    title="Forankringsmodel valgt",
                    purpose=(
                        "Forankring kan ske via kommune, civilsamfund eller via det private "
                        "marked – eller et partnerskab. Ikke alle projekter skal forankres; "
                        "nogle kan have en værdi som enkeltstående projekter."
                    ),
                    done_when=(
                        "Styregruppen har for hvert enkelt projekt besluttet, hvordan "
                        "forankringen skal foregå."
                    ),
                    tasks=(
                        (
                            STYREGRUPPE,
                            "Beslutter for hvert enkelt projekt, hvordan forankringen skal foregå.",
                        ),
                    ),
                    competences=("implementering-forankring",),
                ),
                MilestoneSpec(
                    title="Rolleskift og lokale læringsforløb aftalt",
                    purpose=(
                        "Forankring forudsætter, at der arbejdes med en bevidst læringsstrategi: "
                        "nye roller i det boligsociale arbejde kræver uddannelse af frivillige, "
                        "beboervalgte, projektansatte og ejendomsfunktionærer."
                    ),
                    done_when=(
                        "For hvert rolleskift er det aftalt, hvem der skifter rolle, og hvilken "
                        "oplæring det kræver; det lokale læringsforløb – temadage, dialogmøder "
                        "og kurser – er planlagt."
                    ),
                    tasks=(
                        (FRIVILLIGE, "Fra ildsjæl til tovholder."),
                        (BEBOERVALGTE, "Fra beboerdemokrat til frivilligleder."),
                        (PROJEKTANSATTE, "Fra projektleder til facilitator."),
                        (EJENDOM, "Fra brandslukker til forebygger."),
                    ),
                    competences=(
                        "frivilligledelse",
                        "forebyggende-drift",
                        "implementering-forankring",
                    ),
                ),
                MilestoneSpec(
                    title="Forankringsplan udarbejdet",
                    purpose=(
                        "Forankringsplanen er et oplæg til de boligsociale samarbejdspartnere om "
                        "projektets nytteværdi og betydning, samt et konkret bud på, hvem der "
                        "skal forankre projektet."
                    ),
                    done_when=(
                        "Planen beskriver helt præcist, hvilke parter der skal overtage eller "
                        "integrere projektet, de uafklarede spørgsmål og den afsluttende "
                        "forankringsproces, herunder økonomi, kompetenceudvikling, fysiske "
                        "faciliteter og ledelse."
                    ),
                    tasks=(
                        (PROJEKTANSATTE, "Udarbejder forankringsplanen."),
                        (
                            STYREGRUPPE,
                            "Lægger planen frem for de boligsociale samarbejdspartnere.",
                        ),
                        (KOMMUNE, "Tager stilling til sin del af forankringen."),
                    ),
                    guides=("A5",),
                    competences=("implementering-forankring",),
                ),
            ),
        ),
    ),
    advice=(
        (
            "Forankring som vigtigste succeskriterie",
            "Forankring bør formuleres som projektets vigtigste succeskriterie. Det sikrer, at "
            "forankring bliver den røde tråd.",
        ),
        (
            "Det er aldrig for sent",
            "Det er aldrig for sent at indarbejde en forankringsstrategi. Processen kan skabe "
            "klarhed, nyt fokus og fremdrift og styrke samarbejdet.",
        ),
        (
            "En forankringsplan for hvert projekt",
            "Efter midtvejsevalueringen bør der udarbejdes en konkret forankringsplan for hvert "
            "enkelt projekt.",
        ),
        (
            "Ikke alle projekter skal forankres",
            "Nogle kan have en værdi som enkeltstående projekter.",
        ),
    ),
)
