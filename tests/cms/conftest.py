"""Page trees and people for the cms tests."""

import pytest
from wagtail.models import Page

from cms.models import HomePage, NewsIndexPage, StandardPage
from cms.services import site_setup_demo
from organisations.models import User

PASSWORD = "Korrekt-Hest-Batteri-9"


@pytest.fixture
def home(db) -> HomePage:
    """The demo site: home page, standard pages, news, main menu and footer."""
    return site_setup_demo()


@pytest.fixture
def alice(db) -> User:
    return User.objects.create_user(
        email="alice@fjordbo.example", password=PASSWORD, first_name="Alice", last_name="Andersen"
    )


def standard_page_create(parent: Page, *, title: str, text: str, slug: str = "") -> StandardPage:
    page = StandardPage(
        title=title,
        slug=slug or None,
        intro="",
        body=[("paragraph", f"<p>{text}</p>")],
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def news_index(home: HomePage) -> NewsIndexPage:
    return NewsIndexPage.objects.child_of(home).get()
