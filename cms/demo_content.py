"""The words of the demo site, drawn from the programme's source documents.

Kept apart from ``services.py`` so that the setup logic stays short. Content is Danish only: it is
what editors would have written in the admin, not interface text, so it is not translated.
"""

import datetime
from typing import Any

from wagtail.rich_text import RichText


def _h2(text: str) -> tuple[str, dict[str, str]]:
    return ("heading", {"text": text, "level": "h2"})


def _h3(text: str) -> tuple[str, dict[str, str]]:
    return ("heading", {"text": text, "level": "h3"})


def _p(html: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(html))


HOME_PAGE = {
    "title": "Forside",
    "slug": "forside",
    "hero_heading": "Uddannelse og læring med effekt i organisationer og boliger",
    "intro": (
        "<p>AlmenLæring gør AlmenVejledningerne til praksis: kurser hos flere kursusudbydere, "
        "kompetenceudvikling i boligorganisationerne og en skole på byggepladsen – med en "
        "målbar effekt for beboerne og bygningerne.</p>"
    ),
    "search_description": (
        "Kurser, kompetenceudvikling og læring på byggepladsen for den almene boligsektor."
    ),
}

FEATURED_LINKS = [
    {
        "label": "Kurser over AlmenVejledningerne",
        "text": "Find kurser og hold om A1 Beboerdemokratisk proces, A2 Helhedsplanlægning, "
        "A3 Fremtidsanalyse og de nye vejledninger.",
        "url": "/kurser/",
    },
    {
        "label": "AlmenVejledninger",
        "text": "Vejledningerne og værktøjerne bag kurserne – fra planlægning til drift og "
        "vedligehold.",
        "url": "/vejledninger/",
    },
    {
        "label": "Om AlmenLæring og Læringspilen",
        "text": "De tre indsatssøjler og sektorens læringsmodel: fra kompetencebehov til målt "
        "effekt.",
        "page": "about",
    },
]

