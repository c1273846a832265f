"""Views of the public site that are not Wagtail pages."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Site

from cms.selectors import MAX_QUERY_LENGTH, page_search

RESULTS_PER_PAGE = 10


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results_page = None
    if query:
        results = page_search(query=query, site=Site.find_for_request(request))
        results_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "cms/search.html",
        {"query": query, "results_page": results_page},
    )
