"""Writes for the public site: setting up the demo content of a fresh installation."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, Site

from cms import demo_content as content
from cms.models import (
    FooterLink,
    HomePage,
    HomePageFeaturedLink,
    MainMenu,
    MainMenuItem,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
    StandardPage,
)

P = TypeVar("P", bound=Page)

# What Wagtail's own initial migration creates: a "Welcome" page and a site on localhost:80.
WAGTAIL_WELCOME_SLUG = "home"
DEFAULT_HOSTNAME = "localhost"
DEFAULT_PORT = 8000


@transaction.atomic
def site_setup_demo() -> HomePage:
    """Give the default site our home page, standard pages, news, main menu and footer.

    Idempotent: what exists already is left alone (also when an editor has changed it since), so a
    second run changes nothing. Returns the home page.
    """
    root = Page.get_first_root_node()
    home = _home_page_ensure(root)
    site = _default_site_ensure(home)
    _welcome_page_remove(root)

    about = _child_page_ensure(home, StandardPage, **content.ABOUT_PAGE)
    accessibility = _child_page_ensure(home, StandardPage, **content.ACCESSIBILITY_PAGE)
    news_index = _child_page_ensure(home, NewsIndexPage, **content.NEWS_INDEX_PAGE)
    for news in content.NEWS_PAGES:
        _child_page_ensure(news_index, NewsPage, **news)

    _featured_links_ensure(home, about=about)
    pages = {"home": home, "about": about, "news": news_index, "accessibility": accessibility}
    _main_menu_ensure(site, pages=pages)
    _site_settings_ensure(site, pages=pages)
    return home


def _home_page_ensure(root: Page) -> HomePage:
    home: HomePage | None = HomePage.objects.child_of(root).first()
    if home is not None:
        return home
    slug = content.HOME_PAGE["slug"]
    if root.get_children().filter(slug=slug).exists():
        slug = f"{slug}-almenlaering"
    return _page_create(root, HomePage, **{**content.HOME_PAGE, "slug": slug})


def _default_site_ensure(home: HomePage) -> Site:
    """Point the default site at ``home``, unless an editor has given it another home page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Site.objects.create(
            hostname=DEFAULT_HOSTNAME,
            port=DEFAULT_PORT,
            root_page=home,
            is_default_site=True,
            site_name="AlmenLæring",
        )
    changed = []
    if site.root_page_id != home.pk and not isinstance(site.root_page.specific, HomePage):
        site.root_page = home
        changed.append("root_page")
    if not site.site_name:
        site.site_name = "AlmenLæring"
        changed.append("site_name")
    if (site.hostname, site.port) == (DEFAULT_HOSTNAME, 80):
        # Wagtail's initial site; the development server runs on port 8000.
        site.port = DEFAULT_PORT
        changed.append("port")
    if changed:
        site.save(update_fields=changed)
    return site


def _welcome_page_remove(root: Page) -> None:
    """Delete Wagtail's placeholder "Welcome" page once no site uses it."""
    base_type = ContentType.objects.get_for_model(Page)
    welcome = (
        Page.objects.child_of(root)
        .filter(slug=WAGTAIL_WELCOME_SLUG, content_type=base_type, numchild=0)
        .exclude(sites_rooted_here__isnull=False)
        .first()
    )
    if welcome is not None:
        welcome.delete()


def _child_page_ensure(parent: Page, model: type[P], *, slug: str, **fields: Any) -> P:
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        specific: P = existing.specific
        return specific
    return _page_create(parent, model, slug=slug, **fields)


def _page_create(parent: Page, model: type[P], **fields: Any) -> P:
    page: P = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _featured_links_ensure(home: HomePage, *, about: StandardPage) -> None:
    if home.featured_links.exists():
        return
    home.featured_links = [
        HomePageFeaturedLink(
            label=link["label"],
            text=link["text"],
            link_url=link.get("url", ""),
            link_page=about if link.get("page") == "about" else None,
        )
        for link in content.FEATURED_LINKS
    ]
    # Through a revision, so that the editor sees the links when opening the page in the admin.
    home.save_revision().publish()


def _main_menu_ensure(site: Site, *, pages: dict[str, Page]) -> None:
    menu = MainMenu.for_site(site)
    if menu.items.exists():
        return
    menu.items = [
        MainMenuItem(
            label=label, link_page=pages.get(target), link_url="" if target in pages else target
        )
        for label, target in content.MAIN_MENU
    ]
    menu.save()


def _site_settings_ensure(site: Site, *, pages: dict[str, Page]) -> None:
    settings = SiteSettings.for_site(site)
    changed = [name for name, value in content.CONTACT.items() if not getattr(settings, name)]
    for name in changed:
        setattr(settings, name, content.CONTACT[name])
    if not settings.footer_links.exists():
        settings.footer_links = [
            FooterLink(label=label, link_page=pages[target])
            for label, target in content.FOOTER_LINKS
        ]
        settings.save()
    elif changed:
        settings.save(update_fields=changed)