ABOUT_PAGE: dict[str, Any] = {
    "title": "Om AlmenLæring",
    "slug": "om-almenlaering",
    "intro": (
        "AlmenLæring samler kurser, kompetenceudvikling og læring på byggepladsen ét sted, så "
        "erfaringer fra udviklingsprojekter, AlmenVejledninger og AlmenVærktøjer hurtigere bliver "
        "til praksis – og til en målbar effekt – i boligorganisationer og byggerier."
    ),
    "body": [
        _p(
            "<p>AlmenLæring bygger på AlmenNets program <i>Uddannelse og læring med effekt i "
            "organisationer og boliger</i>. En systematisk uddannelses- og læringsstrategi er "
            "vital for en effektiv spredning af erfaringer til praktisk anvendelse. Der findes "
            "mange generelle koncepter, men de skal samtænkes og målrettes sektorens behov.</p>"
        ),
        _h2("Tre indsatssøjler"),
        _h3("1. Uddannelse og kurser over AlmenVejledninger"),
        _p(
            "<p>Kurser over AlmenVejledningerne A1 Beboerdemokratisk proces, A2 "
            "Helhedsplanlægning og A3 Fremtidsanalyse, som dækker den indledende planlægning og "
            "programfase – og siden B Projektering, C Udførelse og D Drift og vedligehold. "
            "Kurserne udbydes af forskellige kursusudbydere i et nært samarbejde med AlmenNet, "
            "så undervisningen er koordineret, og flere udbydere kan tilbyde kurser over den samme "
            "vejledning.</p>"
        ),
        _h3("2. Kompetencer og læring i boligorganisationer"),
        _p(
            "<p>Uddannelse og læring skal samstemmes med boligorganisationernes egne "
            "uddannelsesstrategier. Hver organisation kan formulere mål for sin egen "
            "fremtidssikringskompetence, lægge en flerårig plan for sine kurser og følge "
            "medarbejdernes kompetenceplaner. Målgrupperne er a-gruppen <i>De udviklende</i>, "
            "der skaber den fælles udvikling, og b-gruppen <i>De lærende</i>, der tager de nye "
            "erfaringer i brug.</p>"
        ),
        _h3("3. Læring og implementering på byggerier"),
        _p(
            "<p>En skole på byggepladsen, som den almene projektleder har ansvaret for, og som "
            "inddrager de centrale parter på byggesagen. Målet er at føre AlmenVejledningerne "
            "direkte ud i praksis og at skabe en målbar effekt, som kan måles på bedre sociale "
            "rammer, et bedre fysisk byggeri, en bedre økonomi eller en bedre byggeproces.</p>"
        ),
        _h2("Læringspilen"),
        _p(
            "<p>De tre indsatssøjler realiserer på hver sin måde Læringspilen – sektorens "
            "uddannelses- og læringsmodel. Pilen går fra et kompetencebehov til en målt effekt:"
            "</p><ol><li>Behov</li><li>Mål</li><li>Læring</li><li>Anvendelse</li>"
            "<li>Effekt</li></ol>"
        ),
        _h2("Syv anbefalinger"),
        _p(
            "<p>Erfaringerne fra de første prøvekurser over A1, A2 og A3 førte til syv "
            "anbefalinger:</p><ol>"
            "<li>Lav en strategi og formuler mål for boligorganisationernes egen "
            "fremtidssikringskompetence.</li>"
            "<li>Benyt Læringspilen til at optimere effekten af ny viden.</li>"
            "<li>Afdæk behovet og lav en flerårig plan for anvendelse af uddannelsestilbuddene."
            "</li>"
            "<li>Vælg rådgivere og konsulenter ud fra deres kompetence i AlmenVejledningerne.</li>"
            "<li>Brug kompetence som incitament.</li>"
            "<li>Lav en bredt dækkende analyse af målgrupperne for uddannelsestilbuddene.</li>"
            "<li>Etabler en undervisningsskole.</li></ol>"
        ),
        _h2("Formidling"),
        _p(
            "<p>Nyheder, nyhedsbrevet og arrangementerne – workshops, seminarer, temadage, "
            "dialog- og netværksmøder med tilmelding og venteliste under Arrangementer – "
            "holder sektoren orienteret. Nyhedsbrevet tilmelder du dig på forsiden, og de "
            "udsendte numre ligger i arkivet. Boligorganisationernes egne forløb – fx samdrift "
            "efter drejebogen eller forankring fra projekt til drift – samler milepæle, "
            "dokumenter og beslutninger her på sitet.</p>"
            "<p>Programmets projektweb er projektrummene: et udviklingsprojekt, et netværk, en "
            "byggesag eller en erfaringsgruppe arbejder sammen i et rum med deltagerregister, "
            "dokumenter i versioner, mødekalender med referater, debatforum og "
            "afstemningsrum. En erfaringsgruppe holder styr på sine aftaler fra møde til møde og "
            "kan dele en indsigt med hele sektoren som en erfaring uden navne.</p>"
        ),
    ],
}

ACCESSIBILITY_PAGE: dict[str, Any] = {
    "title": "Tilgængelighedserklæring",
    "slug": "tilgaengelighedserklaering",
    "intro": (
        "AlmenLæring skal kunne bruges af alle – også af personer med et handicap. Her kan du "
        "læse, hvordan sitet lever op til kravene til webtilgængelighed, hvad vi mangler, og "
        "hvordan du kontakter os."
    ),
    "body": [
        _h2("Hvilke krav følger vi?"),
        _p(
            "<p>Sitet er udviklet til at overholde standarden WCAG 2.1 på niveau AA, som også er "
            "kravet til offentlige myndigheders hjemmesider efter lov om tilgængelighed af "
            "offentlige organers websteder og mobilapplikationer.</p>"
        ),
        _h2("Sådan har vi gjort sitet tilgængeligt"),
        _p(
            "<ul>"
            "<li>Alle funktioner kan bruges med tastaturet alene, og det felt, du står i, er "
            "altid tydeligt markeret.</li>"
            "<li>Linket <i>Gå til indhold</i> øverst på hver side springer menuen over.</li>"
            "<li>Siderne har overskrifter, landemærker og sprogangivelse, så skærmlæsere kan "
            "navigere i dem.</li>"
            "<li>Tekst og knapper har mindst den kontrast, som WCAG 2.1 AA kræver.</li>"
            "<li>Sitet kan bruges på en mobiltelefon og ved 200 % forstørrelse uden vandret "
            "rulning.</li>"
            "<li>Formularer viser fejl ved det felt, det drejer sig om, og bevarer det, du har "
            "skrevet.</li>"
            "<li>Sitet findes på dansk og engelsk.</li>"
            "<li>Sitet henter ikke indhold fra andre hjemmesider og bruger ikke cookies til "
            "sporing.</li>"
            "</ul>"
        ),
        _h2("Kendte begrænsninger"),
        _p(
            "<ul>"
            "<li>Dokumenter fra kursusudbydere og ældre dokumenter fra AlmenNets arkiv, især "
            "PDF-filer, er ikke altid tilgængelige for skærmlæsere. Skriv til os, så sender vi "
            "indholdet i en anden form.</li>"
            "<li>QR-koden ved opsætning af to-faktor-godkendelse kan ikke læses af en "
            "skærmlæser. Brug i stedet den hemmelige nøgle, som står under koden.</li>"
            "</ul>"
        ),
        _h2("Kontakt os"),
        _p(
            "<p>Oplever du problemer med at bruge sitet, så skriv til os på "
            '<a href="mailto:kontakt@almenlaering.dk">kontakt@almenlaering.dk</a>. '
            "Vi svarer inden for ti arbejdsdage.</p>"
        ),
        _h2("Klagemulighed"),
        _p(
            "<p>Er du ikke tilfreds med vores svar, kan du henvende dig til "
            "Digitaliseringsstyrelsen, som fører tilsyn med webtilgængelighed i Danmark.</p>"
        ),
        _p(
            "<p>Vi gennemgår erklæringen, hver gang sitet ændres væsentligt, og mindst én gang om "
            "året.</p>"
        ),
    ],
}

