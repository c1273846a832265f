"""Public catalogue views: /kurser/ (served by CourseIndexPage), /kurser/sammenlign/ and
/vejledninger/."""

from __future__ import annotations

import dataclasses

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from courses import selectors
from courses.comparison import MAX_COMPARE, PARAM, comparison
from courses.forms.catalogue import CatalogueFilterForm
from courses.models import CourseIndexPage

PAGE_SIZE = 12


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
        "catalogue_url": catalogue_page.url if catalogue_page else "/",
        "max_compare": MAX_COMPARE,
    }
    return render(request, "courses/compare.html", context)


def guide_list(request: HttpRequest) -> HttpResponse:
    guides = selectors.guides_with_course_counts()
    return render(request, "courses/guide_list.html", {"guides": guides})


def guide_detail(request: HttpRequest, code: str) -> HttpResponse:
    guide = selectors.get_guide(code)
    courses = list(selectors.courses_for_guide(guide.pk))
    selectors.attach_next_sessions(courses)
    context = {
        "guide": guide,
        "courses": courses,
        "competence_links": list(selectors.guide_competences(guide)),
    }
    return render(request, "courses/guide_detail.html", context)
