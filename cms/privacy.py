"""The cms app holds no personal data: pages, menus and the site's own contact details
(a shared address and switchboard, not a person's) are declared as such (core.privacy)."""

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
from core.privacy import register

LINK = ("id", "sort_order", "label", "link_page", "link_url", "text")

register(HomePage, other=("hero_heading", "intro"))
register(HomePageFeaturedLink, other=(*LINK, "page"))
register(StandardPage, other=("intro", "body"))
register(NewsIndexPage, other=("intro",))
register(NewsPage, other=("date", "intro", "body"))
register(
    SiteSettings, other=("id", "site", "organisation_name", "contact_email", "phone", "address")
)
register(FooterLink, other=(*LINK[:-1], "setting"))
register(MainMenu, other=("id", "site"))
register(MainMenuItem, other=(*LINK[:-1], "menu"))
