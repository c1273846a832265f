"""Drejebog: A5 Implementering og forankring af den boligsociale helhedsplan (seed 001).

The A5 project sheet names the guide's purpose and its four kinds of tools (organisations-,
styrings-, dokumentations- og evalueringsværktøjer) but not the guide's own steps, so this
drejebog has one milestone per kind of tool and nothing the sheet does not say.
"""

from __future__ import annotations

from processes.content.spec import MilestoneSpec, PhaseSpec, TemplateSpec
from processes.content.tools import (
    AKTIVITETSLOG,
    EVALUERINGSGUIDE,
    ORGANISATIONSDIAGRAM,
    STYRINGSARK,
)

NOEGLE, LEDELSE, KOMMUNE = ("noeglemedarbejdere", "ledelse", "kommune")

A5 = TemplateSpec(
    slug="a5-implementering-og-forankring",
    title="A5 Implementering og forankring af den boligsociale helhedsplan",
    kind="implementation",
    summary=(
        "Begynder dér, hvor AlmenVejledning A4 slutter – ved implementeringen af den "
        "boligsociale helhedsplan. Forløbet samler de fire slags værktøjer, A5 giver "
        "nøglemedarbejderne og boligorganisationernes ledelse til at implementere og forankre "
        "den boligsociale indsats: organisatoriske værktøjer, styringsværktøjer, "
        "dokumentationsværktøjer og evalueringsværktøjer."
    ),
    source="AlmenVejledning A5 – projektblad (AlmenNet, 2010)",
    roles=(
        (
            NOEGLE,
            "Nøglemedarbejdere",
            "Har det daglige, faglige ansvar for realiseringen af helhedsplanen.",
        ),
        (LEDELSE, "Boligorganisationens ledelse", ""),
        (
            KOMMUNE,
            "Kommunen",
            "Helhedsplanen er et fælles projekt mellem boligorganisationen og kommunen.",
        ),
    ),
    phases=(
        PhaseSpec(
            title="Implementering",
            description=(
                "Helhedsplanen er lagt (A4); nu skal den realiseres, styres og dokumenteres."
            ),
            milestones=(
                MilestoneSpec(
                    title="Organiseringen er beskrevet",
                    purpose=(
                        "Et organisatorisk værktøj gør klart, hvem der har ansvaret for at "
                        "realisere helhedsplanen i boligorganisationen og kommunen."
                    ),
                    done_when="Organisationsdiagrammet for helhedsplanen er udfyldt.",
                    tasks=(
                        (NOEGLE, "Udfylder organisationsdiagrammet for helhedsplanen."),
                        (LEDELSE, "Godkender organiseringen."),
                        (KOMMUNE, "Udpeger sine deltagere i organiseringen."),
                    ),
                    guides=("A4", "A5"),
                    competences=("implementering-forankring", "boligsocial-helhedsplan"),
                    tools=(ORGANISATIONSDIAGRAM.slug,),
                ),
                MilestoneSpec(
                    title="Styringen er i gang",
                    purpose=(
                        "Et styringsværktøj holder indsatsernes mål, milepæle og status samlet."
                    ),
                    done_when="Der er et styringsark for hver indsats i helhedsplanen.",
                    tasks=((NOEGLE, "Udfylder et styringsark for hver indsats."),),
                    guides=("A5",),
                    competences=("implementering-forankring",),
                    tools=(STYRINGSARK.slug,),
                ),
                MilestoneSpec(
                    title="Dokumentationen kører",
                    purpose=(
                        "Et dokumentationsværktøj registrerer aktiviteter, deltagere og "
                        "resultater løbende, så de kan bruges i styringen og evalueringen."
                    ),
                    done_when="Aktivitetsloggen føres løbende.",
                    tasks=((NOEGLE, "Fører aktivitetsloggen."),),
                    guides=("A5",),
                    competences=("implementering-forankring",),
                    tools=(AKTIVITETSLOG.slug,),
                ),
            ),
        ),
        PhaseSpec(
            title="Evaluering og forankring",
            description="Resultaterne gøres synlige, så indsatsen kan forankres.",
            milestones=(
                MilestoneSpec(
                    title="Evaluering gennemført",
                    purpose=(
                        "Et evalueringsværktøj viser, hvad indsatsen har nået, og giver "
                        "grundlaget for at forankre den."
                    ),
                    done_when="Evalueringsguiden er udfyldt og drøftet med ledelsen.",
                    tasks=(
                        (NOEGLE, "Gennemfører evalueringen med evalueringsguiden."),
                        (LEDELSE, "Drøfter evalueringen og beslutter, hvad der skal forankres."),
                    ),
                    guides=("A5",),
                    competences=("implementering-forankring", "effektmaaling"),
                    tools=(EVALUERINGSGUIDE.slug,),
                ),
            ),
        ),
    ),
)
