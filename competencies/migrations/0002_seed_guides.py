"""The five A-guides, with Danish summaries drawn from the programme documents."""

import datetime

from django.db import migrations

GUIDES = [
    (
        "A1",
        "Beboerdemokratisk proces",
        None,
        "Vejledning i at tilrettelægge den beboerdemokratiske proces, når en afdeling skal "
        "fornyes og fremtidssikres: hvordan beboere, afdelingsbestyrelse, boligorganisation og "
        "rådgivere arbejder sammen fra de første idéer til beslutningen på afdelingsmødet, så "
        "planen får beboernes opbakning. Vejledningen dækker den indledende planlægnings- og "
        "programfase og var emne for et af de første prøvekurser i 2007.",
        ["beboervalgt", "projektleder", "driftschef", "frivillig"],
    ),
    (
        "A2",
        "Helhedsplanlægning",
        None,
        "Vejledning i at udarbejde en helhedsplan for en boligafdeling, hvor fysiske, sociale "
        "og økonomiske indsatser ses samlet. Den viser, hvordan boligorganisationen afdækker "
        "behov, prioriterer indsatser og skaber et program, der kan finansieres og "
        "gennemføres – i tæt samspil med beboerne og kommunen.",
        ["projektleder", "driftschef", "administrativ-medarbejder"],
    ),
    (
        "A3",
        "Fremtidsanalyse",
        None,
        "Vejledning i at analysere en bebyggelses fremtid: udlejningssituation, "
        "beboersammensætning, bygningernes tilstand og boligmarkedet omkring afdelingen. "
        "Analysen bliver grundlaget for strategiske beslutninger om fremtidssikring og for "
        "den videre helhedsplanlægning.",
        ["projektleder", "administrativ-medarbejder", "udlejningsmedarbejder"],
    ),
    (
        "A4",
        "Den boligsociale helhedsplan",
        datetime.date(2009, 2, 1),
        "Et redskab til bedre helhedsplaner. Vejledningen gennemgår tilblivelsen af den "
        "boligsociale helhedsplan i en struktureret firefaset proces med tilhørende værktøjer. "
        "Helhedsplanen er et fælles projekt mellem boligorganisationen og kommunen, og "
        "vejledningen henvender sig til de medarbejdere, der styrer processen hos begge parter.",
        ["boligsocial-medarbejder", "projektleder"],
    ),
    (
        "A5",
        "Den boligsociale helhedsplan II – implementering og forankring",
        None,
        "Begynder dér, hvor A4 slutter: ved implementeringen af helhedsplanen. Vejledningen "
        "giver nøglemedarbejdere med det daglige, faglige ansvar og boligorganisationernes "
        "ledelse gode råd og værktøjer til at implementere og forankre den boligsociale "
        "indsats – organisatoriske værktøjer, styringsværktøjer, dokumentationsværktøjer og "
        "evalueringsværktøjer, der kan bruges elektronisk. Til vejledningen hører et "
        "kursuskoncept, der er afprøvet på et prøvekursus.",
        ["boligsocial-medarbejder", "driftschef", "projektleder"],
    ),
]


def seed(apps, schema_editor):
    Guide = apps.get_model("competencies", "Guide")
    JobFunction = apps.get_model("organisations", "JobFunction")
    for code, title, edition, summary, functions in GUIDES:
        guide, _ = Guide.objects.update_or_create(
            code=code,
            defaults={"title": title, "series": code[0], "edition": edition, "summary": summary},
        )
        # Historical models are not clusterable, so write the through table directly.
        through = Guide.target_job_functions.through
        through.objects.filter(guide=guide).delete()
        through.objects.bulk_create(
            through(guide=guide, jobfunction=jf)
            for jf in JobFunction.objects.filter(code__in=functions)
        )


def unseed(apps, schema_editor):
    apps.get_model("competencies", "Guide").objects.filter(
        code__in=[g[0] for g in GUIDES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0001_initial"),
        ("organisations", "0002_seed_job_functions"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
