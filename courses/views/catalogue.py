"""Public catalogue views: /kurser/ (served by CourseIndexPage), /kurser/sammenlign/ and
/vejledninger/."""

from __future__ import annotations

import dataclasses

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from core import page_cache
from courses import selectors
from courses.comparison import MAX_COMPARE, PARAM, comparison
from courses.forms.catalogue import CatalogueFilterForm, GuideCoursesFilterForm
from courses.models import CourseIndexPage

PAGE_SIZE = 12
CATALOGUE = "catalogue"  # the family of cached pages and fragments that show courses
# An HR person compares a guide's courses in a table: 20 rows are a screenful to compare, and
# the page stays small at 200 courses on one guide.
GUIDE_PAGE_SIZE = 20


def catalogue(request: HttpRequest, page: CourseIndexPage) -> HttpResponse:
    sections = list(selectors.provider_sections())
    providers = [(section.provider_id, section.provider.name) for section in sections]
    form = CatalogueFilterForm(request.GET or None, providers=providers)
    if form.is_bound:
        form.is_valid()  # errors are shown beside the fields; valid filters still apply
    courses = selectors.course_catalogue(form.filters())
    paginator = Paginator(courses, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    selectors.attach_next_sessions(page_obj.object_list)
    context = {
        "page": page,
        "self": page,
        "form": form,
        "courses": page_obj,
        "total": paginator.count,
        "active_filters": _active_filters(form),
    }
    return render(request, "courses/course_index_page.html", context)


def _active_filters(form: CatalogueFilterForm) -> int:
    """How many filters narrow the list (shown on the folded "Filtrér" toggle on a phone)."""
    filters = dataclasses.asdict(form.filters())
    filters.pop("sort")
    return sum(1 for _name, value in filters.items() if value)


def compare(request: HttpRequest) -> HttpResponse:
    """2–4 courses side by side, chosen with the catalogue's "Sammenlign" checkboxes."""
    result = comparison(request.GET.getlist(PARAM))
    catalogue_page = selectors.catalogue_page()
    ids = [course.pk for course in result.courses]
    for course in result.courses:  # "Fjern" keeps the others in the comparison
        others = [(PARAM, pk) for pk in ids if pk != course.pk]
        course.remove_url = f"{request.path}?{urlencode(others)}"
    context = {
        "courses": result.courses,
        "errors": result.errors,
        "catalogue_url": catalogue_page.get_url(request) if catalogue_page else "/",
        "max_compare": MAX_COMPARE,
    }
    return render(request, "courses/compare.html", context)


def guide_list(request: HttpRequest) -> HttpResponse:
    guides = selectors.guides_with_course_counts()
    return render(request, "courses/guide_list.html", {"guides": guides})


def guide_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A guide with its competences and every provider's course on it, 20 to a page.

    The competences and the page of courses are the same for everyone who sees them: they are
    cached as fragments until the catalogue changes (core.page_cache), for logged-in people too.
    """
    guide = selectors.get_guide(code)
    form = GuideCoursesFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors are shown beside the fields; valid filters still apply
    course_format, sort = form.values()
    varies = (guide.pk, translation.get_language())

    def competences() -> str:
        links = list(selectors.guide_competences(guide))
        return render_to_string("courses/_guide_competences.html", {"competence_links": links})

    def courses() -> str:
        found = selectors.courses_for_guide(guide.pk, format=course_format, sort=sort)
        paginator = Paginator(found, GUIDE_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        selectors.attach_next_sessions(page_obj.object_list)
        context = {
            "guide": guide,
            "courses": page_obj,
            "total": paginator.count,
            "filtered": bool(course_format),
        }
        return render_to_string("courses/_guide_courses.html", context, request=request)

    context = {
        "guide": guide,
        "form": form,
        # Our own templates' output, escaped when they were rendered.
        "competences_html": mark_safe(
            page_cache.cached_fragment("guide-competences", varies, [CATALOGUE], competences)
        ),
        "courses_html": mark_safe(
            page_cache.cached_fragment(
                "guide-courses", (*varies, request.GET.urlencode()), [CATALOGUE], courses
            )
        ),
    }
    return render(request, "courses/guide_detail.html", context)
