"""The adviser register (anbefaling 4): choose consultants by their documented guide competence.

Members of any organisation search the consultant organisations that have listed themselves;
a consultant organisation's HR or manager edits its own listing. People are shown with the
guide competences their valid evidence documents — never the evidence documents themselves.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from competencies import access, adviser_register, services
from competencies.forms.advisers import AdviserListingForm, AdviserSearchForm
from competencies.models import AdviserListing
from core.views import service_refusal
from organisations.access import me

PAGE_SIZE = 20
PEOPLE_PER_ORGANISATION = 5
PEOPLE_PAGE_SIZE = 50
TEMPLATES = "competencies/advisers/"


@login_required
def adviser_list(request: HttpRequest) -> HttpResponse:
    # The register is for people of an organisation; anyone else finds nothing here (404).
    access.require_adviser_register(request.user)
    form = AdviserSearchForm(request.GET or None)
    query = form.to_query()
    page = Paginator(adviser_register.search_advisers(query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    listings = list(page)
    people = adviser_register.people_of_listings(listings, query, PEOPLE_PER_ORGANISATION)
    context = {
        "form": form,
        "query": query,
        "page": page,
        "results": [(listing, people.get(listing.organisation_id, [])) for listing in listings],
        "own_consultancies": access.listing_organisations_for(request.user),
    }
    return render(request, TEMPLATES + "list.html", context)


@login_required
def adviser_detail(request: HttpRequest, org_pk: int) -> HttpResponse:
    listing = access.get_adviser_listing_for(request.user, org_pk)
    page = Paginator(
        adviser_register.adviser_people(listing.organisation), PEOPLE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "listing": listing,
        "page": page,
        "people": adviser_register.with_documented_competences(page),
        "actions": access.actions_for(request.user, listing),
    }
    return render(request, TEMPLATES + "detail.html", context)


@login_required
def adviser_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = access.get_listing_organisation_for(request.user, org_pk)
    listing = adviser_register.listing_of(organisation)
    form = AdviserListingForm(
        request.POST or None, instance=listing or AdviserListing(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        with service_refusal(form) as refused:
            saved = services.adviser_listing_save(
                actor=me(request), organisation=organisation, **form.service_values()
            )
        if not refused:
            if saved.is_listed:
                messages.success(request, _("Jeres opslag i rådgiverregistret er gemt."))
                return redirect("competencies:adviser_detail", org_pk=organisation.pk)
            messages.success(request, _("I står ikke længere i rådgiverregistret."))
            return redirect("competencies:advisers")
    context = {"form": form, "organisation": organisation, "listing": listing}
    return render(request, TEMPLATES + "edit.html", context)


urlpatterns = [
    path("raadgivere/", adviser_list, name="advisers"),
    path("raadgivere/<int:org_pk>/", adviser_detail, name="adviser_detail"),
    path("raadgivere/<int:org_pk>/rediger/", adviser_edit, name="adviser_edit"),
]
