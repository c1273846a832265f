"""Template tags for the site layout: main menu, the person's own places, footer links and
search excerpts."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, Site

from cms.models import LinkFields, MainMenu, SiteSettings

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest

register = template.Library()

EXCERPT_WORDS = 30


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool = False
    # A count shown beside the label (requests waiting); None shows nothing.
    badge: int | None = None


def _is_active(request: HttpRequest | None, url: str) -> bool:
    if request is None or not url.startswith("/"):
        return False
    if url == "/":
        return request.path == "/"
    return request.path.startswith(url)


def _nav_links(request: HttpRequest | None, items: Iterable[LinkFields]) -> list[NavLink]:
    links = []
    for item in items:
        url = item.get_link_url(request)
        if url:
            links.append(NavLink(label=item.label, url=url, active=_is_active(request, url)))
    return links


def _cached(request: HttpRequest | None, key: str, build: Any) -> list[NavLink]:
    """Build once per request: a template may ask more than once."""
    if request is None:
        return []
    cache: dict[str, list[NavLink]] = request.__dict__.setdefault("_cms_nav_cache", {})
    if key not in cache:
        cache[key] = build()
    return cache[key]


@register.simple_tag(takes_context=True)
def main_menu_links(context: template.Context) -> list[NavLink]:
    """The main menu of the current site as ``NavLink``s (label, url, active)."""
    request = context.get("request")

    def build() -> list[NavLink]:
        if request is None or Site.find_for_request(request) is None:
            return []
        menu = MainMenu.for_request(request)
        return _nav_links(request, menu.items.select_related("link_page"))

    return _cached(request, "main_menu", build)


@register.simple_tag(takes_context=True)
def footer_links(context: template.Context) -> list[NavLink]:
    """The footer links of the current site as ``NavLink``s."""
    request = context.get("request")

    def build() -> list[NavLink]:
        if request is None or Site.find_for_request(request) is None:
            return []
        settings = SiteSettings.for_request(request)
        return _nav_links(request, settings.footer_links.select_related("link_page"))

    return _cached(request, "footer", build)


@register.simple_tag(takes_context=True)
def personal_links(context: template.Context) -> list[NavLink]:
    """The logged-in person's own places, by what they are: their start page, the approvals
    (with the number waiting) for HR and managers, their competences, the competence overview
    of each organisation they are HR or a manager in, building projects, and the editors' admin.

    Built once per request in a fixed number of queries: the memberships (cached on the user),
    one count for approvers, one existence check for people without an oversight role, and the
    admin permission (cached on the user).
    """
    request = context.get("request")
    # No user on a request refused before the authentication middleware (a bad Host: the 400).
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return []
    return _cached(request, "personal", lambda: _personal_links(request))


def _personal_links(request: HttpRequest) -> list[NavLink]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from courses.selectors import pending_approval_count
    from onsite.access import projects_for
    from organisations import access
    from processes import access as process_access
    from rooms import access as room_access

    user = request.user
    links = [NavLink(_("Min side"), reverse("min_side"))]
    if access.approver_organisation_ids(user):
        count = pending_approval_count(user)
        links.append(NavLink(_("Godkendelser"), reverse("approvals"), badge=count or None))
    links.append(NavLink(_("Kompetencer"), reverse("competencies:overview")))
    carers = [
        m.organisation for m in access.active_memberships(user) if m.roles & {"hr", "manager"}
    ]
    for organisation in carers[:2]:
        label = (
            _("Kompetenceoverblik")
            if len(carers) == 1
            else _("Overblik: %(organisation)s") % {"organisation": organisation.name}
        )
        url = reverse("competencies:dashboard", kwargs={"org_pk": organisation.pk})
        links.append(NavLink(label, url))
    oversight = access.organisation_ids_with_any_role(user, ("project_leader", "hr", "manager"))
    if oversight or projects_for(user).exists():
        links.append(NavLink(_("Byggesager"), reverse("onsite:project_list")))
    if process_access.lead_organisation_ids(user) or process_access.processes_for(user).exists():
        links.append(NavLink(_("Forløb"), reverse("processes:list")))
    # Those who may create rooms see the link without a query (their roles are read already).
    if room_access.may_create_room(user) or room_access.rooms_for(user).exists():
        links.append(NavLink(_("Projektrum"), reverse("rooms:list")))
    if user.has_perm("wagtailadmin.access_admin"):
        links.append(NavLink(_("Redaktion"), reverse("wagtailadmin_home")))
    return _mark_current(request, links)


def _mark_current(request: HttpRequest, links: list[NavLink]) -> list[NavLink]:
    """Mark the one link the page belongs to: the longest that the path starts with. Nested
    places (Kompetencer /kompetencer/, the overview /kompetencer/organisation/1/) must not
    both say ``aria-current``."""
    matching = [link.url for link in links if _is_active(request, link.url)]
    current = max(matching, key=len, default=None)
    return [dataclasses.replace(link, active=link.url == current) for link in links]


@register.filter
def search_excerpt(page: Page) -> str:
    """A short plain-text summary of a page for search results and listings."""
    text = page.search_description or getattr(page, "intro", "") or ""
    if not isinstance(text, str):
        # A RichText value or similar: use its HTML source.
        text = getattr(text, "source", "") or ""
    return Truncator(strip_tags(text)).words(EXCERPT_WORDS)


@register.simple_tag
def elided_page_range(page_obj: Any) -> Any:
    """Page numbers around the current page, with the paginator's ellipsis for the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
