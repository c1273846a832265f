"""Public catalogue views: /kurser/ (served by CourseIndexPage) and /vejledninger/."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from competencies.models import Guide
from courses import selectors
from courses.forms import CatalogueFilterForm

PAGE_SIZE = 12


def catalogue(request: HttpRequest, page) -> HttpResponse:  # type: ignore[no-untyped-def]
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
    }
    return render(request, "courses/course_index_page.html", context)


def guide_list(request: HttpRequest) -> HttpResponse:
    guides = Guide.objects.annotate(
        course_count=Count("courses", filter=Q(courses__live=True))
    ).order_by("series", "code")
    return render(request, "courses/guide_list.html", {"guides": guides})


def guide_detail(request: HttpRequest, code: str) -> HttpResponse:
    guide = get_object_or_404(
        Guide.objects.prefetch_related("target_job_functions"), code__iexact=code
    )
    courses = list(selectors.courses_for_guide(guide.pk))
    selectors.attach_next_sessions(courses)
    return render(request, "courses/guide_detail.html", {"guide": guide, "courses": courses})
