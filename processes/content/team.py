"""Drejebog: Sæt et godt hold (seed 003, Himmerland Boligforening's ERFA meeting, rec. 5).

"Det er ledelsesansvar at overveje og understøtte at de rigtige kompetencer er til stede i
forbindelse med renoveringen": map the competences the renovation needs, hold them up against
the team's, close the gaps, and fill in the funktion × partner-matrix. Runs on a building
project (the team needs are edited on the process's team page).
"""

from __future__ import annotations

from processes.content.spec import MilestoneSpec, PhaseSpec, TemplateSpec
from processes.content.tools import FUNKTION_PARTNER

LEDELSE, PL, BOLIGSOCIAL, DRIFT, UDLEJNING = (
    "ledelse",
    "projektleder",
    "boligsocial",
    "drift",
    "udlejning",
)

TEAM = TemplateSpec(
    slug="saet-et-godt-hold",
    title="Sæt et godt hold",
    kind="team",
    summary=(
        "Det er ledelsesansvar at overveje og understøtte, at de rigtige kompetencer er til "
        "stede i forbindelse med renoveringen. Ved renoveringens opstart kortlægger ledelsen, "
        "hvilke kompetencer der ideelt er til stede (drift, boligsocialt, byggeteknisk, "
        "udlejning osv.), hvilke kompetencer de nuværende medarbejdere har, og hvilke "
        "kompetenceudviklingstiltag der skal igangsættes – og holdet udfylder funktion × "
        "partner-matrixen."
    ),
    source="Himmerland Boligforening, ERFA-møde: Integration af fysiske og sociale indsatser",
    roles=(
        (LEDELSE, "Ledelsen", "Har ansvaret for, at de rigtige kompetencer er til stede."),
        (PL, "Projektleder på renoveringen", ""),
        (BOLIGSOCIAL, "Boligsocial medarbejder", ""),
        (DRIFT, "Driftsmedarbejder", ""),
        (UDLEJNING, "Udlejningsmedarbejder", ""),
    ),
    phases=(
        PhaseSpec(
            title="Ved renoveringens opstart",
            description="Vurder jeres mix mellem generelle kompetencer og faglige kompetencer.",
            milestones=(
                MilestoneSpec(
                    title="Kortlæg kompetencebehov",
                    purpose=(
                        "Hvilke kompetencer bør ideelt være til stede i forbindelse med "
                        "renoveringen (drift, boligsocialt, byggeteknisk, udlejning osv.)?"
                    ),
                    done_when=(
                        "Holdets kompetencebehov er beskrevet, både generelle og faglige "
                        "kompetencer, med det niveau, renoveringen kræver."
                    ),
                    tasks=(
                        (LEDELSE, "Overvejer, hvilke kompetencer der ideelt er til stede."),
                        (PL, "Beskriver, hvad renoveringen kræver af holdet."),
                    ),
                    competences=("tvaerfagligt-samarbejde",),
                ),
                MilestoneSpec(
                    title="Sammenhold med holdets kompetencer",
                    purpose="Hvilke kompetencer har de nuværende medarbejdere?",
                    done_when=(
                        "Behovet er holdt op mod de dokumenterede niveauer hos holdets "
                        "medarbejdere, og hullerne er synlige."
                    ),
                    tasks=(
                        (LEDELSE, "Holder behovet op mod holdets kompetencer."),
                        (PL, "Sikrer, at alle på holdet er med i opgørelsen."),
                    ),
                    competences=("tvaerfagligt-samarbejde",),
                ),
                MilestoneSpec(
                    title="Luk hullerne",
                    purpose=(
                        "Hvilke kompetenceudviklingstiltag skal igangsættes for alle "
                        "medarbejdere, der skal deltage i renoveringen?"
                    ),
                    done_when="Der er valgt et tiltag – fx et kursus – for hvert hul.",
                    tasks=(
                        (LEDELSE, "Beslutter, hvilke kompetenceudviklingstiltag der igangsættes."),
                    ),
                    competences=("tvaerfagligt-samarbejde",),
                ),
                MilestoneSpec(
                    title="Udfyld funktion × partner-matrixen",
                    purpose=(
                        "Holdet kortlægger, hvilke myndigheder, foreninger, institutioner og "
                        "beboernetværk hver funktion samarbejder med – og hvad I kan sammen."
                    ),
                    done_when="Matrixen er udfyldt for alle funktioner på holdet.",
                    tasks=(
                        (BOLIGSOCIAL, "Udfylder rækken for Boligsocial."),
                        (DRIFT, "Udfylder rækken for Drift."),
                        (PL, "Udfylder rækkerne for Byggeteknisk og Genhusning."),
                        (UDLEJNING, "Udfylder rækken for Udlejning."),
                    ),
                    competences=("tvaerfagligt-samarbejde",),
                    tools=(FUNKTION_PARTNER.slug,),
                ),
            ),
        ),
    ),
    advice=(
        (
            "Et ledelsesansvar",
            "Det er ledelsesansvar at overveje og understøtte, at de rigtige kompetencer er til "
            "stede i forbindelse med renoveringen.",
        ),
        (
            "Vurder jeres mix",
            "Vurder jeres mix mellem generelle kompetencer og faglige kompetencer.",
        ),
        (
            "Brug genhusningen aktivt",
            "Genhusninger og beboernes boligsituation under renoveringen bør ses som et fælles "
            "projekt på tværs af boligorganisationen.",
        ),
    ),
    needs_project=True,
)
