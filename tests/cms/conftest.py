"""Page trees and people for the cms tests.

Alice here is an account without a membership and without a verified address (the pages under
test are the ones anyone with an account sees), so she is this app's own, built with the shared
world's factories.
"""

from __future__ import annotations

import pytest
from wagtail.models import Page

from cms.models import HomePage, NewsIndexPage, StandardPage
from cms.services import site_setup_demo
from organisations.models import User
from tests.factories import UserFactory, add_child
from tests.factories.organisations import PASSWORD

__all__ = ["PASSWORD", "news_index", "standard_page_create"]


@pytest.fixture
def home(db: None) -> HomePage:
    """The demo site: home page, standard pages, news, main menu and footer."""
    return site_setup_demo()


@pytest.fixture
def alice(db: None) -> User:
    return UserFactory.create(
        email="alice@fjordbo.example",
        first_name="Alice",
        last_name="Andersen",
        verified_email=False,
    )


def standard_page_create(parent: Page, *, title: str, text: str, slug: str = "") -> StandardPage:
    page = StandardPage(
        title=title, slug=slug or None, intro="", body=[("paragraph", f"<p>{text}</p>")]
    )
    return add_child(parent, page)


def news_index(home: HomePage) -> NewsIndexPage:
    return NewsIndexPage.objects.child_of(home).get()
