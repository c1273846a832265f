"""The adviser register (anbefaling 4): choose consultants by their documented guide competence.

Members of any organisation search the consultant organisations that have listed themselves;
a consultant organisation's HR or manager edits its own listing. People are shown with the
guide competences their valid evidence documents — never the evidence documents themselves.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from competencies import adviser_register, services
from competencies.forms.advisers import AdviserListingForm, AdviserSearchForm
from competencies.models import AdviserListing
from organisations import access
from organisations.models import Role, User

PAGE_SIZE = 20
PEOPLE_PER_ORGANISATION = 5
PEOPLE_PAGE_SIZE = 50
TEMPLATES = "competencies/advisers/"


def _require_member(request: HttpRequest) -> None:
    """The register is for people of an organisation; anyone else finds nothing here."""
    if not access.organisation_ids_with_any_role(request.user, tuple(Role.values)):
        raise Http404


@login_required
def adviser_list(request: HttpRequest) -> HttpResponse:
    _require_member(request)
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
        "own_consultancies": adviser_register.consultant_organisations_edited_by(request.user),
    }
    return render(request, TEMPLATES + "list.html", context)


@login_required
def adviser_detail(request: HttpRequest, org_pk: int) -> HttpResponse:
    _require_member(request)
    listing = adviser_register.get_listed_adviser(org_pk)
    page = Paginator(
        adviser_register.adviser_people(listing.organisation), PEOPLE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "listing": listing,
        "page": page,
        "people": adviser_register.with_documented_competences(page),
        "can_edit": bool(
            access.roles_in(request.user, listing.organisation_id) & {Role.HR, Role.MANAGER}
        ),
    }
    return render(request, TEMPLATES + "detail.html", context)


@login_required
def adviser_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = adviser_register.get_consultant_for_listing_editor(request.user, org_pk)
    listing = AdviserListing.objects.filter(organisation=organisation).first()
    form = AdviserListingForm(
        request.POST or None, instance=listing or AdviserListing(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.adviser_listing_save(
                actor=cast(User, request.user), organisation=organisation, **form.service_values()
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
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