NEWS_INDEX_PAGE: dict[str, Any] = {
    "title": "Nyheder",
    "slug": "nyheder",
    "intro": "Nyt om kurser, vejledninger, værktøjer og arrangementer i AlmenLæring.",
}

NEWS_PAGES: list[dict[str, Any]] = [
    {
        "title": "Prøvekursus på A5: Implementering og forankring af helhedsplanen",
        "slug": "proevekursus-a5-implementering-og-forankring",
        "date": datetime.date(2026, 11, 12),
        "intro": (
            "AlmenVejledning A5 begynder dér, hvor A4 Den boligsociale helhedsplan slutter – ved "
            "implementeringen af helhedsplanen. Nu afprøves kursuskonceptet på et prøvekursus for "
            "boligsociale nøglemedarbejdere og boligorganisationernes ledelse."
        ),
        "body": [
            _p(
                "<p>Vejledningen giver de medarbejdere, der har det daglige, faglige ansvar for "
                "realiseringen af helhedsplanen, gode råd og nyttige værktøjer til at implementere "
                "og forankre den boligsociale indsats:</p><ul>"
                "<li>Organisatoriske værktøjer</li><li>Styringsværktøjer</li>"
                "<li>Dokumentationsværktøjer</li><li>Evalueringsværktøjer</li></ul>"
            ),
            _h2("Værktøjerne skal kunne bruges på nettet"),
            _p(
                "<p>Det er hensigten, at værktøjerne er tilgængelige og umiddelbart anvendelige i "
                "elektronisk form. På kurset "
                '<a href="/kurser/almen-akademi/implementering-og-forankring-af-den-boligsociale-'
                'indsats/">Implementering og forankring af den boligsociale indsats</a> udfylder '
                "deltagerne derfor de fire slags værktøjer – organisationsdiagram, styringsark, "
                "aktivitetslog og evalueringsguide – direkte i modulerne, og svarene gemmes. De "
                "samme værktøjer bruges i forløbet »A5 Implementering og forankring af den "
                "boligsociale helhedsplan«, som en boligorganisation kan køre her på sitet.</p>"
            ),
            _h2("Fra prøvekursus til endeligt kursuskoncept"),
            _p(
                "<p>Erfaringerne fra prøvekurset bruges til at tilrette det endelige "
                "kursuskoncept, som derefter kan udbydes af flere kursusudbydere. I projektgruppen "
                "sidder blandt andre boligsociale koordinatorer fra tre boligorganisationer og "
                "tre kommuner.</p>"
            ),
        ],
    },
    {
        "title": "Ny drejebog: Samdrift mellem almene boligafdelinger i 12 milepæle",
        "slug": "drejebog-samdrift-12-milepaele",
        "date": datetime.date(2026, 10, 29),
        "intro": (
            "Drejebogen deler processen frem mod velfungerende driftsfællesskaber op i tre "
            "faser – forarbejde, udvikling og etablering – med i alt 12 konkrete milepæle, der "
            "skitserer, hvem der bør gøre hvad og hvornår."
        ),
        "body": [
            _p(
                "<p>Drejebogen er målrettet ledende medarbejdere og driftspersonale i almene "
                "boligorganisationer. Etablering af samdrift er en forandringsproces, men også en "
                "klar ledelsesopgave.</p>"
            ),
            _h2("Tre faser"),
            _p(
                "<ul><li><b>Forarbejde:</b> undersøgelse, analyse og klargøring af indholdet i "
                "samdriften – og hvad de beboervalgte ønsker.</li>"
                "<li><b>Udvikling:</b> opbakning og ejerskab hos beboervalgte og medarbejdere, "
                "aftale om samdrift og en implementeringsplan.</li>"
                "<li><b>Etablering:</b> opfølgning på mål, formidling af de første resultater og "
                "godkendelse af evalueringen.</li></ul>"
            ),
            _h2("Følg milepælene i AlmenLæring"),
            _p(
                "<p>Drejebogen findes som forløb her på sitet: HR, ledere og projektledere i en "
                'boligorganisation kan under <a href="/forloeb/">Forløb</a> starte et '
                "samdriftsforløb for to eller flere boligafdelinger, fordele rollerne, sætte "
                "frister og følge de 12 milepæle – med drejebogens bilag 1–5 som værktøjer, der "
                "udfyldes undervejs. Driften i boligafdelingerne fortsætter imens – "
                "samdriftsprocessen kører sideløbende.</p>"
            ),
        ],
    },
    {
        "title": "Forankringsguiden: Fra projekt til drift",
        "slug": "forankringsguiden-fra-projekt-til-drift",
        "date": datetime.date(2026, 10, 8),
        "intro": (
            "Hvordan lever de boligsociale projekter videre, når projektpengene slipper op? "
            "Forankringsguiden giver et fælles strategisk udgangspunkt: en forankringsstrategi, "
            "en forankringsmetode og en forankringsplan."
        ),
        "body": [
            _p(
                "<p>Forankring bør formuleres som projektets vigtigste succeskriterie. Så bliver "
                "forankring den røde tråd, og aktiviteterne vurderes ud fra lokal bæredygtighed."
                "</p>"
            ),
            _h2("Fire faser"),
            _p(
                "<ol><li>Projektdesign</li><li>Igangsætning</li><li>Driftsfase</li>"
                "<li>Forankringsfase – med en konkret forankringsplan</li></ol>"
                "<p>Forankringen kan ske via civilsamfundet, kommunen, markedet eller et "
                "partnerskab.</p>"
            ),
            _h2("Nye roller kræver uddannelse"),
            _p(
                "<ul><li>Frivillige: fra ildsjæl til tovholder</li>"
                "<li>Beboervalgte: fra beboerdemokrat til frivilligleder</li>"
                "<li>Projektansatte: fra projektleder til facilitator</li>"
                "<li>Ejendomsfunktionærer: fra brandslukker til forebygger</li></ul>"
                "<p>Lokale læringsforløb – temadage, dialogmøder og kurser – samler de lokale "
                "kræfter om de fælles udfordringer.</p>"
            ),
            _h2("Forankring som forløb"),
            _p(
                "<p>Guiden findes som forløb i AlmenLæring: de fire faser med milepæle, der "
                "ender i en forankringsplan med de valgte forankringsmodeller, aktiviteterne og "
                "hvem der overtager dem, rolleskiftene og det lokale læringsforløb. Et rolleskift "
                "kan gøres til et mål i personens kompetenceplan. "
                'HR, ledere og projektledere starter det under <a href="/forloeb/">Forløb</a>.</p>'
            ),
        ],
    },
]

# (label, target): a key of the pages set up by ``site_setup_demo`` or a path on the site.
MAIN_MENU = [
    ("Forside", "home"),
    ("Kurser", "/kurser/"),
    ("Vejledninger", "/vejledninger/"),
    ("Erfaringer", "/erfaringer/"),
    ("Nyheder", "news"),
    ("Arrangementer", "/arrangementer/"),
    ("Om AlmenLæring", "about"),
]

FOOTER_LINKS = [
    ("Tilgængelighedserklæring", "accessibility"),
    ("Om AlmenLæring", "about"),
]

CONTACT = {
    "organisation_name": "AlmenLæring – sekretariatet i AlmenNet",
    "contact_email": "kontakt@almenlaering.dk",
    "phone": "+45 33 12 34 56",
    "address": "Vesterbrogade 1\n1620 København V",
}
