"""The site, the course catalogue and the sessions of the scale data set.

The home page, the catalogue and the providers' sections are made by the project's own services
(a few dozen pages). The 1,000 courses and their modules are Wagtail pages written in bulk: the
tree's materialised paths are computed here (treebeard: steps of four base-36 characters),
``wagtailcore_page`` rows are written with the page type's content type and then the page type's
own rows with ``page_ptr_id``. They are published as they are (live, no unpublished changes);
they have no revision, as pages imported into Wagtail have until someone edits them, because a
page is served from its own row.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page

from cms.services import site_setup_demo
from competencies.models import Guide, GuideCompetence
from core.slugs import danish_slugify
from courses.models import CoursePage, CourseSession, ModulePage, ProviderSectionPage
from courses.services import catalogue_setup, provider_onboard
from lms.scale.state import Build, Course, Org, Session
from organisations.models import JobFunction, Organisation

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
GUIDE_TOPICS = {
    "A1": ("Beboerdemokrati i praksis", "Afdelingsmødet", "Beboerinddragelse på byggesagen"),
    "A2": ("Helhedsplanlægning", "Fra behov til byggeprogram", "Helhedsplanens økonomi"),
    "A3": ("Fremtidsanalyse", "Data, marked og beslutning", "Boligsammensætning"),
    "A4": ("Den boligsociale helhedsplan", "De fire faser", "Partnerskaber i boligområdet"),
    "A5": ("Implementering og forankring", "Fra projekt til drift", "Forankringsplanen"),
}
VARIANTS = ("grundkursus", "for ledere", "for driften", "kompakt", "fordybelse", "på tværs")
FORMATS = ("attendance", "online", "blended", "self_paced")
REGIONS = (
    ("hovedstaden", "København", "1620"),
    ("sjaelland", "Roskilde", "4000"),
    ("syddanmark", "Odense", "5000"),
    ("midtjylland", "Aarhus", "8000"),
    ("nordjylland", "Aalborg", "9000"),
)


def build(b: Build) -> None:
    with b.progress.step("forside og kursuskatalog") as counts:
        home = site_setup_demo()
        catalogue_setup(home=home)
        sections = [
            provider_onboard(organisation=Organisation.objects.get(pk=p.id)) for p in b.providers
        ]
        b.count(counts, "udbydersektioner", len(sections))
    with b.progress.step("kurser og moduler (sider)") as counts:
        courses, modules = _courses(b, sections)
        b.count(counts, "kurser", courses)
        b.count(counts, "moduler", modules)
    with b.progress.step("hold") as counts:
        b.count(counts, "hold", _sessions(b))


def step(number: int) -> str:
    """Treebeard's path step for the ``number``-th child (1-based): four base-36 characters."""
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(4, "0")


def _courses_per_provider(b: Build) -> list[int]:
    weights = [(rank + 1) ** -0.8 for rank in range(len(b.providers))]
    counts = [max(1, round(b.size.courses * w / sum(weights))) for w in weights]
    counts[0] += b.size.courses - sum(counts)
    return counts


def _courses(b: Build, sections: list[ProviderSectionPage]) -> tuple[int, int]:
    b.guide_ids = {g.code: g.pk for g in Guide.objects.all()}
    for link in GuideCompetence.objects.order_by("guide_id", "competence_id"):
        code = next(c for c, pk in b.guide_ids.items() if pk == link.guide_id)
        b.guide_competences.setdefault(code, []).append((link.competence_id, link.level))
    functions = list(JobFunction.objects.values_list("pk", flat=True))
    pages: list[dict[str, object]] = []
    course_rows: list[dict[str, object]] = []
    module_rows: list[dict[str, object]] = []
    functions_rows: list[dict[str, object]] = []
    course_type = ContentType.objects.get_for_model(CoursePage).pk
    module_type = ContentType.objects.get_for_model(ModulePage).pk
    locale = Locale.get_default().pk
    number = 0
    for provider, section, count in zip(
        b.providers, sections, _courses_per_provider(b), strict=True
    ):
        slugs: set[str] = set()
        for child in range(1, count + 1):
            number += 1
            course = _course(b, provider, number)
            slug = _unique(danish_slugify(course.title), slugs)
            path = section.path + step(child)
            url = f"{section.url_path}{slug}/"
            modules = b.size.modules_per_course
            pages.append(
                _page(b, course.id, path, modules, course.title, slug, url, course_type, locale)
            )
            course_rows.append(_course_row(b, course, number))
            for jf in b.rng.sample(functions, 2):
                functions_rows.append({"coursepage_id": course.id, "jobfunction_id": jf})
            for m in range(1, modules + 1):
                page = b.writer.next_id(Page)
                title = f"Modul {m}: {_module_title(course, m)}"
                module_slug = f"modul-{m}"
                pages.append(
                    _page(
                        b,
                        page,
                        path + step(m),
                        0,
                        title,
                        module_slug,
                        f"{url}{module_slug}/",
                        module_type,
                        locale,
                    )
                )
                module_rows.append(_module_row(page, course, m))
                course.modules.append(page)
        Page.objects.filter(pk=section.pk).update(numchild=count)
    b.writer.write(Page, pages)
    b.writer.write(CoursePage, course_rows)
    b.writer.write(ModulePage, module_rows)
    b.writer.write(CoursePage.target_job_functions.through, functions_rows)
    return len(course_rows), len(module_rows)


