"""site_setup_demo: the demo site, set up once."""

import pytest
from wagtail.models import Page, PageLogEntry, Revision, Site

from cms.models import (
    FooterLink,
    HomePage,
    HomePageFeaturedLink,
    MainMenu,
    MainMenuItem,
    NewsPage,
    SiteSettings,
    StandardPage,
)
from cms.services import site_setup_demo

pytestmark = pytest.mark.django_db

COUNTED = [
    Page,
    Revision,
    PageLogEntry,
    Site,
    SiteSettings,
    FooterLink,
    MainMenu,
    MainMenuItem,
    HomePageFeaturedLink,
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_it_replaces_wagtails_welcome_page_with_our_home_page():
    home = site_setup_demo()

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == home
    assert isinstance(home, HomePage)
    assert not Page.objects.filter(depth=2, slug="home").exists()
    assert Site.objects.count() == 1


def test_it_creates_the_pages_menu_and_footer():
    home = site_setup_demo()

    titles = set(StandardPage.objects.live().values_list("title", flat=True))
    assert titles == {"Om AlmenLæring", "Tilgængelighedserklæring"}
    assert NewsPage.objects.live().descendant_of(home).count() == 3
    site = Site.objects.get(is_default_site=True)
    menu = MainMenu.for_site(site)
    assert [item.label for item in menu.items.all()] == [
        "Forside",
        "Kurser",
        "Vejledninger",
        "Erfaringer",
        "Nyheder",
        "Arrangementer",
        "Om AlmenLæring",
    ]
    settings = SiteSettings.for_site(site)
    assert settings.contact_email
    assert "Tilgængelighedserklæring" in [link.label for link in settings.footer_links.all()]


def test_running_it_twice_changes_nothing():
    first = site_setup_demo()
    before = counts()

    second = site_setup_demo()

    assert second.pk == first.pk
    assert counts() == before


def test_it_leaves_an_editors_changes_alone():
    home = site_setup_demo()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+45 99 99 99 99"
    settings.save()
    MainMenuItem.objects.filter(label="Vejledninger").delete()

    site_setup_demo()

    settings.refresh_from_db()
    assert settings.phone == "+45 99 99 99 99"
    assert not MainMenuItem.objects.filter(label="Vejledninger").exists()
    assert HomePage.objects.get().pk == home.pk


def test_the_featured_links_are_in_the_published_revision():
    home = site_setup_demo()

    latest = home.get_latest_revision_as_object()

    assert [link.label for link in latest.featured_links.all()] == [
        link.label for link in home.featured_links.all()
    ]