def _course(b: Build, provider: Org, number: int) -> Course:
    code = f"A{number % 5 + 1}"
    topic = GUIDE_TOPICS[code][number % 3]
    variant = VARIANTS[(number // 5) % len(VARIANTS)]
    course = Course(
        id=b.writer.next_id(Page),
        provider=provider,
        guide_code=code,
        title=f"{topic} – {variant} {number}",
        # One course in four is self-paced: enrolments without a session.
        self_paced=number % 4 == 0,
        hours=Decimal(b.rng.choice(("3.0", "7.0", "7.0", "14.0", "21.0"))),
        price=Decimal(b.rng.choice((0, 1_200, 2_400, 3_600, 4_950, 7_500))),
    )
    b.courses.append(course)
    return course


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def _page(
    b: Build,
    pk: int,
    path: str,
    numchild: int,
    title: str,
    slug: str,
    url_path: str,
    content_type: int,
    locale: int,
) -> dict[str, object]:
    published = b.now - timedelta(days=b.rng.randint(1, 700))
    return {
        "id": pk,
        "path": path,
        "depth": len(path) // 4,
        "numchild": numchild,
        "translation_key": uuid.UUID(int=b.rng.getrandbits(128), version=4),
        "locale_id": locale,
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": published,
        "last_published_at": published,
        "title": title,
        "draft_title": title,
        "slug": slug,
        "content_type_id": content_type,
        "url_path": url_path,
    }


def _course_row(b: Build, course: Course, number: int) -> dict[str, object]:
    formats = FORMATS[:3]
    return {
        "page_ptr_id": course.id,
        "guide_id": b.guide_ids[course.guide_code],
        "summary": f"{course.title}: et kursus på AlmenVejledning {course.guide_code} fra "
        f"{course.provider.name}.",
        "learning_outcomes": "<ul><li>Du kender vejledningens metode.</li>"
        "<li>Du kan bruge den i din egen afdeling.</li></ul>",
        "format": "self_paced" if course.self_paced else formats[number % 3],
        "duration_hours": course.hours,
        "language": "da",
        "price": course.price,
        "prerequisites": "",
        "body": [_paragraph(f"Om kurset {course.title}.")],
        "completion_requires_attendance": not course.self_paced,
        "completion_requires_modules": course.self_paced,
        "completion_requires_quiz": False,
    }


def _module_title(course: Course, m: int) -> str:
    return ("Introduktion", "Metoden i praksis", "Opgave og refleksion", "Afslutning")[(m - 1) % 4]


def _module_row(page: int, course: Course, m: int) -> dict[str, object]:
    return {
        "page_ptr_id": page,
        "intro": f"Modul {m} af kurset {course.title}.",
        "estimated_minutes": 20 + 10 * m,
        "body": [
            _paragraph("Læs afsnittet i vejledningen, og tal om det med en kollega."),
            _paragraph("Skriv tre ting ned, som du vil prøve i din afdeling."),
        ],
    }


def _paragraph(text: str) -> dict[str, object]:
    return {"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}


def _sessions(b: Build) -> int:
    """Past (held) and future (open or full) sessions of the courses that have them."""
    dated = [c for c in b.courses if not c.self_paced]
    rows = []
    for i in range(b.size.sessions):
        course = dated[i % len(dated)]
        # Three in five are in the past (up to 18 months back), the rest in the next year.
        past = b.rng.random() < 0.6
        days = -b.rng.randint(1, 540) if past else b.rng.randint(7, 365)
        starts = (b.now + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
        online = b.rng.random() < 0.25
        region, city, postcode = REGIONS[i % len(REGIONS)]
        session = Session(
            id=b.writer.next_id(CourseSession),
            course=course,
            starts_at=starts,
            capacity=b.rng.randint(12, 36),
        )
        b.sessions.append(session)
        rows.append(
            {
                "id": session.id,
                "course_id": course.id,
                "provider_id": course.provider.id,
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=7),
                "online": online,
                "online_url": "https://moede.skala.almen.test/hold" if online else "",
                "address": "" if online else f"Kursusvej {i % 40 + 1}",
                "postcode": "" if online else postcode,
                "city": "" if online else city,
                "region": "" if online else region,
                "capacity": session.capacity,
                "price": course.price,
                "registration_deadline": starts - timedelta(days=7),
                "cancellation_deadline": starts - timedelta(days=14),
                "teachers": "Mette Kjærgaard",
                # Status follows from the enrolments (enrolments.build sets full and held).
                "status": "held" if past else "open",
                "created_at": starts - timedelta(days=120),
            }
        )
    return b.writer.write(CourseSession, rows)
